-- CreateTable
CREATE TABLE "feed_entries" (
    "seq" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "signal_id" UUID NOT NULL,
    "event_id" UUID,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "feed_entries_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "feed_entries_created_at_idx" ON "feed_entries"("created_at");

-- CreateIndex
CREATE INDEX "outbox_messages_target_sent_at_idx" ON "outbox_messages"("target", "sent_at");

-- AddForeignKey
ALTER TABLE "feed_entries" ADD CONSTRAINT "feed_entries_signal_id_fkey" FOREIGN KEY ("signal_id") REFERENCES "signals"("id") ON DELETE CASCADE ON UPDATE CASCADE;


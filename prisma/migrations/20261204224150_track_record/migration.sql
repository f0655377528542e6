-- CreateTable
CREATE TABLE "track_record" (
    "seq" INTEGER NOT NULL,
    "signal_id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "record" TEXT NOT NULL,
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "track_record_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "track_record_event_id_key" ON "track_record"("event_id");

-- CreateIndex
CREATE UNIQUE INDEX "track_record_hash_key" ON "track_record"("hash");

-- CreateIndex
CREATE INDEX "track_record_created_at_idx" ON "track_record"("created_at");


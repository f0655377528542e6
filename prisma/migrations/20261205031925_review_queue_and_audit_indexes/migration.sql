-- AlterTable
ALTER TABLE "unparsed_messages" ADD COLUMN     "resolution" TEXT,
ADD COLUMN     "resolved_at" TIMESTAMP(3),
ADD COLUMN     "resolved_by_id" INTEGER,
ADD COLUMN     "signal_id" UUID;

-- CreateIndex
CREATE INDEX "audit_events_action_created_at_idx" ON "audit_events"("action", "created_at");

-- CreateIndex
CREATE INDEX "audit_events_actor_id_created_at_idx" ON "audit_events"("actor_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_events_target_created_at_idx" ON "audit_events"("target", "created_at");

-- CreateIndex
CREATE INDEX "unparsed_messages_resolution_id_idx" ON "unparsed_messages"("resolution", "id");


-- AlterTable
ALTER TABLE "signals" ADD COLUMN     "body_hash" TEXT;

-- CreateIndex
CREATE INDEX "signals_source_body_hash_created_at_idx" ON "signals"("source", "body_hash", "created_at");


-- AlterTable
ALTER TABLE "track_record" ALTER COLUMN "event_id" DROP NOT NULL;


-- One publication link per signal.
CREATE UNIQUE INDEX "track_record_published_signal_key" ON "track_record"("signal_id") WHERE "event_id" IS NULL;

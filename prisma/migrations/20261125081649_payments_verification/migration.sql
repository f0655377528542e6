-- AlterTable
ALTER TABLE "payments" ADD COLUMN     "check_deadline" TIMESTAMP(3),
ADD COLUMN     "next_check_at" TIMESTAMP(3),
ADD COLUMN     "paid_at" TIMESTAMP(3),
ADD COLUMN     "rejected_at" TIMESTAMP(3),
ADD COLUMN     "valid_till" TIMESTAMP(3),
ADD COLUMN     "verification" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "user_notifications" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "read_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_notifications_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "user_notifications_dedupe_key_key" ON "user_notifications"("dedupe_key");

-- CreateIndex
CREATE INDEX "user_notifications_user_id_id_idx" ON "user_notifications"("user_id", "id");

-- CreateIndex
CREATE INDEX "payments_status_next_check_at_idx" ON "payments"("status", "next_check_at");

-- AddForeignKey
ALTER TABLE "user_notifications" ADD CONSTRAINT "user_notifications_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;


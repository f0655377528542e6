-- AlterTable
ALTER TABLE "payments" ADD COLUMN     "submitted_email" TEXT,
ALTER COLUMN "user_id" DROP NOT NULL;

-- Until now every hash submission was made without a token: the waiting ones count as anonymous,
-- so strangers' made-up hashes no longer fill their owner's cap.
UPDATE "payments" p SET "submitted_email" = u."email" FROM "users" u WHERE u."id" = p."user_id" AND p."status" = 'PENDING';

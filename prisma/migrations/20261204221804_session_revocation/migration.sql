-- AlterTable
ALTER TABLE "users" ADD COLUMN     "token_version" INTEGER NOT NULL DEFAULT 0;


-- Every bearer request asks whether its token's refresh family was revoked: a partial index
-- holds only revoked rows, so the answer is one probe however long the family is. (Prisma's
-- schema cannot state a partial index; it lives here only.)
CREATE INDEX "refresh_tokens_revoked_family_idx" ON "refresh_tokens"("family_id") WHERE "revoked_at" IS NOT NULL;

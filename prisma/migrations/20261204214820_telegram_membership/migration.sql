-- AlterTable
ALTER TABLE "users" ADD COLUMN     "telegram_user_id" BIGINT,
ADD COLUMN     "telegram_username" TEXT,
ADD COLUMN     "vip_granted_at" TIMESTAMP(3),
ADD COLUMN     "vip_revoked_at" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "outbox_messages" ADD COLUMN     "method" TEXT NOT NULL DEFAULT 'sendMessage',
ADD COLUMN     "params" JSONB;

-- CreateTable
CREATE TABLE "telegram_link_tokens" (
    "id" SERIAL NOT NULL,
    "token_hash" TEXT NOT NULL,
    "user_id" INTEGER NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "used_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "telegram_link_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "telegram_group_members" (
    "chat_id" TEXT NOT NULL,
    "telegram_user_id" BIGINT NOT NULL,
    "username" TEXT,
    "status" TEXT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "telegram_group_members_pkey" PRIMARY KEY ("chat_id","telegram_user_id")
);

-- CreateTable
CREATE TABLE "telegram_invite_links" (
    "chat_id" TEXT NOT NULL,
    "invite_link" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "telegram_invite_links_pkey" PRIMARY KEY ("chat_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "telegram_link_tokens_token_hash_key" ON "telegram_link_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "telegram_link_tokens_user_id_idx" ON "telegram_link_tokens"("user_id");

-- CreateIndex
CREATE INDEX "telegram_group_members_chat_id_status_idx" ON "telegram_group_members"("chat_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "users_telegram_user_id_key" ON "users"("telegram_user_id");


-- CreateIndex
CREATE INDEX "users_referred_by_partner_id_idx" ON "users"("referred_by_partner_id");

-- CreateIndex
CREATE INDEX "partner_credits_partner_id_idx" ON "partner_credits"("partner_id");

-- CreateIndex
CREATE INDEX "positions_opened_at_status_idx" ON "positions"("opened_at", "status");

-- CreateIndex
CREATE INDEX "positions_closed_at_idx" ON "positions"("closed_at");


-- Written by hand (Prisma's schema has no partial indexes; documented on the models).
-- The drawdown's stake: every auto-trader's capital (users_overview_idx does not lead with the flag).
CREATE INDEX "users_auto_traders_idx" ON "users"("id") INCLUDE ("capital_usdt") WHERE "auto_trade_enabled";

-- The VIP group screen: the last removal error of each member, one index probe per member.
CREATE INDEX "outbox_messages_removal_errors_idx" ON "outbox_messages"("target", "id") WHERE "kind" = 'vip_remove' AND "last_error" IS NOT NULL;

-- The auto-trader screen: open copies, unprotected live first, newest first, a page at a time
-- (an ordered index scan that stops at the page instead of sorting every open position).
CREATE INDEX "positions_open_copies_idx" ON "positions"("protected", "opened_at" DESC, "id" DESC) WHERE "status" = 'OPEN';

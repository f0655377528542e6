-- DropIndex
DROP INDEX "payments_tx_hash_key";

-- CreateIndex
CREATE UNIQUE INDEX "payments_tx_hash_user_id_key" ON "payments"("tx_hash", "user_id");


-- A transaction pays once, ever. Several users may have submitted one hash (a payer, and someone
-- who copied it from the chain); only one of their payments can be confirmed.
CREATE UNIQUE INDEX "payments_tx_hash_confirmed_key" ON "payments"("tx_hash") WHERE "status" = 'CONFIRMED';

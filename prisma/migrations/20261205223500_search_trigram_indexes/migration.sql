-- Written by hand (Prisma's schema declares neither the extension nor operator-class GIN indexes
-- here; documented on the models). The admin lists search by substring — ILIKE '%…%' (Prisma's
-- `contains`, mode insensitive) — which a btree cannot serve: without these every search read all
-- of users (users, payments and auto-trader owner searches) and all of payments (hash prefix, as the
-- column's collation is not C). Trigram GIN indexes answer LIKE and ILIKE for terms of 3+ characters.
-- PGlite loads the extension only when its constructor is given it (server/db/embedded.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- users.list q, payments.list q (the payer), autoTrader.positions user, audit.list actor.
CREATE INDEX "users_email_trgm_idx" ON "users" USING gin ("email" gin_trgm_ops);
CREATE INDEX "users_username_trgm_idx" ON "users" USING gin ("username" gin_trgm_ops);

-- payments.list q: the hash's prefix (LIKE 'abc%').
CREATE INDEX "payments_tx_hash_trgm_idx" ON "payments" USING gin ("tx_hash" gin_trgm_ops);

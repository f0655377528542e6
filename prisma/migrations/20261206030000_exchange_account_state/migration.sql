-- What the platform learned of a user's live Binance account, kept for every process and restart
-- (server/exchange-connections/account-state.ts): the position mode the account is in, its leverage
-- caps per symbol (one GET /fapi/v1/leverageBracket), and the leverage and margin type set on each
-- symbol. A live entry then spends none of the IP's shared request weight re-learning or re-setting
-- them. account_ref names the account (a digest of the mode and the sealed API key): new keys or
-- another mode describe another account, and everything here is ignored until learned again.
CREATE TABLE "exchange_account_state" (
    "user_id" INTEGER NOT NULL,
    "account_ref" TEXT NOT NULL,
    "hedge_mode" BOOLEAN,
    "leverage_caps" JSONB,
    "leverage_caps_at" TIMESTAMP(3),
    "symbol_settings" JSONB NOT NULL DEFAULT '{}',
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "exchange_account_state_pkey" PRIMARY KEY ("user_id")
);

ALTER TABLE "exchange_account_state" ADD CONSTRAINT "exchange_account_state_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');

-- CreateEnum
CREATE TYPE "Plan" AS ENUM ('TRIAL', 'VIP', 'PREMIUM');

-- CreateEnum
CREATE TYPE "SizingMode" AS ENUM ('FIXED', 'RISK');

-- CreateEnum
CREATE TYPE "TradeType" AS ENUM ('SPOT', 'FUTURES');

-- CreateEnum
CREATE TYPE "Direction" AS ENUM ('LONG', 'SHORT');

-- CreateEnum
CREATE TYPE "SignalDuration" AS ENUM ('SHORT', 'LONG');

-- CreateEnum
CREATE TYPE "SignalSource" AS ENUM ('ADMIN', 'API', 'WEBHOOK', 'TELEGRAM');

-- CreateEnum
CREATE TYPE "SignalStatus" AS ENUM ('OPEN', 'TP_PARTIAL', 'HIT_TP', 'HIT_SL', 'CANCELLED', 'CLOSED');

-- CreateEnum
CREATE TYPE "SignalEventType" AS ENUM ('TP_HIT', 'ALL_TP', 'SL_HIT', 'CANCELLED', 'CLOSED');

-- CreateEnum
CREATE TYPE "PaymentStatus" AS ENUM ('PENDING', 'CONFIRMED', 'REJECTED');

-- CreateEnum
CREATE TYPE "ExchangeMode" AS ENUM ('PAPER', 'BINANCE_TESTNET', 'BINANCE_MAINNET');

-- CreateEnum
CREATE TYPE "MarginMode" AS ENUM ('ISOLATED', 'CROSSED');

-- CreateEnum
CREATE TYPE "PositionStatus" AS ENUM ('OPEN', 'CLOSED', 'FAILED');

-- CreateEnum
CREATE TYPE "OrderKind" AS ENUM ('ENTRY', 'TAKE_PROFIT', 'STOP_LOSS', 'CLOSE');

-- CreateEnum
CREATE TYPE "OrderSide" AS ENUM ('BUY', 'SELL');

-- CreateEnum
CREATE TYPE "OrderStatus" AS ENUM ('NEW', 'OPEN', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'REJECTED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- CreateTable
CREATE TABLE "users" (
    "id" SERIAL NOT NULL,
    "username" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'USER',
    "plan" "Plan" NOT NULL DEFAULT 'TRIAL',
    "plan_expires_at" TIMESTAMP(3),
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "referred_by_partner_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "telegram_handle" TEXT,
    "notify_signals" BOOLEAN NOT NULL DEFAULT true,
    "notify_trades" BOOLEAN NOT NULL DEFAULT true,
    "notify_payments" BOOLEAN NOT NULL DEFAULT true,
    "capital_usdt" DECIMAL(20,8) NOT NULL DEFAULT 100,
    "per_trade_usdt" DECIMAL(20,8) NOT NULL DEFAULT 5,
    "leverage" INTEGER NOT NULL DEFAULT 5,
    "max_concurrent_trades" INTEGER NOT NULL DEFAULT 5,
    "max_daily_trades" INTEGER NOT NULL DEFAULT 50,
    "max_account_exposure_pct" DECIMAL(5,2) NOT NULL DEFAULT 80,
    "per_symbol_limit" INTEGER NOT NULL DEFAULT 5,
    "cooldown_minutes" INTEGER NOT NULL DEFAULT 15,
    "daily_loss_limit_pct" DECIMAL(5,2) NOT NULL DEFAULT 25,
    "reduce_to_fit_exposure" BOOLEAN NOT NULL DEFAULT false,
    "sizing_mode" "SizingMode" NOT NULL DEFAULT 'FIXED',
    "risk_per_trade_pct" DECIMAL(5,2) NOT NULL DEFAULT 1,
    "auto_trade_enabled" BOOLEAN NOT NULL DEFAULT false,
    "tp_split" DECIMAL(5,2)[] DEFAULT ARRAY[]::DECIMAL(5,2)[],
    "move_sl_to_entry_after_tp1" BOOLEAN NOT NULL DEFAULT false,
    "trailing_stop_enabled" BOOLEAN NOT NULL DEFAULT false,
    "trailing_stop_pct" DECIMAL(5,2) NOT NULL DEFAULT 1,
    "allowed_trade_types" "TradeType"[] DEFAULT ARRAY['FUTURES']::"TradeType"[],
    "dca_enabled" BOOLEAN NOT NULL DEFAULT false,
    "dca_steps" INTEGER NOT NULL DEFAULT 0,
    "dca_step_pct" DECIMAL(5,2) NOT NULL DEFAULT 1,
    "dca_size_multiplier" DECIMAL(6,3) NOT NULL DEFAULT 1,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refresh_tokens" (
    "id" UUID NOT NULL,
    "user_id" INTEGER NOT NULL,
    "family_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "rotated_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "refresh_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limit_buckets" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "rate_limit_buckets_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" SERIAL NOT NULL,
    "actor_id" INTEGER,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "signals" (
    "id" UUID NOT NULL,
    "symbol" TEXT NOT NULL,
    "direction" "Direction" NOT NULL,
    "entry_low" DECIMAL(30,12) NOT NULL,
    "entry_high" DECIMAL(30,12) NOT NULL,
    "targets" DECIMAL(30,12)[],
    "stop_loss" DECIMAL(30,12) NOT NULL,
    "leverage" INTEGER NOT NULL DEFAULT 1,
    "confidence" INTEGER,
    "trade_type" "TradeType" NOT NULL DEFAULT 'FUTURES',
    "duration" "SignalDuration" NOT NULL DEFAULT 'SHORT',
    "source" "SignalSource" NOT NULL,
    "external_id" TEXT,
    "status" "SignalStatus" NOT NULL DEFAULT 'OPEN',
    "targets_hit" INTEGER NOT NULL DEFAULT 0,
    "realized_profit_pct" DECIMAL(12,4) NOT NULL DEFAULT 0,
    "created_by_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMP(3),

    CONSTRAINT "signals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "signal_events" (
    "id" UUID NOT NULL,
    "signal_id" UUID NOT NULL,
    "type" "SignalEventType" NOT NULL,
    "target_index" INTEGER,
    "price" DECIMAL(30,12),
    "profit_pct" DECIMAL(12,4),
    "dedupe_key" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "signal_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "unparsed_messages" (
    "id" SERIAL NOT NULL,
    "chat_id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "unparsed_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payments" (
    "id" UUID NOT NULL,
    "user_id" INTEGER NOT NULL,
    "plan" "Plan" NOT NULL,
    "provider" TEXT NOT NULL DEFAULT 'TRC20',
    "network" TEXT NOT NULL DEFAULT 'TRC20',
    "tx_hash" TEXT NOT NULL,
    "expected_amount" DECIMAL(20,6) NOT NULL,
    "paid_amount" DECIMAL(20,6),
    "status" "PaymentStatus" NOT NULL DEFAULT 'PENDING',
    "reason" TEXT,
    "check_attempts" INTEGER NOT NULL DEFAULT 0,
    "last_checked_at" TIMESTAMP(3),
    "reviewed_by_id" INTEGER,
    "confirmed_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "partners" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "telegram_handle" TEXT,
    "email" TEXT,
    "referral_code" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "partners_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "partner_credits" (
    "id" SERIAL NOT NULL,
    "partner_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "payment_id" UUID NOT NULL,
    "amount" DECIMAL(20,6) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "partner_credits_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "exchange_connections" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "provider" TEXT NOT NULL DEFAULT 'binance_futures',
    "mode" "ExchangeMode" NOT NULL DEFAULT 'PAPER',
    "api_key_enc" TEXT,
    "api_secret_enc" TEXT,
    "secrets_key_id" TEXT,
    "leverage_default" INTEGER NOT NULL DEFAULT 5,
    "margin_mode" "MarginMode" NOT NULL DEFAULT 'ISOLATED',
    "hedge_mode" BOOLEAN NOT NULL DEFAULT false,
    "validated_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "exchange_connections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "positions" (
    "id" UUID NOT NULL,
    "user_id" INTEGER NOT NULL,
    "signal_id" UUID,
    "symbol" TEXT NOT NULL,
    "direction" "Direction" NOT NULL,
    "mode" "ExchangeMode" NOT NULL,
    "status" "PositionStatus" NOT NULL DEFAULT 'OPEN',
    "leverage" INTEGER NOT NULL,
    "entry_price" DECIMAL(30,12),
    "qty" DECIMAL(30,12) NOT NULL,
    "remaining_qty" DECIMAL(30,12) NOT NULL,
    "notional" DECIMAL(30,12) NOT NULL,
    "margin" DECIMAL(30,12) NOT NULL,
    "stop_loss" DECIMAL(30,12),
    "targets" DECIMAL(30,12)[],
    "realized_pnl" DECIMAL(30,12) NOT NULL DEFAULT 0,
    "fees" DECIMAL(30,12) NOT NULL DEFAULT 0,
    "filled_at_signal_price" BOOLEAN NOT NULL DEFAULT false,
    "close_reason" TEXT,
    "failure_reason" TEXT,
    "opened_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMP(3),

    CONSTRAINT "positions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "orders" (
    "id" UUID NOT NULL,
    "position_id" UUID NOT NULL,
    "user_id" INTEGER NOT NULL,
    "client_order_id" TEXT NOT NULL,
    "exchange_order_id" TEXT,
    "kind" "OrderKind" NOT NULL,
    "side" "OrderSide" NOT NULL,
    "type" TEXT NOT NULL,
    "target_index" INTEGER,
    "qty" DECIMAL(30,12) NOT NULL,
    "price" DECIMAL(30,12),
    "trigger_price" DECIMAL(30,12),
    "reduce_only" BOOLEAN NOT NULL DEFAULT false,
    "status" "OrderStatus" NOT NULL DEFAULT 'NEW',
    "filled_qty" DECIMAL(30,12) NOT NULL DEFAULT 0,
    "avg_price" DECIMAL(30,12),
    "error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fills" (
    "id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "trade_id" TEXT NOT NULL,
    "qty" DECIMAL(30,12) NOT NULL,
    "price" DECIMAL(30,12) NOT NULL,
    "fee" DECIMAL(30,12) NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fills_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "executed_trades" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "symbol" TEXT NOT NULL,
    "side" "OrderSide" NOT NULL,
    "qty" DECIMAL(30,12) NOT NULL,
    "price" DECIMAL(30,12) NOT NULL,
    "result" TEXT,
    "executed_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "executed_trades_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "daily_pnl" (
    "user_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "trades" INTEGER NOT NULL DEFAULT 0,
    "wins" INTEGER NOT NULL DEFAULT 0,
    "losses" INTEGER NOT NULL DEFAULT 0,
    "realized_pnl" DECIMAL(30,12) NOT NULL DEFAULT 0,
    "realized_pct" DECIMAL(12,4) NOT NULL DEFAULT 0,
    "last_loss_at" TIMESTAMP(3),

    CONSTRAINT "daily_pnl_pkey" PRIMARY KEY ("user_id","day")
);

-- CreateTable
CREATE TABLE "risk_events" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER,
    "kind" TEXT NOT NULL,
    "symbol" TEXT,
    "reason" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "risk_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "safety_state" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "kill_switch" BOOLEAN NOT NULL DEFAULT false,
    "reason" TEXT,
    "changed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "changed_by_id" INTEGER,
    "recovering_since" TIMESTAMP(3),

    CONSTRAINT "safety_state_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_messages" (
    "id" BIGSERIAL NOT NULL,
    "channel" TEXT NOT NULL DEFAULT 'telegram',
    "target" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "dedupe_key" TEXT NOT NULL,
    "status" "OutboxStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "sent_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "daily_reports" (
    "day" DATE NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "daily_reports_pkey" PRIMARY KEY ("day")
);

-- CreateTable
CREATE TABLE "job_runs" (
    "name" TEXT NOT NULL,
    "last_run_at" TIMESTAMP(3) NOT NULL,
    "last_status" TEXT NOT NULL,
    "last_error" TEXT,
    "run_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "job_runs_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_username_key" ON "users"("username");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "users_plan_idx" ON "users"("plan");

-- CreateIndex
CREATE INDEX "users_created_at_idx" ON "users"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "refresh_tokens_token_hash_key" ON "refresh_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "refresh_tokens_family_id_idx" ON "refresh_tokens"("family_id");

-- CreateIndex
CREATE INDEX "refresh_tokens_user_id_idx" ON "refresh_tokens"("user_id");

-- CreateIndex
CREATE INDEX "audit_events_created_at_idx" ON "audit_events"("created_at");

-- CreateIndex
CREATE INDEX "signals_created_at_idx" ON "signals"("created_at");

-- CreateIndex
CREATE INDEX "signals_symbol_status_idx" ON "signals"("symbol", "status");

-- CreateIndex
CREATE UNIQUE INDEX "signals_source_external_id_key" ON "signals"("source", "external_id");

-- CreateIndex
CREATE INDEX "signal_events_created_at_idx" ON "signal_events"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "signal_events_signal_id_dedupe_key_key" ON "signal_events"("signal_id", "dedupe_key");

-- CreateIndex
CREATE UNIQUE INDEX "unparsed_messages_chat_id_message_id_key" ON "unparsed_messages"("chat_id", "message_id");

-- CreateIndex
CREATE UNIQUE INDEX "payments_tx_hash_key" ON "payments"("tx_hash");

-- CreateIndex
CREATE INDEX "payments_user_id_created_at_idx" ON "payments"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "payments_status_idx" ON "payments"("status");

-- CreateIndex
CREATE UNIQUE INDEX "partners_referral_code_key" ON "partners"("referral_code");

-- CreateIndex
CREATE UNIQUE INDEX "partner_credits_user_id_key" ON "partner_credits"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "partner_credits_payment_id_key" ON "partner_credits"("payment_id");

-- CreateIndex
CREATE UNIQUE INDEX "exchange_connections_user_id_key" ON "exchange_connections"("user_id");

-- CreateIndex
CREATE INDEX "positions_user_id_status_idx" ON "positions"("user_id", "status");

-- CreateIndex
CREATE INDEX "positions_status_symbol_idx" ON "positions"("status", "symbol");

-- CreateIndex
CREATE UNIQUE INDEX "positions_user_id_signal_id_key" ON "positions"("user_id", "signal_id");

-- CreateIndex
CREATE UNIQUE INDEX "orders_client_order_id_key" ON "orders"("client_order_id");

-- CreateIndex
CREATE INDEX "orders_position_id_idx" ON "orders"("position_id");

-- CreateIndex
CREATE INDEX "orders_status_idx" ON "orders"("status");

-- CreateIndex
CREATE UNIQUE INDEX "fills_order_id_trade_id_key" ON "fills"("order_id", "trade_id");

-- CreateIndex
CREATE INDEX "executed_trades_user_id_executed_at_idx" ON "executed_trades"("user_id", "executed_at");

-- CreateIndex
CREATE INDEX "risk_events_created_at_idx" ON "risk_events"("created_at");

-- CreateIndex
CREATE INDEX "risk_events_kind_created_at_idx" ON "risk_events"("kind", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_messages_dedupe_key_key" ON "outbox_messages"("dedupe_key");

-- CreateIndex
CREATE INDEX "outbox_messages_status_target_id_idx" ON "outbox_messages"("status", "target", "id");

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_referred_by_partner_id_fkey" FOREIGN KEY ("referred_by_partner_id") REFERENCES "partners"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refresh_tokens" ADD CONSTRAINT "refresh_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "signals" ADD CONSTRAINT "signals_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "signal_events" ADD CONSTRAINT "signal_events_signal_id_fkey" FOREIGN KEY ("signal_id") REFERENCES "signals"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_reviewed_by_id_fkey" FOREIGN KEY ("reviewed_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "partner_credits" ADD CONSTRAINT "partner_credits_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "partner_credits" ADD CONSTRAINT "partner_credits_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "partner_credits" ADD CONSTRAINT "partner_credits_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exchange_connections" ADD CONSTRAINT "exchange_connections_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "positions" ADD CONSTRAINT "positions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "positions" ADD CONSTRAINT "positions_signal_id_fkey" FOREIGN KEY ("signal_id") REFERENCES "signals"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_position_id_fkey" FOREIGN KEY ("position_id") REFERENCES "positions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fills" ADD CONSTRAINT "fills_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "executed_trades" ADD CONSTRAINT "executed_trades_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "daily_pnl" ADD CONSTRAINT "daily_pnl_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_events" ADD CONSTRAINT "risk_events_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Invariants Prisma's schema language cannot state: the database refuses absurd values even
-- if a code path forgets to validate.
ALTER TABLE "users" ADD CONSTRAINT "users_leverage_range" CHECK ("leverage" BETWEEN 1 AND 125);
ALTER TABLE "users" ADD CONSTRAINT "users_max_concurrent_range" CHECK ("max_concurrent_trades" BETWEEN 1 AND 50);
ALTER TABLE "users" ADD CONSTRAINT "users_money_non_negative" CHECK ("capital_usdt" >= 0 AND "per_trade_usdt" >= 0);
ALTER TABLE "payments" ADD CONSTRAINT "payments_amount_positive" CHECK ("expected_amount" > 0);
ALTER TABLE "payments" ADD CONSTRAINT "payments_tx_hash_format" CHECK ("tx_hash" ~ '^[0-9a-f]{64}$');
ALTER TABLE "orders" ADD CONSTRAINT "orders_qty_positive" CHECK ("qty" > 0);
ALTER TABLE "positions" ADD CONSTRAINT "positions_qty_non_negative" CHECK ("qty" >= 0 AND "remaining_qty" >= 0 AND "remaining_qty" <= "qty");
ALTER TABLE "safety_state" ADD CONSTRAINT "safety_state_singleton" CHECK ("id" = 1);
INSERT INTO "safety_state" ("id") VALUES (1);
-- Usernames are unique regardless of case ("Alice" and "alice" are one name).
CREATE UNIQUE INDEX "users_username_lower_key" ON "users" (lower("username"));

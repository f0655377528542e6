-- AlterTable
ALTER TABLE "positions" ADD COLUMN     "entry_ack_at" TIMESTAMP(3),
ADD COLUMN     "entry_latency_ms" INTEGER,
ADD COLUMN     "failure_code" TEXT,
ADD COLUMN     "next_tp_price" DECIMAL(30,12),
ADD COLUMN     "pnl_pct" DECIMAL(12,4) NOT NULL DEFAULT 0,
ADD COLUMN     "protected" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "signal_entry_price" DECIMAL(30,12),
ADD COLUMN     "slippage_pct" DECIMAL(12,6),
ADD COLUMN     "targets_hit" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "mark_prices" (
    "symbol" TEXT NOT NULL,
    "price" DECIMAL(30,12) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "mark_prices_pkey" PRIMARY KEY ("symbol")
);

-- CreateTable
CREATE TABLE "service_status" (
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "last_ok_at" TIMESTAMP(3),
    "last_error" TEXT,
    "last_error_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "service_status_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "positions_signal_id_status_idx" ON "positions"("signal_id", "status");

-- CreateIndex
CREATE INDEX "positions_mode_status_symbol_idx" ON "positions"("mode", "status", "symbol");


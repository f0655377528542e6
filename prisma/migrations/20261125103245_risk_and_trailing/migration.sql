-- AlterTable
ALTER TABLE "users" ADD COLUMN     "trailing_stop_after_tp" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "positions" ADD COLUMN     "protected_checked_at" TIMESTAMP(3),
ADD COLUMN     "trail_extreme" DECIMAL(30,12),
ADD COLUMN     "trailing_after_tp" INTEGER,
ADD COLUMN     "trailing_stop_pct" DECIMAL(5,2);

-- AlterTable
ALTER TABLE "daily_pnl" ADD COLUMN     "fees" DECIMAL(30,12) NOT NULL DEFAULT 0,
ADD COLUMN     "gross_pct" DECIMAL(12,4) NOT NULL DEFAULT 0,
ADD COLUMN     "gross_pnl" DECIMAL(30,12) NOT NULL DEFAULT 0,
ADD COLUMN     "max_drawdown_pct" DECIMAL(12,4) NOT NULL DEFAULT 0,
ADD COLUMN     "max_drawdown_pnl" DECIMAL(30,12) NOT NULL DEFAULT 0,
ADD COLUMN     "peak_pnl" DECIMAL(30,12) NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "risk_events" ADD COLUMN     "rule" TEXT;

-- CreateIndex
CREATE INDEX "risk_events_user_id_created_at_idx" ON "risk_events"("user_id", "created_at");


-- Risk events written before this migration named the rule in "kind".
UPDATE "risk_events" SET "rule" = "kind", "kind" = CASE WHEN "kind" = 'kill_switch' THEN 'GLOBAL_BLOCKED' ELSE 'USER_BLOCKED' END
WHERE "rule" IS NULL AND "kind" NOT IN ('USER_BLOCKED', 'GLOBAL_BLOCKED', 'GLOBAL_HALT', 'GLOBAL_RESUME');

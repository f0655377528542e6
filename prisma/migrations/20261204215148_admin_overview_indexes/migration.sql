-- CreateIndex
CREATE INDEX "users_overview_idx" ON "users"("role", "plan", "plan_expires_at", "created_at", "auto_trade_enabled", "is_active");

-- CreateIndex
CREATE INDEX "signals_status_created_at_idx" ON "signals"("status", "created_at");

-- CreateIndex
CREATE INDEX "payments_created_at_idx" ON "payments"("created_at");


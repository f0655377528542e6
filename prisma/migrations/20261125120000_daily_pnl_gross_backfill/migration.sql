-- Rows written before gross_pnl/gross_pct existed got gross 0; their fees are unknown (0), so gross = net.
UPDATE "daily_pnl" SET "gross_pnl" = "realized_pnl" + "fees", "gross_pct" = "realized_pct" WHERE "gross_pnl" = 0 AND "realized_pnl" <> 0;

-- The signals and profit series on the per-day rollups too (see 20261205031853_daily_rollups):
-- signals by creation day and outcome (OPEN / WIN / LOSS / BREAKEVEN), profit by closing day.

CREATE FUNCTION rollup_signals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO daily_rollup_deltas (series, day, key, n, amount)
    SELECT series, day, key, sum(n), sum(amount) FROM (
      SELECT 'signals' AS series, created_at::date AS day,
             CASE WHEN status IN ('OPEN', 'TP_PARTIAL') THEN 'OPEN' WHEN realized_profit_pct > 0 THEN 'WIN' WHEN realized_profit_pct < 0 THEN 'LOSS' ELSE 'BREAKEVEN' END AS key,
             1 AS n, 0::numeric AS amount FROM new_rows
      UNION ALL
      SELECT 'profit', closed_at::date, 'profit', 1, realized_profit_pct FROM new_rows WHERE status NOT IN ('OPEN', 'TP_PARTIAL') AND closed_at IS NOT NULL
    ) c GROUP BY series, day, key;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO daily_rollup_deltas (series, day, key, n, amount)
    SELECT series, day, key, sum(n), sum(amount) FROM (
      SELECT 'signals' AS series, created_at::date AS day,
             CASE WHEN status IN ('OPEN', 'TP_PARTIAL') THEN 'OPEN' WHEN realized_profit_pct > 0 THEN 'WIN' WHEN realized_profit_pct < 0 THEN 'LOSS' ELSE 'BREAKEVEN' END AS key,
             -1 AS n, 0::numeric AS amount FROM old_rows
      UNION ALL
      SELECT 'profit', closed_at::date, 'profit', -1, -realized_profit_pct FROM old_rows WHERE status NOT IN ('OPEN', 'TP_PARTIAL') AND closed_at IS NOT NULL
    ) c GROUP BY series, day, key;
  ELSE
    INSERT INTO daily_rollup_deltas (series, day, key, n, amount)
    SELECT series, day, key, sum(n), sum(amount) FROM (
      SELECT 'signals' AS series, created_at::date AS day,
             CASE WHEN status IN ('OPEN', 'TP_PARTIAL') THEN 'OPEN' WHEN realized_profit_pct > 0 THEN 'WIN' WHEN realized_profit_pct < 0 THEN 'LOSS' ELSE 'BREAKEVEN' END AS key,
             1 AS n, 0::numeric AS amount FROM new_rows
      UNION ALL
      SELECT 'profit', closed_at::date, 'profit', 1, realized_profit_pct FROM new_rows WHERE status NOT IN ('OPEN', 'TP_PARTIAL') AND closed_at IS NOT NULL
      UNION ALL
      SELECT 'signals', created_at::date,
             CASE WHEN status IN ('OPEN', 'TP_PARTIAL') THEN 'OPEN' WHEN realized_profit_pct > 0 THEN 'WIN' WHEN realized_profit_pct < 0 THEN 'LOSS' ELSE 'BREAKEVEN' END,
             -1, 0::numeric FROM old_rows
      UNION ALL
      SELECT 'profit', closed_at::date, 'profit', -1, -realized_profit_pct FROM old_rows WHERE status NOT IN ('OPEN', 'TP_PARTIAL') AND closed_at IS NOT NULL
    ) c GROUP BY series, day, key HAVING sum(n) <> 0 OR sum(amount) <> 0;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER signals_rollup_ins AFTER INSERT ON signals REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_signals();
CREATE TRIGGER signals_rollup_upd AFTER UPDATE ON signals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_signals();
CREATE TRIGGER signals_rollup_del AFTER DELETE ON signals REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_signals();

-- Backfill (CREATE TRIGGER locked signals against writes until this transaction commits).
INSERT INTO daily_rollups (series, day, key, n, amount)
SELECT 'signals', created_at::date,
       CASE WHEN status IN ('OPEN', 'TP_PARTIAL') THEN 'OPEN' WHEN realized_profit_pct > 0 THEN 'WIN' WHEN realized_profit_pct < 0 THEN 'LOSS' ELSE 'BREAKEVEN' END,
       count(*), 0
FROM signals GROUP BY 2, 3
UNION ALL
SELECT 'profit', closed_at::date, 'profit', count(*), sum(realized_profit_pct)
FROM signals WHERE status NOT IN ('OPEN', 'TP_PARTIAL') AND closed_at IS NOT NULL GROUP BY 2;

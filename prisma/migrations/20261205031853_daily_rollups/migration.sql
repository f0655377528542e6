-- CreateTable
CREATE TABLE "daily_rollups" (
    "series" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "key" TEXT NOT NULL,
    "n" BIGINT NOT NULL DEFAULT 0,
    "amount" DECIMAL(38,12) NOT NULL DEFAULT 0,

    CONSTRAINT "daily_rollups_pkey" PRIMARY KEY ("series","day","key")
);

-- CreateTable
CREATE TABLE "daily_rollup_deltas" (
    "id" BIGSERIAL NOT NULL,
    "series" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "key" TEXT NOT NULL,
    "n" BIGINT NOT NULL,
    "amount" DECIMAL(38,12) NOT NULL,

    CONSTRAINT "daily_rollup_deltas_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "daily_rollup_deltas_series_day_idx" ON "daily_rollup_deltas"("series", "day");

-- Each table's contribution to its series, as signed deltas appended in the writing transaction.
-- Statement-level triggers with transition tables: a bulk statement appends one row per (day, key),
-- a single-row change one row. PostgreSQL allows a transition table on single-event triggers
-- only, hence three triggers per table over one function that branches on TG_OP. Days are UTC
-- (the timestamp columns hold UTC).

CREATE FUNCTION rollup_signups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO daily_rollup_deltas (series, day, key, n, amount)
    SELECT 'signups', created_at::date, plan::text, count(*), 0 FROM new_rows WHERE role = 'USER' GROUP BY 2, 3;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO daily_rollup_deltas (series, day, key, n, amount)
    SELECT 'signups', created_at::date, plan::text, -count(*), 0 FROM old_rows WHERE role = 'USER' GROUP BY 2, 3;
  ELSE
    INSERT INTO daily_rollup_deltas (series, day, key, n, amount)
    SELECT 'signups', day, key, sum(n), 0 FROM (
      SELECT created_at::date AS day, plan::text AS key, 1 AS n FROM new_rows WHERE role = 'USER'
      UNION ALL
      SELECT created_at::date, plan::text, -1 FROM old_rows WHERE role = 'USER'
    ) c GROUP BY day, key HAVING sum(n) <> 0;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION rollup_revenue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO daily_rollup_deltas (series, day, key, n, amount)
    SELECT 'revenue', confirmed_at::date, 'revenue', count(*), sum(coalesce(paid_amount, expected_amount))
    FROM new_rows WHERE status = 'CONFIRMED' AND confirmed_at IS NOT NULL GROUP BY 2;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO daily_rollup_deltas (series, day, key, n, amount)
    SELECT 'revenue', confirmed_at::date, 'revenue', -count(*), -sum(coalesce(paid_amount, expected_amount))
    FROM old_rows WHERE status = 'CONFIRMED' AND confirmed_at IS NOT NULL GROUP BY 2;
  ELSE
    INSERT INTO daily_rollup_deltas (series, day, key, n, amount)
    SELECT 'revenue', day, 'revenue', sum(n), sum(amount) FROM (
      SELECT confirmed_at::date AS day, 1 AS n, coalesce(paid_amount, expected_amount) AS amount FROM new_rows WHERE status = 'CONFIRMED' AND confirmed_at IS NOT NULL
      UNION ALL
      SELECT confirmed_at::date, -1, -coalesce(paid_amount, expected_amount) FROM old_rows WHERE status = 'CONFIRMED' AND confirmed_at IS NOT NULL
    ) c GROUP BY day HAVING sum(n) <> 0 OR sum(amount) <> 0;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION rollup_pnl() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO daily_rollup_deltas (series, day, key, n, amount)
    SELECT 'pnl', closed_at::date, CASE WHEN mode = 'PAPER' THEN 'paper' ELSE 'live' END, count(*), sum(realized_pnl)
    FROM new_rows WHERE status = 'CLOSED' AND closed_at IS NOT NULL GROUP BY 2, 3;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO daily_rollup_deltas (series, day, key, n, amount)
    SELECT 'pnl', closed_at::date, CASE WHEN mode = 'PAPER' THEN 'paper' ELSE 'live' END, -count(*), -sum(realized_pnl)
    FROM old_rows WHERE status = 'CLOSED' AND closed_at IS NOT NULL GROUP BY 2, 3;
  ELSE
    INSERT INTO daily_rollup_deltas (series, day, key, n, amount)
    SELECT 'pnl', day, key, sum(n), sum(amount) FROM (
      SELECT closed_at::date AS day, CASE WHEN mode = 'PAPER' THEN 'paper' ELSE 'live' END AS key, 1 AS n, realized_pnl AS amount
      FROM new_rows WHERE status = 'CLOSED' AND closed_at IS NOT NULL
      UNION ALL
      SELECT closed_at::date, CASE WHEN mode = 'PAPER' THEN 'paper' ELSE 'live' END, -1, -realized_pnl
      FROM old_rows WHERE status = 'CLOSED' AND closed_at IS NOT NULL
    ) c GROUP BY day, key HAVING sum(n) <> 0 OR sum(amount) <> 0;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION rollup_blocked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO daily_rollup_deltas (series, day, key, n, amount)
    SELECT 'blocked', created_at::date, coalesce(rule, 'unknown'), count(*), 0
    FROM new_rows WHERE kind IN ('USER_BLOCKED', 'GLOBAL_BLOCKED') GROUP BY 2, 3;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO daily_rollup_deltas (series, day, key, n, amount)
    SELECT 'blocked', created_at::date, coalesce(rule, 'unknown'), -count(*), 0
    FROM old_rows WHERE kind IN ('USER_BLOCKED', 'GLOBAL_BLOCKED') GROUP BY 2, 3;
  ELSE
    INSERT INTO daily_rollup_deltas (series, day, key, n, amount)
    SELECT 'blocked', day, key, sum(n), 0 FROM (
      SELECT created_at::date AS day, coalesce(rule, 'unknown') AS key, 1 AS n FROM new_rows WHERE kind IN ('USER_BLOCKED', 'GLOBAL_BLOCKED')
      UNION ALL
      SELECT created_at::date, coalesce(rule, 'unknown'), -1 FROM old_rows WHERE kind IN ('USER_BLOCKED', 'GLOBAL_BLOCKED')
    ) c GROUP BY day, key HAVING sum(n) <> 0;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER users_rollup_ins AFTER INSERT ON users REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_signups();
CREATE TRIGGER users_rollup_upd AFTER UPDATE ON users REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_signups();
CREATE TRIGGER users_rollup_del AFTER DELETE ON users REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_signups();
CREATE TRIGGER payments_rollup_ins AFTER INSERT ON payments REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_revenue();
CREATE TRIGGER payments_rollup_upd AFTER UPDATE ON payments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_revenue();
CREATE TRIGGER payments_rollup_del AFTER DELETE ON payments REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_revenue();
CREATE TRIGGER positions_rollup_ins AFTER INSERT ON positions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_pnl();
CREATE TRIGGER positions_rollup_upd AFTER UPDATE ON positions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_pnl();
CREATE TRIGGER positions_rollup_del AFTER DELETE ON positions REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_pnl();
CREATE TRIGGER risk_events_rollup_ins AFTER INSERT ON risk_events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_blocked();
CREATE TRIGGER risk_events_rollup_upd AFTER UPDATE ON risk_events REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_blocked();
CREATE TRIGGER risk_events_rollup_del AFTER DELETE ON risk_events REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_blocked();

-- Backfill what is already stored. CREATE TRIGGER above locked each table against writes until
-- this transaction commits, so nothing slips between the backfill and the triggers.
INSERT INTO daily_rollups (series, day, key, n, amount)
SELECT 'signups', created_at::date, plan::text, count(*), 0 FROM users WHERE role = 'USER' GROUP BY 2, 3
UNION ALL
SELECT 'revenue', confirmed_at::date, 'revenue', count(*), sum(coalesce(paid_amount, expected_amount)) FROM payments WHERE status = 'CONFIRMED' AND confirmed_at IS NOT NULL GROUP BY 2
UNION ALL
SELECT 'pnl', closed_at::date, CASE WHEN mode = 'PAPER' THEN 'paper' ELSE 'live' END, count(*), sum(realized_pnl) FROM positions WHERE status = 'CLOSED' AND closed_at IS NOT NULL GROUP BY 2, 3
UNION ALL
SELECT 'blocked', created_at::date, coalesce(rule, 'unknown'), count(*), 0 FROM risk_events WHERE kind IN ('USER_BLOCKED', 'GLOBAL_BLOCKED') GROUP BY 2, 3;

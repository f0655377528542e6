// Per-UTC-day aggregates of the admin time series. Database triggers (migrations
// 20261205031853_daily_rollups, 20261205035000_signal_rollups) append signed deltas to
// daily_rollup_deltas in the transaction that writes a user, payment, position, risk event or signal; nothing is ever updated in
// place by a writer, so concurrent writers never wait on a shared counter row. The compaction job
// folds the deltas into daily_rollups in one statement. A read sums both tables in one statement
// (one snapshot), so it is exact at any moment: today's partial day, a write that just committed,
// a compaction running meanwhile.
import { db, Prisma } from "../db/client";

export const ROLLUP_SERIES = ["signups", "revenue", "signals", "profit", "pnl", "blocked"] as const;
export type TRollupSeries = (typeof ROLLUP_SERIES)[number];

export type TRollupRow = { day: string; key: string; n: bigint; amount: string | null };

/** First key of the advisory lock that keeps two compactions from running at once. */
const COMPACTION_LOCK = 7_270_736_920;

/**
 * Moves every committed delta into daily_rollups: delete and add in one statement, so a reader sees
 * the deltas either still in place or already added, never both or neither. Returns how many deltas moved.
 */
export async function compactRollups(): Promise<{ moved: number }> {
  return db().$transaction(async (tx) => {
    const [lock] = await tx.$queryRaw<{ ok: boolean }[]>`SELECT pg_try_advisory_xact_lock(${COMPACTION_LOCK}::bigint) AS ok`;
    if (!lock?.ok) return { moved: 0 };
    const [row] = await tx.$queryRaw<{ moved: bigint }[]>`
      WITH moved AS (DELETE FROM daily_rollup_deltas RETURNING series, day, key, n, amount),
           added AS (
             INSERT INTO daily_rollups (series, day, key, n, amount)
             SELECT series, day, key, sum(n), sum(amount) FROM moved GROUP BY series, day, key
             ON CONFLICT (series, day, key) DO UPDATE SET n = daily_rollups.n + EXCLUDED.n, amount = daily_rollups.amount + EXCLUDED.amount
           )
      SELECT count(*) AS moved FROM moved`;
    return { moved: Number(row?.moved ?? 0n) };
  });
}

/**
 * One series' rows per day and key in [from, to) (UTC midnights). Signups are keyed by the plan a
 * user has now: a paid plan past its expiry that the expiry job has not yet downgraded counts as
 * TRIAL, moved over here, in the same statement. Profit also answers a row with day "before": the
 * closes before `from` (the running total's start).
 */
export async function rollupRows(series: TRollupSeries, from: Date, to: Date, now: Date): Promise<TRollupRow[]> {
  const f = from.toISOString().slice(0, 10);
  const t = to.toISOString().slice(0, 10);
  // Counted once, taken from its plan and given to TRIAL. `plan IN (…)` rather than `<> 'TRIAL'`:
  // the planner then reads only the lapsed entries of users_overview_idx.
  const lapsed =
    series === "signups"
      ? Prisma.sql`
        UNION ALL
        SELECT day, k.key, CASE WHEN k.key = 'TRIAL' THEN l.n ELSE -l.n END, 0
        FROM (SELECT created_at::date AS day, plan::text AS plan, count(*) AS n FROM users
              WHERE role = 'USER' AND plan IN ('VIP', 'PREMIUM') AND plan_expires_at <= ${now} AND created_at >= ${from} AND created_at < ${to} GROUP BY 1, 2) l
        CROSS JOIN LATERAL (VALUES (l.plan), ('TRIAL')) AS k(key)`
      : Prisma.empty;
  const before =
    series === "profit"
      ? Prisma.sql`
        UNION ALL
        SELECT 'before', 'before', coalesce(sum(n), 0)::bigint, coalesce(sum(amount), 0)::text FROM (
          SELECT n, amount FROM daily_rollups WHERE series = 'profit' AND day < ${f}::date
          UNION ALL
          SELECT n, amount FROM daily_rollup_deltas WHERE series = 'profit' AND day < ${f}::date
        ) b`
      : Prisma.empty;
  return db().$queryRaw<TRollupRow[]>`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, key, sum(n)::bigint AS n, sum(amount)::text AS amount FROM (
      SELECT day, key, n, amount FROM daily_rollups WHERE series = ${series} AND day >= ${f}::date AND day < ${t}::date
      UNION ALL
      SELECT day, key, n, amount FROM daily_rollup_deltas WHERE series = ${series} AND day >= ${f}::date AND day < ${t}::date
      ${lapsed}
    ) r GROUP BY day, key HAVING sum(n) <> 0 OR sum(amount) <> 0
    ${before}`;
}

// Signal performance from stored outcomes (SPEC §9): win rate, average profit, per symbol, per day.
// The operator's own field names (seed row 4.3) sit at the top level: total_signals (every signal
// created in the window, open ones too), wins / losses (closed with a positive / negative realized
// profit; a breakeven close is neither), win_rate (% of CLOSED signals that won) and average_profit
// (mean realized profit % per closed signal) — numbers rounded to 2 decimals, null while nothing
// has closed. `overall`, `per_symbol` and `per_day` keep the exact decimal strings.
import { z } from "zod";
import { db } from "../db/client";

export const ZSignalStatsQuery = z.object({
  days: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(365, "must be at most 365").default(30),
});

type TRow = { symbol: string | null; day: Date | null; total: bigint; open: bigint; wins: bigint; losses: bigint; closed: bigint; avg_profit: string | null; sum_profit: string | null };

const rate = (wins: bigint, closed: bigint) => (closed === 0n ? null : ((Number(wins) / Number(closed)) * 100).toFixed(2));

function shape(r: TRow) {
  return {
    signals: Number(r.total),
    open: Number(r.open),
    closed: Number(r.closed),
    wins: Number(r.wins),
    losses: Number(r.losses),
    win_rate_pct: rate(r.wins, r.closed),
    avg_profit_pct: r.avg_profit === null ? null : Number(r.avg_profit).toFixed(2),
    total_profit_pct: r.sum_profit === null ? "0.00" : Number(r.sum_profit).toFixed(2),
  };
}

export async function getSignalStats(days = 30) {
  const since = new Date(Date.now() - days * 86_400_000);
  // One pass with GROUPING SETS: overall, per symbol, per day. created_at is a UTC wall-clock
  // timestamp (without time zone), so its day is the UTC day whatever the session's TimeZone.
  const rows = await db().$queryRaw<(TRow & { g_symbol: number; g_day: number })[]>`
    SELECT symbol, date_trunc('day', created_at) AS day,
      GROUPING(symbol) AS g_symbol, GROUPING(date_trunc('day', created_at)) AS g_day,
      count(*) AS total,
      count(*) FILTER (WHERE status IN ('OPEN', 'TP_PARTIAL')) AS open,
      count(*) FILTER (WHERE status NOT IN ('OPEN', 'TP_PARTIAL')) AS closed,
      count(*) FILTER (WHERE status NOT IN ('OPEN', 'TP_PARTIAL') AND realized_profit_pct > 0) AS wins,
      count(*) FILTER (WHERE status NOT IN ('OPEN', 'TP_PARTIAL') AND realized_profit_pct < 0) AS losses,
      avg(realized_profit_pct) FILTER (WHERE status NOT IN ('OPEN', 'TP_PARTIAL'))::text AS avg_profit,
      sum(realized_profit_pct) FILTER (WHERE status NOT IN ('OPEN', 'TP_PARTIAL'))::text AS sum_profit
    FROM signals WHERE created_at >= ${since}
    GROUP BY GROUPING SETS ((), (symbol), (date_trunc('day', created_at)))`;
  const overall = shape(rows.find((r) => r.g_symbol === 1 && r.g_day === 1) ?? { symbol: null, day: null, total: 0n, open: 0n, wins: 0n, losses: 0n, closed: 0n, avg_profit: null, sum_profit: null });
  return {
    total_signals: overall.signals,
    wins: overall.wins,
    losses: overall.losses,
    win_rate: overall.win_rate_pct === null ? null : Number(overall.win_rate_pct),
    average_profit: overall.avg_profit_pct === null ? null : Number(overall.avg_profit_pct),
    days,
    since: since.toISOString(),
    overall,
    per_symbol: rows
      .filter((r) => r.g_symbol === 0)
      .map((r) => ({ symbol: r.symbol!, ...shape(r) }))
      .sort((a, b) => b.signals - a.signals || a.symbol.localeCompare(b.symbol)),
    per_day: rows
      .filter((r) => r.g_day === 0 && r.day)
      .map((r) => ({ day: r.day!.toISOString().slice(0, 10), ...shape(r) }))
      .sort((a, b) => a.day.localeCompare(b.day)),
  };
}

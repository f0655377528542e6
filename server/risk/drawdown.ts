// System drawdown (SPEC §7): what the platform's traders lost, net of what they won, on trades
// closed in a window, in % of the capital at stake — the capital of every user the auto-trader
// trades for (auto-trade on) plus anyone else who closed a trade in the window. Realized only: an
// open position's paper loss is not counted until it closes. Never negative (a winning day is 0).
import { db } from "../db/client";
import { dec, str } from "../decimal";

export async function systemDrawdownPct(from: Date, to: Date): Promise<string> {
  const [row] = await db().$queryRawUnsafe<{ pct: string }[]>(
    `WITH closed AS (
       SELECT user_id, sum(realized_pnl) AS pnl FROM positions
       WHERE status = 'CLOSED' AND closed_at >= ($1::timestamptz AT TIME ZONE 'UTC') AND closed_at <= ($2::timestamptz AT TIME ZONE 'UTC')
       GROUP BY user_id),
     -- Every auto-trader's capital (read from users_auto_traders_idx alone), plus the others who
     -- closed a trade in the window (by primary key): never a pass over all users.
     stake AS (
       SELECT coalesce((SELECT sum(capital_usdt) FROM users WHERE auto_trade_enabled), 0)
            + coalesce((SELECT sum(u.capital_usdt) FROM closed c JOIN users u ON u.id = c.user_id WHERE NOT u.auto_trade_enabled), 0) AS capital)
     SELECT COALESCE(round(GREATEST(0, -(SELECT sum(pnl) FROM closed)) / NULLIF((SELECT capital FROM stake), 0) * 100, 4), 0)::text AS pct`,
    from.toISOString(), to.toISOString(),
  );
  return str(dec(row?.pct ?? "0"));
}

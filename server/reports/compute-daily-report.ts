// The daily report's figures for one UTC day [00:00, next 00:00) (SPEC §6, seed 6.3 and phase 8):
// the signals' results, the auto-trader's closed trades (paper and live apart) and the safety
// section. Reads only; storing and posting is generate-daily-report.ts.
import { db, Prisma } from "../db/client";
import { systemDrawdownPct } from "../risk/drawdown";
import { blockedTradeCounts } from "../risk/risk-events";
import { DAY_MS } from "../risk/clock";

type TSignalRow = { calls: bigint; targets_hit: bigint; stop_losses: bigint; closed: bigint; wins: bigint; losses: bigint; avg_profit: string | null; total_profit: string | null };
type TExtremeRow = { id: string; symbol: string; direction: string; profit: string };
type TTradeRow = { paper: boolean; trades: bigint; wins: bigint; losses: bigint; pnl: string };

const pct = (s: string | null) => (s === null ? null : new Prisma.Decimal(s).toFixed(2));

export async function computeDailyReport(from: Date) {
  const to = new Date(from.getTime() + DAY_MS);
  const [signals] = await db().$queryRaw<TSignalRow[]>`
    SELECT
      (SELECT count(*) FROM signals WHERE created_at >= ${from} AND created_at < ${to}) AS calls,
      (SELECT count(*) FROM signal_events WHERE created_at >= ${from} AND created_at < ${to} AND type IN ('TP_HIT', 'ALL_TP')) AS targets_hit,
      (SELECT count(*) FROM signal_events WHERE created_at >= ${from} AND created_at < ${to} AND type = 'SL_HIT') AS stop_losses,
      count(*) AS closed,
      count(*) FILTER (WHERE realized_profit_pct > 0) AS wins,
      count(*) FILTER (WHERE realized_profit_pct < 0) AS losses,
      avg(realized_profit_pct)::text AS avg_profit,
      sum(realized_profit_pct)::text AS total_profit
    FROM signals WHERE closed_at >= ${from} AND closed_at < ${to} AND status NOT IN ('OPEN', 'TP_PARTIAL')`;
  const extremes = await db().$queryRaw<TExtremeRow[]>`
    (SELECT id::text, symbol, direction::text, realized_profit_pct::text AS profit FROM signals
     WHERE closed_at >= ${from} AND closed_at < ${to} AND status NOT IN ('OPEN', 'TP_PARTIAL') ORDER BY realized_profit_pct DESC, closed_at LIMIT 1)
    UNION ALL
    (SELECT id::text, symbol, direction::text, realized_profit_pct::text FROM signals
     WHERE closed_at >= ${from} AND closed_at < ${to} AND status NOT IN ('OPEN', 'TP_PARTIAL') ORDER BY realized_profit_pct ASC, closed_at LIMIT 1)`;
  const trades = await db().$queryRaw<TTradeRow[]>`
    SELECT mode = 'PAPER' AS paper, count(*) AS trades, count(*) FILTER (WHERE realized_pnl > 0) AS wins,
           count(*) FILTER (WHERE realized_pnl < 0) AS losses, coalesce(sum(realized_pnl), 0)::text AS pnl
    FROM positions WHERE status = 'CLOSED' AND closed_at >= ${from} AND closed_at < ${to} GROUP BY 1`;
  const [drawdown, blocked, safety] = await Promise.all([
    systemDrawdownPct(from, new Date(to.getTime() - 1)),
    blockedTradeCounts(from),
    db().safetyState.findUnique({ where: { id: 1 }, select: { killSwitch: true, reason: true } }),
  ]);

  const closed = Number(signals?.closed ?? 0n);
  const wins = Number(signals?.wins ?? 0n);
  const extreme = (r: TExtremeRow | undefined) => (r ? { id: r.id, symbol: r.symbol, direction: r.direction, profit_pct: pct(r.profit)! } : null);
  const side = (paper: boolean) => {
    const r = trades.find((t) => t.paper === paper);
    return { trades: Number(r?.trades ?? 0n), wins: Number(r?.wins ?? 0n), losses: Number(r?.losses ?? 0n), realized_pnl_usdt: new Prisma.Decimal(r?.pnl ?? "0").toFixed(2) };
  };
  const paper = side(true);
  const live = side(false);
  return {
    date: from.toISOString().slice(0, 10),
    signals: {
      calls: Number(signals?.calls ?? 0n),
      targets_hit: Number(signals?.targets_hit ?? 0n),
      stop_losses: Number(signals?.stop_losses ?? 0n),
      closed,
      wins,
      losses: Number(signals?.losses ?? 0n),
      win_rate: closed === 0 ? null : ((wins / closed) * 100).toFixed(2),
      average_profit_pct: pct(signals?.avg_profit ?? null),
      total_profit_pct: pct(signals?.total_profit ?? null) ?? "0.00",
      best: closed === 0 ? null : extreme(extremes[0]),
      worst: closed === 0 ? null : extreme(extremes[1]),
    },
    auto_trader: {
      trades: paper.trades + live.trades,
      wins: paper.wins + live.wins,
      losses: paper.losses + live.losses,
      realized_pnl_usdt: new Prisma.Decimal(paper.realized_pnl_usdt).plus(live.realized_pnl_usdt).toFixed(2),
      paper,
      live,
    },
    safety: { kill_switch: safety?.killSwitch ?? false, kill_reason: safety?.reason ?? null, drawdown_pct: drawdown, blocked_trades: blocked.total, blocked_by_rule: blocked.by_rule },
  };
}
export type TDailyReport = Awaited<ReturnType<typeof computeDailyReport>>;

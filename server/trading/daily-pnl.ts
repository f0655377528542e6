// The daily P&L of one user and UTC day, folded trade by trade, pure and exact. Settlement
// (position-store.ts `addToDailyPnl`) locks the day's row, folds the chunk's trades into it here and
// writes the result back, so several trades of one user and day in one chunk — or in racing chunks —
// give the same row as closing them one at a time.
//
// Drawdown: the day's cumulative net P&L starts at 0 at 00:00 UTC; its running peak starts at 0 too
// (a first losing trade is already a drawdown). After each trade: peak = max(peak, cumulative), and
// the drawdown is peak − cumulative; max_drawdown keeps the deepest one, in USDT and in % of the
// capital the user had when it was reached.
import { dec, money, pct, type TDecimal } from "../decimal";

export type TDailyPnl = {
  trades: number;
  wins: number;
  losses: number;
  /** Net of fees, USDT; and in % of capital. */
  realizedPnl: string;
  realizedPct: string;
  /** Before fees (= net + fees), the fees, and gross in % of capital. */
  grossPnl: string;
  fees: string;
  grossPct: string;
  /** Running peak of the cumulative net P&L (≥ 0), and the deepest fall below it (≥ 0). */
  peakPnl: string;
  maxDrawdownPnl: string;
  maxDrawdownPct: string;
  lastLossAt: Date | null;
};

/** One closed trade: `pnl` is the trade's realized P&L net of fees, `fees` its total fees. */
export type TDayTrade = { pnl: string; fees: string; capitalUsdt: string; closedAt: Date };

export const EMPTY_DAY: TDailyPnl = {
  trades: 0,
  wins: 0,
  losses: 0,
  realizedPnl: "0",
  realizedPct: "0",
  grossPnl: "0",
  fees: "0",
  grossPct: "0",
  peakPnl: "0",
  maxDrawdownPnl: "0",
  maxDrawdownPct: "0",
  lastLossAt: null,
};

/** The UTC day a trade belongs to, "YYYY-MM-DD". */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

/**
 * `amount` in % of `capital`, rounded to the column's 4 places per trade (so a day's % does not depend
 * on how its trades were split into chunks); null without a positive capital (the % stays as it was).
 */
const pctOf = (amount: TDecimal, capital: string): TDecimal | null => (dec(capital).gt(0) ? dec(pct(amount.div(capital).mul(100))) : null);

/** Adds `trades` (one user, one UTC day) to the day's row, in close order. Inputs are not mutated. */
export function addTradesToDay(day: TDailyPnl, trades: readonly TDayTrade[]): TDailyPnl {
  const ordered = [...trades].sort((a, b) => a.closedAt.getTime() - b.closedAt.getTime());
  let { wins, losses, lastLossAt } = day;
  let net = dec(day.realizedPnl);
  let netPct = dec(day.realizedPct);
  let gross = dec(day.grossPnl);
  let fees = dec(day.fees);
  let grossPct = dec(day.grossPct);
  let peak = dec(day.peakPnl);
  let drawdown = dec(day.maxDrawdownPnl);
  let drawdownPct = dec(day.maxDrawdownPct);
  for (const t of ordered) {
    const pnl = dec(t.pnl);
    const tradeGross = pnl.add(t.fees);
    if (pnl.gt(0)) wins += 1;
    if (pnl.lt(0)) {
      losses += 1;
      lastLossAt = lastLossAt && lastLossAt > t.closedAt ? lastLossAt : t.closedAt;
    }
    net = net.add(pnl);
    gross = gross.add(tradeGross);
    fees = fees.add(t.fees);
    netPct = netPct.add(pctOf(pnl, t.capitalUsdt) ?? 0);
    grossPct = grossPct.add(pctOf(tradeGross, t.capitalUsdt) ?? 0);
    if (net.gt(peak)) peak = net;
    const fall = peak.sub(net);
    if (fall.gt(drawdown)) {
      drawdown = fall;
      drawdownPct = pctOf(fall, t.capitalUsdt) ?? drawdownPct;
    }
  }
  return {
    trades: day.trades + ordered.length,
    wins,
    losses,
    realizedPnl: money(net),
    realizedPct: pct(netPct),
    grossPnl: money(gross),
    fees: money(fees),
    grossPct: pct(grossPct),
    peakPnl: money(peak),
    maxDrawdownPnl: money(drawdown),
    maxDrawdownPct: pct(drawdownPct),
    lastLossAt,
  };
}

export type TUserDayTrades = { userId: number; day: string; trades: TDayTrade[] };

/** Groups trades by user and UTC day, in (user, day) order — the order settlement locks the rows in. */
export function groupByUserDay(trades: readonly (TDayTrade & { userId: number })[]): TUserDayTrades[] {
  const groups = new Map<string, TUserDayTrades>();
  for (const { userId, ...t } of trades) {
    const day = utcDay(t.closedAt);
    const key = `${userId}:${day}`;
    const group = groups.get(key) ?? { userId, day, trades: [] };
    group.trades.push(t);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => a.userId - b.userId || a.day.localeCompare(b.day));
}

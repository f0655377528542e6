// The one shape of a risk rule (SPEC §7, STYLE "Risk rules"): a pure check of one trade against a
// snapshot of the user's limits and state, loaded for a whole batch in a constant number of queries
// (pre-trade.ts). Rules never query: they are cheap, testable at their boundaries without a database.

export type TRiskLimits = {
  capitalUsdt: string;
  maxConcurrentTrades: number;
  maxDailyTrades: number;
  maxAccountExposurePct: string;
  perSymbolLimit: number;
  cooldownMinutes: number;
  dailyLossLimitPct: string;
  reduceToFitExposure: boolean;
};

export type TRiskState = {
  /** Open positions now, and those on the trade's symbol. */
  openTrades: number;
  openOnSymbol: number;
  /** Margin (USDT) committed by the open positions. */
  openMarginUsdt: string;
  /** Positions opened since 00:00 UTC (failed copies not counted). */
  todayTrades: number;
  /** Today's realized P&L in % of capital (daily_pnl). */
  todayRealizedPct: string;
  /** The last losing close (daily_pnl.last_loss_at), if recent. */
  lastLossAt: Date | null;
};

export type TRiskCtx = {
  now: Date;
  killSwitch: { on: boolean; reason: string | null };
  limits: TRiskLimits;
  state: TRiskState;
  trade: { symbol: string; qty: string; notionalUsdt: string; marginUsdt: string };
};

/** allowed with qty: the trade may open with this smaller quantity (reduce-to-fit). */
export type TRuleResult = { allowed: true; reason: null; qty?: string } | { allowed: false; reason: string };

export type TRiskRule = { kind: string; check: (ctx: TRiskCtx) => TRuleResult };

export const ALLOW: TRuleResult = { allowed: true, reason: null };
export const block = (reason: string): TRuleResult => ({ allowed: false, reason });

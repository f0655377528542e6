// THE place where every trade the platform opens asks the risk engine first (SPEC §7): the
// auto-trader fan-out, POST /api/trade/execute and POST /api/trade/market all call
// checkPreTrade before any order is placed, inside the transaction that inserts the position.
// The risk engine (its own issue) fills in the rules; until then every trade is allowed.
// The caller records a refusal: the auto-trader stores it on a FAILED position (failure_code
// RISK_BLOCKED) and in risk_events; a manual trade gets 409 risk_blocked and a risk_events row.
import type { TTx } from "../db/client";

export type TPreTradeContext = {
  tx: TTx;
  userId: number;
  symbol: string;
  direction: "LONG" | "SHORT";
  /** Notional (qty × entry) and margin in USDT, exact decimal strings. */
  notionalUsdt: string;
  marginUsdt: string;
  source: "auto" | "manual";
  signalId: string | null;
};

export type TPreTradeDecision = { allowed: true; qty?: string } | { allowed: false; reason: string; kind: string };

export async function checkPreTrade(_ctx: TPreTradeContext): Promise<TPreTradeDecision> {
  return { allowed: true };
}

/**
 * The same check for many trades in one transaction (the auto-trader's batched fan-out), one
 * decision per context, in order. Until the risk engine has a set-based version this asks
 * checkPreTrade for each; keep the number of queries per trade small and constant.
 */
export async function checkPreTradeMany(tx: TTx, contexts: Omit<TPreTradeContext, "tx">[]): Promise<TPreTradeDecision[]> {
  const decisions: TPreTradeDecision[] = [];
  for (const ctx of contexts) decisions.push(await checkPreTrade({ ...ctx, tx }));
  return decisions;
}

// THE place where every trade the platform opens asks the risk engine first (SPEC §7): the
// auto-trader fan-out, POST /api/trade/execute and POST /api/trade/market all call
// checkPreTrade before any order is placed, inside the transaction that inserts the position.
// The risk engine (its own issue) fills in the rules; until then every trade is allowed.
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

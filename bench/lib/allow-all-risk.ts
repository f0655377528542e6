// The risk engine's interface with every trade allowed and nothing locked or read: the baseline of
// `bench/fan-out.ts --without-risk` (see without-risk.mjs). Never imported by the platform.
import type { TPreTradeContext, TPreTradeDecision } from "../../server/risk/pre-trade";

export const checkPreTrade = async (_ctx: TPreTradeContext): Promise<TPreTradeDecision> => ({ allowed: true });
export const checkPreTradeMany = async (_tx: unknown, contexts: unknown[]): Promise<TPreTradeDecision[]> => contexts.map(() => ({ allowed: true }));

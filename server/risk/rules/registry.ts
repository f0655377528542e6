// The rules every trade is checked against, in order (the first block wins). The list is built from
// config: a rule can be left out by name (e.g. RISK_RULES_DISABLED), never skipped ad hoc by a caller.
import { accountExposureRule } from "./account-exposure";
import { cooldownRule } from "./cooldown";
import { dailyLossLimitRule } from "./daily-loss-limit";
import { killSwitchRule } from "./kill-switch";
import { maxConcurrentTradesRule } from "./max-concurrent-trades";
import { maxDailyTradesRule } from "./max-daily-trades";
import { perSymbolLimitRule } from "./per-symbol-limit";
import { perTradeAmountRule } from "./per-trade-amount";
import type { TRiskCtx, TRiskRule } from "./types";

/** Cheap global and "user blocked" rules first; exposure last (it may reduce the quantity). */
export const ALL_RULES: readonly TRiskRule[] = [
  killSwitchRule,
  dailyLossLimitRule,
  cooldownRule,
  maxConcurrentTradesRule,
  maxDailyTradesRule,
  perSymbolLimitRule,
  perTradeAmountRule,
  accountExposureRule,
];

export type TRiskConfig = { disabled?: readonly string[] };

export function buildRiskRules(config: TRiskConfig = {}): TRiskRule[] {
  const off = new Set(config.disabled ?? []);
  return ALL_RULES.filter((r) => !off.has(r.kind));
}

export type TRiskVerdict = { allowed: true; reason: null; qty?: string; kind: null } | { allowed: false; reason: string; kind: string };

/** Runs the rules in order: the first block wins; otherwise allowed, with a reduced quantity if a rule set one. */
export function evaluateRules(rules: readonly TRiskRule[], ctx: TRiskCtx): TRiskVerdict {
  let qty: string | undefined;
  for (const rule of rules) {
    const r = rule.check(ctx);
    if (!r.allowed) return { allowed: false, reason: r.reason, kind: rule.kind };
    if (r.qty !== undefined) qty = r.qty;
  }
  return qty === undefined ? { allowed: true, reason: null, kind: null } : { allowed: true, reason: null, qty, kind: null };
}

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

/** The kill switch is the operator's last word: no configuration can leave it out. */
const ALWAYS_ON = new Set(["kill_switch"]);

/**
 * RISK_RULES_DISABLED ("cooldown, per_symbol_limit"): a rule name that does not exist, or the kill
 * switch, is a configuration mistake and fails loudly rather than silently checking less than meant.
 */
export function riskConfigFromEnv(value: string | undefined): TRiskConfig {
  const names = (value ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
  const known = new Set(ALL_RULES.map((r) => r.kind));
  const bad = names.filter((n) => !known.has(n) || ALWAYS_ON.has(n));
  if (bad.length > 0) {
    throw new Error(`RISK_RULES_DISABLED: ${bad.join(", ")} cannot be disabled (rules: ${[...known].filter((k) => !ALWAYS_ON.has(k)).join(", ")})`);
  }
  return { disabled: names };
}

export function buildRiskRules(config: TRiskConfig = {}): TRiskRule[] {
  const off = new Set((config.disabled ?? []).filter((n) => !ALWAYS_ON.has(n)));
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

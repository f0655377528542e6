// Every rule at its boundary: exactly at the limit allowed, one past blocked (pure, no database).
import { describe, expect, it } from "vitest";
import { accountExposureRule } from "./account-exposure";
import { cooldownRule } from "./cooldown";
import { dailyLossLimitRule } from "./daily-loss-limit";
import { killSwitchRule } from "./kill-switch";
import { maxConcurrentTradesRule } from "./max-concurrent-trades";
import { maxDailyTradesRule } from "./max-daily-trades";
import { perSymbolLimitRule } from "./per-symbol-limit";
import { perTradeAmountRule } from "./per-trade-amount";
import { ALL_RULES, buildRiskRules, evaluateRules, riskConfigFromEnv } from "./registry";
import type { TRiskCtx } from "./types";

const NOW = new Date("2026-03-01T12:00:00Z");

function ctx(over: { limits?: Partial<TRiskCtx["limits"]>; state?: Partial<TRiskCtx["state"]>; trade?: Partial<TRiskCtx["trade"]>; killSwitch?: TRiskCtx["killSwitch"]; now?: Date } = {}): TRiskCtx {
  return {
    now: over.now ?? NOW,
    killSwitch: over.killSwitch ?? { on: false, reason: null },
    limits: {
      capitalUsdt: "100", maxConcurrentTrades: 5, maxDailyTrades: 50, maxAccountExposurePct: "80", perSymbolLimit: 5,
      cooldownMinutes: 15, dailyLossLimitPct: "25", reduceToFitExposure: false, ...over.limits,
    },
    state: { openTrades: 0, openOnSymbol: 0, openMarginUsdt: "0", todayTrades: 0, todayRealizedPct: "0", lastLossAt: null, ...over.state },
    trade: { symbol: "BTCUSDT", qty: "0.5", notionalUsdt: "50", marginUsdt: "10", ...over.trade },
  };
}

describe("risk rules at their boundaries", () => {
  it("kill switch: off allows, on blocks with its reason", () => {
    expect(killSwitchRule.check(ctx()).allowed).toBe(true);
    expect(killSwitchRule.check(ctx({ killSwitch: { on: true, reason: "drawdown 36%" } }))).toEqual({ allowed: false, reason: "trading is halted (kill switch on: drawdown 36%)" });
  });

  it("max concurrent trades: the 3rd of 3 allowed, the 4th blocked", () => {
    expect(maxConcurrentTradesRule.check(ctx({ limits: { maxConcurrentTrades: 3 }, state: { openTrades: 2 } })).allowed).toBe(true);
    expect(maxConcurrentTradesRule.check(ctx({ limits: { maxConcurrentTrades: 3 }, state: { openTrades: 3 } }))).toEqual({ allowed: false, reason: "3 trades already open (limit 3)" });
  });

  it("max daily trades: the 50th today allowed, the 51st blocked", () => {
    expect(maxDailyTradesRule.check(ctx({ state: { todayTrades: 49 } })).allowed).toBe(true);
    expect(maxDailyTradesRule.check(ctx({ state: { todayTrades: 50 } }))).toEqual({ allowed: false, reason: "50 trades opened today (limit 50 per day)" });
  });

  it("per-symbol limit: the 5th on a symbol allowed, the 6th blocked", () => {
    expect(perSymbolLimitRule.check(ctx({ state: { openOnSymbol: 4 } })).allowed).toBe(true);
    expect(perSymbolLimitRule.check(ctx({ state: { openOnSymbol: 5 } }))).toEqual({ allowed: false, reason: "5 BTCUSDT trades already open (limit 5 per symbol)" });
  });

  it("per-trade amount: equal to the capital allowed, a cent more blocked", () => {
    expect(perTradeAmountRule.check(ctx({ trade: { marginUsdt: "100" } })).allowed).toBe(true);
    expect(perTradeAmountRule.check(ctx({ trade: { marginUsdt: "100.01" } }))).toEqual({ allowed: false, reason: "trade amount 100.01 USDT exceeds the capital of 100 USDT" });
  });

  it("exposure: up to capital × 80% allowed, past it blocked", () => {
    expect(accountExposureRule.check(ctx({ state: { openMarginUsdt: "70" }, trade: { marginUsdt: "10" } }))).toEqual({ allowed: true, reason: null });
    expect(accountExposureRule.check(ctx({ state: { openMarginUsdt: "70.01" }, trade: { marginUsdt: "10" } }))).toEqual({
      allowed: false,
      reason: "exposure 80.01 USDT would exceed 80 USDT (80% of capital)",
    });
  });

  it("exposure with reduce-to-fit: the quantity shrinks to the room left; no room → blocked", () => {
    const reduce = { reduceToFitExposure: true };
    expect(accountExposureRule.check(ctx({ limits: reduce, state: { openMarginUsdt: "75" }, trade: { qty: "0.5", marginUsdt: "10" } }))).toEqual({ allowed: true, reason: null, qty: "0.25" });
    expect(accountExposureRule.check(ctx({ limits: reduce, state: { openMarginUsdt: "80" } })).allowed).toBe(false);
  });

  it("cooldown: blocked until cooldown_minutes after the losing close, allowed exactly then", () => {
    const lastLossAt = new Date(NOW.getTime() - 15 * 60_000);
    expect(cooldownRule.check(ctx({ state: { lastLossAt } })).allowed).toBe(true);
    expect(cooldownRule.check(ctx({ state: { lastLossAt: new Date(lastLossAt.getTime() + 1) } }))).toEqual({
      allowed: false,
      reason: "cooling down after a losing trade until 2026-03-01T12:00:00.001Z (15 min)",
    });
    expect(cooldownRule.check(ctx({ limits: { cooldownMinutes: 0 }, state: { lastLossAt: NOW } })).allowed).toBe(true);
  });

  it("daily loss limit: −24.99% allowed, −25% blocked", () => {
    expect(dailyLossLimitRule.check(ctx({ state: { todayRealizedPct: "-24.99" } })).allowed).toBe(true);
    expect(dailyLossLimitRule.check(ctx({ state: { todayRealizedPct: "-25" } }))).toEqual({ allowed: false, reason: "daily loss limit of 25% reached (today -25%)" });
  });
});

describe("registry", () => {
  it("runs every rule by default, leaves out the disabled ones, and the first block wins", () => {
    expect(buildRiskRules().map((r) => r.kind)).toEqual(ALL_RULES.map((r) => r.kind));
    expect(buildRiskRules({ disabled: ["cooldown"] }).map((r) => r.kind)).not.toContain("cooldown");
    const c = ctx({ killSwitch: { on: true, reason: null }, state: { openTrades: 9, todayTrades: 99 } });
    expect(evaluateRules(buildRiskRules(), c)).toMatchObject({ allowed: false, kind: "kill_switch" });
    const off = ctx({ state: { openTrades: 9, todayTrades: 99 } });
    expect(evaluateRules(buildRiskRules(), off)).toMatchObject({ allowed: false, kind: "max_concurrent_trades" });
    expect(evaluateRules(buildRiskRules({ disabled: ["max_concurrent_trades"] }), off)).toMatchObject({ allowed: false, kind: "max_daily_trades" });
    expect(evaluateRules(buildRiskRules(), ctx({ limits: { reduceToFitExposure: true }, state: { openMarginUsdt: "75" } }))).toEqual({ allowed: true, reason: null, qty: "0.25", kind: null });
  });
});

describe("RISK_RULES_DISABLED", () => {
  it("leaves the named rules out, in any spacing; empty runs every rule", () => {
    expect(buildRiskRules(riskConfigFromEnv(" cooldown , per_symbol_limit ")).map((r) => r.kind)).toEqual(ALL_RULES.map((r) => r.kind).filter((k) => k !== "cooldown" && k !== "per_symbol_limit"));
    expect(buildRiskRules(riskConfigFromEnv(""))).toHaveLength(ALL_RULES.length);
    expect(buildRiskRules(riskConfigFromEnv(undefined))).toHaveLength(ALL_RULES.length);
  });

  it("an unknown name or the kill switch fails loudly, naming it", () => {
    expect(() => riskConfigFromEnv("cooldwon")).toThrow(/RISK_RULES_DISABLED: cooldwon cannot be disabled/);
    expect(() => riskConfigFromEnv("kill_switch")).toThrow(/kill_switch cannot be disabled/);
  });

  it("the kill switch runs even if a config object names it", () => {
    expect(buildRiskRules({ disabled: ["kill_switch"] }).map((r) => r.kind)).toContain("kill_switch");
  });
});

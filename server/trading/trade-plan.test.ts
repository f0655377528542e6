import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { buildTradePlan, effectiveLeverage, fallbackMarketRules, requestedLeverage, resizePlan, signalEntryPrice, type TTradeSettings } from "./trade-plan";

const RULES = { symbol: "TESTUSDT", amountStep: "0.001", priceTick: "0.01", minQty: "0.001", minNotional: "5", maxLeverage: null };
const FIXED: TTradeSettings = { perTradeUsdt: "10", leverage: 5, sizingMode: "FIXED", riskPerTradePct: "1", capitalUsdt: "1000", tpSplit: [] };

describe("buildTradePlan — numbers checked by hand (fee 0.04 % on entry and exit)", () => {
  it("LONG 100 → 110/120/130, stop 90, 10 USDT × 5x", () => {
    const plan = buildTradePlan({ direction: "LONG", entryPrice: "100", targets: ["110", "120", "130"], stopLoss: "90", settings: FIXED, rules: RULES });
    // qty = 10 × 5 ÷ 100 = 0.5; notional 50; margin 10.
    expect(plan).toMatchObject({ ok: true, qty: "0.500", notional: "50", margin: "10", leverage: 5, stopLoss: "90" });
    if (!plan.ok) return;
    // Even split on the 0.001 step: 0.166, 0.166 and the remainder 0.168 on the last target.
    // TP1: 10 × 0.166 = 1.66 − fees (0.166×100 + 0.166×110) × 0.0004 = 0.013944 → 1.646056 on a 3.32 margin share = 49.58 %.
    // TP2: 20 × 0.166 = 3.32 − (16.6 + 19.92) × 0.0004 = 0.014608 → 3.305392 → 99.56 %.
    // TP3: 30 × 0.168 = 5.04 − (16.8 + 21.84) × 0.0004 = 0.015456 → 5.024544 on 3.36 → 149.54 %.
    expect(plan.targets).toEqual([
      { index: 1, price: "110", qty: "0.166", pnlUsdt: "1.646056", pnlPct: "49.58", movePct: "10" },
      { index: 2, price: "120", qty: "0.166", pnlUsdt: "3.305392", pnlPct: "99.56", movePct: "20" },
      { index: 3, price: "130", qty: "0.168", pnlUsdt: "5.024544", pnlPct: "149.54", movePct: "30" },
    ]);
    // Stop: −10 × 0.5 = −5 − (50 + 45) × 0.0004 = 0.038 → 5.038 lost = 50.38 % of the 10 USDT margin.
    expect(plan.risk).toEqual({ stopLoss: "90", lossUsdt: "5.038", lossPct: "50.38", movePct: "-10" });
  });

  it("SHORT 100 → 90/80, stop 110", () => {
    const plan = buildTradePlan({ direction: "SHORT", entryPrice: "100", targets: ["90", "80"], stopLoss: "110", settings: FIXED, rules: RULES });
    expect(plan).toMatchObject({ ok: true, qty: "0.500", notional: "50", margin: "10" });
    if (!plan.ok) return;
    // TP1: 10 × 0.25 = 2.5 − (25 + 22.5) × 0.0004 = 0.019 → 2.481 on a 5 margin share = 49.62 %.
    // TP2: 20 × 0.25 = 5 − (25 + 20) × 0.0004 = 0.018 → 4.982 → 99.64 %.
    expect(plan.targets).toEqual([
      { index: 1, price: "90", qty: "0.250", pnlUsdt: "2.481", pnlPct: "49.62", movePct: "10" },
      { index: 2, price: "80", qty: "0.250", pnlUsdt: "4.982", pnlPct: "99.64", movePct: "20" },
    ]);
    // Stop 110: −5 − (50 + 55) × 0.0004 = 0.042 → 5.042 = 50.42 %.
    expect(plan.risk).toEqual({ stopLoss: "110", lossUsdt: "5.042", lossPct: "50.42", movePct: "-10" });
  });

  it("applies the user's TP split when it fits the targets, else splits evenly", () => {
    const split = buildTradePlan({ direction: "LONG", entryPrice: "100", targets: ["110", "120", "130"], stopLoss: "90", settings: { ...FIXED, tpSplit: ["50", "30", "20"] }, rules: RULES });
    expect(split.ok && split.targets.map((t) => t.qty)).toEqual(["0.250", "0.150", "0.100"]);
    const misfit = buildTradePlan({ direction: "LONG", entryPrice: "100", targets: ["110", "120"], stopLoss: "90", settings: { ...FIXED, tpSplit: ["50", "30", "20"] }, rules: RULES });
    expect(misfit.ok && misfit.targets.map((t) => t.qty)).toEqual(["0.250", "0.250"]);
  });

  it("sizes by risk: 1 % of 1,000 USDT over a 10-point stop = 1 unit", () => {
    const plan = buildTradePlan({ direction: "LONG", entryPrice: "100", targets: ["110"], stopLoss: "90", settings: { ...FIXED, sizingMode: "RISK" }, rules: RULES });
    expect(plan).toMatchObject({ ok: true, qty: "1.000", notional: "100", margin: "20", sizingMode: "RISK" });
    const noStop = buildTradePlan({ direction: "LONG", entryPrice: "100", targets: ["110"], stopLoss: null, settings: { ...FIXED, sizingMode: "RISK" }, rules: RULES });
    expect(noStop).toMatchObject({ ok: false, code: "STOP_REQUIRED" });
  });

  it("refuses a trade below the market's minimum with the reason, never rounding to zero", () => {
    const plan = buildTradePlan({ direction: "LONG", entryPrice: "100", targets: ["110"], stopLoss: "90", settings: { ...FIXED, perTradeUsdt: "0.5", leverage: 1 }, rules: RULES });
    expect(plan).toMatchObject({ ok: false, code: "BELOW_MIN_NOTIONAL", qty: "0.005" });
    expect(!plan.ok && plan.reason).toContain("below the minimum 5 USDT");
  });

  it("caps the user's leverage at the market's maximum", () => {
    expect(effectiveLeverage(20, { maxLeverage: 10 })).toBe(10);
    expect(effectiveLeverage(20, { maxLeverage: null })).toBe(20);
    const plan = buildTradePlan({ direction: "LONG", entryPrice: "100", targets: ["110"], stopLoss: "90", settings: FIXED, rules: { ...RULES, maxLeverage: 3 } });
    expect(plan).toMatchObject({ ok: true, leverage: 3, qty: "0.300", margin: "10" });
  });

  it("asks for the trade's own leverage, else the connection's default, else the user's risk setting", () => {
    expect(requestedLeverage({ perTrade: 3, connectionDefault: 10, userRisk: 5 })).toBe(3);
    expect(requestedLeverage({ perTrade: undefined, connectionDefault: 10, userRisk: 5 })).toBe(10);
    expect(requestedLeverage({ connectionDefault: null, userRisk: 5 })).toBe(5);
  });

  it("rounds targets and stop to the tick and refuses a target on the wrong side", () => {
    const plan = buildTradePlan({ direction: "LONG", entryPrice: "100", targets: ["110.006"], stopLoss: "89.994", settings: FIXED, rules: RULES });
    expect(plan.ok && [plan.targets[0]!.price, plan.stopLoss]).toEqual(["110.01", "89.99"]);
    expect(() => buildTradePlan({ direction: "SHORT", entryPrice: "100", targets: ["110"], stopLoss: "120", settings: FIXED, rules: RULES })).toThrow(AppError);
  });

  it("resizes a plan when the risk engine reduces the quantity", () => {
    const plan = buildTradePlan({ direction: "LONG", entryPrice: "100", targets: ["110", "120"], stopLoss: "90", settings: FIXED, rules: RULES });
    if (!plan.ok) throw new Error("plan refused");
    const smaller = resizePlan(plan, "0.2", RULES);
    expect(smaller).toMatchObject({ qty: "0.2", notional: "20", margin: "4" });
    expect(smaller.targets.map((t) => t.qty)).toEqual(["0.100", "0.100"]);
  });

  it("uses the middle of an entry zone as the signal's entry, and sane fallback rules", () => {
    expect(signalEntryPrice({ entryLow: "4.812", entryHigh: "4.832" })).toBe("4.822");
    expect(fallbackMarketRules("BTCUSDT", "60000")).toMatchObject({ amountStep: "0.000001", priceTick: "0.1", minNotional: "5" });
    expect(fallbackMarketRules("DOGEUSDT", "0.15")).toMatchObject({ amountStep: "0.1", priceTick: "0.000001" });
  });
});

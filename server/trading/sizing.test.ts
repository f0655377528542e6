import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { previewTrade, sizeByRisk, sizeFixed, splitTargets } from "./sizing";

// Binance's filters for these markets (as test/fakes/binance.ts lists them).
const BTC = { symbol: "BTCUSDT", amountStep: "0.001", minQty: "0.001", minNotional: "100" };
const ETH = { symbol: "ETHUSDT", amountStep: "0.001", minQty: "0.001", minNotional: "20" };
const DOGE = { symbol: "DOGEUSDT", amountStep: "1", minQty: "1", minNotional: "5" };

const invalid = (fn: () => unknown, field: string) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("INVALID_INPUT");
    expect((err as AppError).field).toBe(field);
    return;
  }
  throw new Error("expected INVALID_INPUT");
};

describe("sizeFixed: qty = per_trade × leverage ÷ entry, rounded down to the step", () => {
  it("ETH: 5 USDT × 5x ÷ 3000 = 0.008333… → 0.008 (notional 24, margin 4.8)", () => {
    expect(sizeFixed({ perTradeUsdt: "5", leverage: 5, entryPrice: "3000", rules: ETH })).toEqual({ ok: true, qty: "0.008", notional: "24", margin: "4.8" });
  });

  it("BTC: 50 × 10x ÷ 60000 = 0.008333… → 0.008 (notional 480, margin 48)", () => {
    expect(sizeFixed({ perTradeUsdt: "50", leverage: 10, entryPrice: "60000", rules: BTC })).toEqual({ ok: true, qty: "0.008", notional: "480", margin: "48" });
  });

  it("DOGE on a whole-coin step: 5 × 5x ÷ 0.15 = 166.67 → 166 (notional 24.9, margin 4.98)", () => {
    expect(sizeFixed({ perTradeUsdt: "5", leverage: 5, entryPrice: "0.15", rules: DOGE })).toEqual({ ok: true, qty: "166", notional: "24.9", margin: "4.98" });
  });

  it("never rounds up: 0.0089999 stays 0.008", () => {
    const r = sizeFixed({ perTradeUsdt: "26.9997", leverage: 1, entryPrice: "3000", rules: ETH });
    expect(r).toMatchObject({ ok: true, qty: "0.008" });
  });

  it("refuses below min quantity instead of rounding to zero, saying what would work", () => {
    // 5 × 5 ÷ 60000 = 0.000416… → 0.000 < 0.001; needs max(0.001 × 60000, 100) ÷ 5 = 20 USDT.
    const r = sizeFixed({ perTradeUsdt: "5", leverage: 5, entryPrice: "60000", rules: BTC });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe("BELOW_MIN_QTY");
    expect(r.qty).toBe("0.000");
    expect(r.reason).toContain("below the minimum 0.001");
    expect(r.reason).toContain("at least 20 USDT per trade");
  });

  it("refuses below min notional: 20 × 5 ÷ 60000 → 0.001 BTC = 60 USDT < 100", () => {
    const r = sizeFixed({ perTradeUsdt: "20", leverage: 5, entryPrice: "60000", rules: BTC });
    expect(r).toMatchObject({ ok: false, code: "BELOW_MIN_NOTIONAL", qty: "0.001" });
    if (!r.ok) expect(r.reason).toContain("order value 60 USDT on BTCUSDT is below the minimum 100 USDT");
  });

  it("rejects nonsense inputs naming the field", () => {
    invalid(() => sizeFixed({ perTradeUsdt: "0", leverage: 5, entryPrice: "3000", rules: ETH }), "per_trade_usdt");
    invalid(() => sizeFixed({ perTradeUsdt: "5", leverage: 0, entryPrice: "3000", rules: ETH }), "leverage");
    invalid(() => sizeFixed({ perTradeUsdt: "5", leverage: 5, entryPrice: "abc", rules: ETH }), "entry_price");
  });
});

describe("sizeByRisk: qty = balance × risk% ÷ |entry − stop|", () => {
  it("LONG: 1000 × 1 % = 10 USDT over 3000 → 2940 (60) = 0.1666… → 0.166", () => {
    expect(sizeByRisk({ balanceUsdt: "1000", riskPct: "1", entryPrice: "3000", stopLoss: "2940", leverage: 5, rules: ETH })).toEqual({
      ok: true,
      qty: "0.166",
      notional: "498",
      margin: "99.6",
    });
  });

  it("SHORT: the same distance above the entry sizes the same", () => {
    expect(sizeByRisk({ balanceUsdt: "1000", riskPct: "1", entryPrice: "3000", stopLoss: "3060", leverage: 5, rules: ETH })).toMatchObject({ ok: true, qty: "0.166" });
  });

  it("refuses when a tight stop would need more margin than the balance", () => {
    // 100 × 2 % = 2 USDT over a 10 USDT distance = 0.2 BTC = 12000 USDT, 1200 margin at 10x > 100.
    const r = sizeByRisk({ balanceUsdt: "100", riskPct: "2", entryPrice: "60000", stopLoss: "59990", leverage: 10, rules: BTC });
    expect(r).toMatchObject({ ok: false, code: "MARGIN_EXCEEDS_BALANCE", qty: "0.200" });
  });

  it("refuses a risk too small for the market", () => {
    const r = sizeByRisk({ balanceUsdt: "100", riskPct: "0.5", entryPrice: "60000", stopLoss: "58000", leverage: 5, rules: BTC });
    expect(r).toMatchObject({ ok: false, code: "BELOW_MIN_QTY", qty: "0.000" });
  });

  it("needs a stop that differs from the entry", () => {
    invalid(() => sizeByRisk({ balanceUsdt: "100", riskPct: "1", entryPrice: "3000", stopLoss: "3000", leverage: 5, rules: ETH }), "stop_loss");
  });
});

describe("splitTargets", () => {
  it("even split on the step, remainder on the last: 0.010 / 3 = 0.003, 0.003, 0.004", () => {
    expect(splitTargets("0.010", 3, undefined, ETH)).toEqual({
      ok: true,
      targets: [
        { index: 1, qty: "0.003" },
        { index: 2, qty: "0.003" },
        { index: 3, qty: "0.004" },
      ],
    });
  });

  it("by percentages: 0.010 at 50/30/20 = 0.005, 0.003, 0.002", () => {
    const r = splitTargets("0.010", 3, ["50", "30", "20"], ETH);
    expect(r.ok && r.targets.map((t) => t.qty)).toEqual(["0.005", "0.003", "0.002"]);
  });

  it("whole-coin step: 166 DOGE over 4 = 41, 41, 41, 43", () => {
    const r = splitTargets("166", 4, undefined, DOGE);
    expect(r.ok && r.targets.map((t) => t.qty)).toEqual(["41", "41", "41", "43"]);
  });

  it("a share below min quantity moves to the next target", () => {
    // min 0.002: 10 % of 0.010 = 0.001 is too small → TP2 gets 0.004 + 0.001.
    const r = splitTargets("0.010", 3, ["10", "45", "45"], { ...ETH, minQty: "0.002" });
    expect(r).toEqual({
      ok: true,
      targets: [
        { index: 1, qty: "0.000", mergedInto: 2 },
        { index: 2, qty: "0.005" },
        { index: 3, qty: "0.005" },
      ],
    });
  });

  it("too small to split at all: everything rides on the last target", () => {
    const r = splitTargets("0.003", 4, undefined, BTC);
    expect(r.ok && r.targets).toEqual([
      { index: 1, qty: "0.000", mergedInto: 4 },
      { index: 2, qty: "0.000", mergedInto: 4 },
      { index: 3, qty: "0.000", mergedInto: 4 },
      { index: 4, qty: "0.003" },
    ]);
  });

  it("a last share below min quantity moves back to the previous target", () => {
    // min 0.003: 40/40/20 of 0.010 = 0.004, 0.004, 0.002 → the 0.002 joins TP2.
    const r = splitTargets("0.010", 3, ["40", "40", "20"], { ...ETH, minQty: "0.003" });
    expect(r.ok && r.targets).toEqual([
      { index: 1, qty: "0.004" },
      { index: 2, qty: "0.006" },
      { index: 3, qty: "0.000", mergedInto: 2 },
    ]);
  });

  it("chained merges point at the target that finally holds the share", () => {
    // min 0.003: 0.001 + 0.001 carry forward until TP3 holds 0.005.
    const r = splitTargets("0.005", 3, ["20", "20", "60"], { ...ETH, minQty: "0.003" });
    expect(r.ok && r.targets).toEqual([
      { index: 1, qty: "0.000", mergedInto: 3 },
      { index: 2, qty: "0.000", mergedInto: 3 },
      { index: 3, qty: "0.005" },
    ]);
  });

  it("refuses a quantity below the minimum, and percentages that do not sum to 100", () => {
    expect(splitTargets("0.0005", 2, undefined, { ...ETH, amountStep: "0.0001" })).toMatchObject({ ok: false });
    invalid(() => splitTargets("0.010", 3, ["50", "30", "10"], ETH), "tp_split");
    invalid(() => splitTargets("0.010", 2, ["50", "30", "20"], ETH), "tp_split");
    invalid(() => splitTargets("0.010", 11, undefined, ETH), "targets");
  });
});

describe("previewTrade (numbers checked by hand)", () => {
  it("LONG ETH 0.166 at 3000, 5x, SL 2940, TPs 3030/3060/3090", () => {
    const p = previewTrade({ direction: "LONG", entryPrice: "3000", stopLoss: "2940", targets: ["3030", "3060", "3090"], qty: "0.166", leverage: 5, rules: ETH });
    expect(p.notional).toBe("498"); // 0.166 × 3000
    expect(p.margin).toBe("99.6"); // ÷ 5
    // 60 × 0.166 = 9.96 lost = 10 % of the margin; the price moves −2 %.
    expect(p.risk).toEqual({ stopLoss: "2940", lossUsdt: "9.96", lossPct: "10", movePct: "-2" });
    expect(p.targets).toEqual([
      // 0.055 × 30 = 1.65 on a 33 USDT margin share = 5 %
      { index: 1, price: "3030", qty: "0.055", pnlUsdt: "1.65", pnlPct: "5", movePct: "1" },
      { index: 2, price: "3060", qty: "0.055", pnlUsdt: "3.3", pnlPct: "10", movePct: "2" },
      // the remainder 0.056 × 90 = 5.04 on 33.6 = 15 %
      { index: 3, price: "3090", qty: "0.056", pnlUsdt: "5.04", pnlPct: "15", movePct: "3" },
    ]);
  });

  it("SHORT ETH 0.166 at 3000, 5x, SL 3060, TPs 2970/2940/2910", () => {
    const p = previewTrade({ direction: "SHORT", entryPrice: "3000", stopLoss: "3060", targets: ["2970", "2940", "2910"], qty: "0.166", leverage: 5, rules: ETH });
    expect(p.risk).toEqual({ stopLoss: "3060", lossUsdt: "9.96", lossPct: "10", movePct: "-2" });
    expect(p.targets.map((t) => [t.qty, t.pnlUsdt, t.pnlPct, t.movePct])).toEqual([
      ["0.055", "1.65", "5", "1"],
      ["0.055", "3.3", "10", "2"],
      ["0.056", "5.04", "15", "3"],
    ]);
  });

  it("with a fee rate, P&L is net of entry and exit fees", () => {
    // TP1: 1.65 − 0.055 × 3000 × 0.0004 (0.066) − 0.055 × 3030 × 0.0004 (0.06666) = 1.51734 → 4.598 % of 33.
    const p = previewTrade({ direction: "LONG", entryPrice: "3000", stopLoss: "2940", targets: ["3030"], qty: "0.055", leverage: 5, rules: ETH, feeRate: "0.0004" });
    expect(p.targets[0]).toMatchObject({ pnlUsdt: "1.51734", pnlPct: "4.598" });
    // SL: 3.3 + 0.066 + 0.055 × 2940 × 0.0004 (0.06468) = 3.43068
    expect(p.risk?.lossUsdt).toBe("3.43068");
  });

  it("refuses a stop or target on the wrong side of the entry", () => {
    invalid(() => previewTrade({ direction: "LONG", entryPrice: "3000", stopLoss: "3100", targets: ["3030"], qty: "0.1", leverage: 5, rules: ETH }), "stop_loss");
    invalid(() => previewTrade({ direction: "SHORT", entryPrice: "3000", stopLoss: "3100", targets: ["3030"], qty: "0.1", leverage: 5, rules: ETH }), "targets.0");
  });
});

import { describe, expect, it } from "vitest";
import { settlePosition, type TOrderRow, type TPositionRow } from "./position-math";
import { staleSignalVerdict } from "./stale-signal";

let seq = 0;
const ctx = { feeRate: "0.0004", now: new Date("2026-11-25T12:00:00Z"), newId: () => `new-${++seq}` };
const position = (over: Partial<TPositionRow> = {}): TPositionRow => ({
  id: "p1", userId: 7, signalId: "00000000-0000-4000-8000-000000000001", symbol: "XUSDT", direction: "LONG", mode: "PAPER", status: "OPEN",
  leverage: 5, entryPrice: "100", qty: "0.5", remainingQty: "0.5", margin: "10", realizedPnl: "-0.02", fees: "0.02", targetsHit: 0,
  stopLoss: "90", nextTpPrice: "110", pnlPct: "-0.2", closeReason: null, closedAt: null, moveSlToEntryAfterTp1: false, ...over,
});
const order = (id: string, over: Partial<TOrderRow>): TOrderRow => ({
  id, clientOrderId: `c-${id}`, exchangeOrderId: null, kind: "TAKE_PROFIT", side: "SELL", type: "LIMIT", targetIndex: null, qty: "0",
  price: null, triggerPrice: null, reduceOnly: true, status: "OPEN", filledQty: "0", avgPrice: null, ...over,
});
const book = () => [
  order("e", { kind: "ENTRY", side: "BUY", type: "MARKET", qty: "0.5", status: "FILLED", filledQty: "0.5", avgPrice: "100", reduceOnly: false }),
  order("t1", { targetIndex: 1, qty: "0.25", price: "110" }),
  order("t2", { targetIndex: 2, qty: "0.25", price: "120" }),
  order("sl", { kind: "STOP_LOSS", type: "STOP_MARKET", qty: "0.5", triggerPrice: "90" }),
];

describe("settlePosition", () => {
  it("a price between the targets fills only what it crossed, and the next target becomes the trigger", () => {
    const s = settlePosition(position(), book(), [{ type: "cross", price: "115" }], ctx);
    // −0.02 + 10 × 0.25 − 0.25 × 110 × 0.0004 (0.011) = 2.469
    expect([s.position.realizedPnl, s.position.remainingQty, s.position.nextTpPrice, s.closed]).toEqual(["2.469", "0.25", "120", false]);
    expect(s.fills).toEqual([{ id: expect.any(String), orderId: "t1", tradeId: "paper-t1-0", qty: "0.25", price: "110", fee: "0.011" }]);
  });

  it("a gap through the stop fills it at the market price, worse than the trigger", () => {
    const s = settlePosition(position(), book(), [{ type: "cross", price: "85" }], ctx);
    // −0.02 − 15 × 0.5 − 0.5 × 85 × 0.0004 (0.017) = −7.537
    expect([s.position.status, s.position.closeReason, s.position.realizedPnl, s.position.pnlPct]).toEqual(["CLOSED", "SL", "-7.537", "-75.37"]);
    expect(s.updatedOrders.filter((o) => o.status === "CANCELED").map((o) => o.id)).toEqual(["t1", "t2"]);
  });

  it("does nothing to a closed or unfilled position, and a repeated action changes nothing", () => {
    expect(settlePosition(position({ status: "CLOSED" }), book(), [{ type: "close", price: "1", reason: "X" }], ctx).changed).toBe(false);
    expect(settlePosition(position({ entryPrice: null }), book(), [{ type: "close", price: "1", reason: "X" }], ctx).changed).toBe(false);
    const once = settlePosition(position(), book(), [{ type: "targets", upTo: 1 }], ctx);
    const orders = book().map((o) => once.updatedOrders.find((u) => u.id === o.id) ?? o);
    const twice = settlePosition(once.position, orders, [{ type: "targets", upTo: 1 }], ctx);
    expect(twice.fills).toEqual([]);
  });

  it("a SHORT's stop moves to the entry after TP1 when asked; a live one is cancelled and re-placed on the exchange", () => {
    const short = book().map((o) => ({ ...o, side: o.kind === "ENTRY" ? ("SELL" as const) : ("BUY" as const), price: o.price && String(200 - Number(o.price)), triggerPrice: o.triggerPrice && "110" }));
    const s = settlePosition(position({ direction: "SHORT", mode: "BINANCE_TESTNET", moveSlToEntryAfterTp1: true, stopLoss: "110" }), short.map((o) => ({ ...o, exchangeOrderId: `x-${o.id}` })), [{ type: "exchange", orderId: "t1", status: "FILLED", filledQty: "0.25", avgPrice: "90", fee: "0.009" }], ctx);
    // −0.02 + 10 × 0.25 − 0.009 = 2.471
    expect([s.position.realizedPnl, s.position.stopLoss, s.position.targetsHit]).toEqual(["2.471", "100", 1]);
    expect(s.toCancel.map((o) => o.id)).toEqual(["sl"]);
    expect(s.toPlace.map((o) => [o.kind, o.side, o.triggerPrice, o.qty, o.status])).toEqual([["STOP_LOSS", "BUY", "100", "0.25", "NEW"]]);
  });
});

describe("staleSignalVerdict", () => {
  const signal = { direction: "LONG" as const, entryLow: "99", entryHigh: "101", targets: ["110"], stopLoss: "90", createdAt: new Date("2026-11-25T11:55:00Z") };
  const cfg = { maxDriftPct: "1.5", maxAgeMinutes: 10 };
  const at = ctx.now;
  it("accepts a price inside the zone or within the drift, refuses beyond it, past TP1 or past the stop", () => {
    expect(staleSignalVerdict(signal, "100", at, cfg)).toEqual({ stale: false });
    expect(staleSignalVerdict(signal, "102.5", at, cfg)).toEqual({ stale: false }); // 1.485 % above the zone's top
    expect(staleSignalVerdict(signal, "102.6", at, cfg)).toMatchObject({ stale: true });
    expect(staleSignalVerdict(signal, "110", at, cfg)).toMatchObject({ stale: true, reason: expect.stringContaining("TP1") });
    expect(staleSignalVerdict(signal, "89", at, cfg)).toMatchObject({ stale: true, reason: expect.stringContaining("stop loss") });
  });
  it("checks only the age without a price, and the age always", () => {
    expect(staleSignalVerdict(signal, null, at, cfg)).toEqual({ stale: false });
    expect(staleSignalVerdict(signal, "100", new Date("2026-11-25T12:06:00Z"), cfg)).toMatchObject({ stale: true, reason: "signal is 11 minutes old (the limit is 10)" });
    expect(staleSignalVerdict({ ...signal, direction: "SHORT", targets: ["90"], stopLoss: "110" }, "90", at, cfg)).toMatchObject({ stale: true });
  });
});

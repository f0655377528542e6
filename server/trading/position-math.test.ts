import { describe, expect, it } from "vitest";
import { settlePosition, type TOrderRow, type TPositionRow, type TSettleAction, type TSettlement } from "./position-math";
import { staleSignalVerdict } from "./stale-signal";

let seq = 0;
const ctx = { feeRate: "0.0004", now: new Date("2026-11-25T12:00:00Z"), newId: () => `new-${++seq}` };
const position = (over: Partial<TPositionRow> = {}): TPositionRow => ({
  id: "p1", userId: 7, signalId: "00000000-0000-4000-8000-000000000001", symbol: "XUSDT", direction: "LONG", mode: "PAPER", status: "OPEN",
  leverage: 5, entryPrice: "100", qty: "0.5", remainingQty: "0.5", margin: "10", realizedPnl: "-0.02", fees: "0.02", targetsHit: 0,
  stopLoss: "90", nextTpPrice: "110", pnlPct: "-0.2", closeReason: null, closedAt: null, moveSlToEntryAfterTp1: false, trailingStopPct: null, trailingAfterTp: null,
  trailExtreme: null, ...over,
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

/** The book after a settlement: existing orders as updated, plus the new ones. */
const after = (orders: TOrderRow[], s: TSettlement) => [...orders.map((o) => s.updatedOrders.find((u) => u.id === o.id) ?? o), ...s.newOrders];
const stops = (orders: TOrderRow[]) => orders.filter((o) => o.kind === "STOP_LOSS").map((o) => [o.status, o.triggerPrice, o.qty]);

/** Settles `actions` one after the other, feeding each result to the next, as the database would. */
function run(start: TPositionRow, orders: TOrderRow[], ...actions: TSettleAction[]) {
  let p = start;
  let book = orders;
  const steps: TSettlement[] = [];
  for (const a of actions) {
    const s = settlePosition(p, book, [a], ctx);
    steps.push(s);
    p = s.position;
    book = after(book, s);
  }
  return { p, book, steps };
}

describe("trailing stop", () => {
  // LONG 0.5 from 100: TP1 110 (0.2), TP2 120 (0.2), TP3 150 (0.1), stop 90; trail 1 % after TP2.
  const longBook = () => [
    order("e", { kind: "ENTRY", side: "BUY", type: "MARKET", qty: "0.5", status: "FILLED", filledQty: "0.5", avgPrice: "100", reduceOnly: false }),
    order("t1", { targetIndex: 1, qty: "0.2", price: "110" }),
    order("t2", { targetIndex: 2, qty: "0.2", price: "120" }),
    order("t3", { targetIndex: 3, qty: "0.1", price: "150" }),
    order("sl", { kind: "STOP_LOSS", type: "STOP_MARKET", qty: "0.5", triggerPrice: "90" }),
  ];
  const trailingLong = (over: Partial<TPositionRow> = {}) => position({ trailingStopPct: "1", trailingAfterTp: 2, ...over });

  it("a LONG trails only after TP n, follows new highs by steps, never backwards, and its stop closes the rest exactly", () => {
    const { p, book, steps } = run(trailingLong(), longBook(),
      { type: "mark", price: "105" }, // 0: no take-profit yet
      { type: "cross", price: "111" }, // 1: TP1 — still one short of the trail
      { type: "mark", price: "118" }, // 2: nothing
      { type: "cross", price: "121" }, // 3: TP2 activates the trail: 120 (its fill), then 121 → stop 119.79
      { type: "mark", price: "120" }, // 4: lower: nothing
      { type: "mark", price: "121.1" }, // 5: new high, but the stop would gain 0.099 < step 0.1211
      { type: "mark", price: "122" }, // 6: stop → 120.78
      { type: "cross", price: "120.5" }, // 7: through the stop: the rest sells at the market
    );
    expect(steps.map((s) => s.changed)).toEqual([false, true, false, true, false, true, true, true]);
    expect([steps[1]!.position.stopLoss, steps[1]!.position.trailExtreme]).toEqual(["90", null]);
    // TP2's fill (120 → 118.8) and the tick's price (121 → 119.79) move the stop in one settlement:
    // one new stop order, aimed twice, and the original stop cancelled.
    expect([steps[3]!.position.stopLoss, steps[3]!.position.trailExtreme]).toEqual(["119.79", "121"]);
    expect(steps[3]!.newOrders.map((o) => [o.kind, o.triggerPrice, o.qty, o.status])).toEqual([["STOP_LOSS", "119.79", "0.1", "OPEN"]]);
    expect(steps[3]!.updatedOrders.find((o) => o.id === "sl")?.status).toBe("CANCELED");
    expect([steps[5]!.position.stopLoss, steps[5]!.position.trailExtreme, steps[5]!.newOrders]).toEqual(["119.79", "121.1", []]);
    expect([steps[6]!.position.stopLoss, steps[6]!.position.trailExtreme]).toEqual(["120.78", "122"]);
    expect(new Set(book.filter((o) => o.kind === "STOP_LOSS").map((o) => o.clientOrderId)).size).toBe(3);
    expect(stops(book)).toEqual([["CANCELED", "90", "0.5"], ["CANCELED", "119.79", "0.1"], ["FILLED", "120.78", "0.1"]]);
    // −0.02 + TP1 (2 − 0.0088) + TP2 (4 − 0.0096) + stop at 120.5 (2.05 − 0.1 × 120.5 × 0.0004 = 0.00482) = 8.00678
    expect([p.status, p.closeReason, p.realizedPnl, p.pnlPct, p.remainingQty]).toEqual(["CLOSED", "SL", "8.00678", "80.0678", "0"]);
    expect(book.find((o) => o.id === "t3")?.status).toBe("CANCELED");
  });

  it("a SHORT trails above the lowest price; a signal's TP event activates it at the target's price", () => {
    const shortBook = () => [
      order("e", { kind: "ENTRY", side: "SELL", type: "MARKET", qty: "0.5", status: "FILLED", filledQty: "0.5", avgPrice: "100", reduceOnly: false }),
      order("t1", { side: "BUY", targetIndex: 1, qty: "0.25", price: "90" }),
      order("t2", { side: "BUY", targetIndex: 2, qty: "0.25", price: "70" }),
      order("sl", { kind: "STOP_LOSS", side: "BUY", type: "STOP_MARKET", qty: "0.5", triggerPrice: "110" }),
    ];
    const { p, steps } = run(position({ direction: "SHORT", stopLoss: "110", nextTpPrice: "90", trailingStopPct: "2", trailingAfterTp: 1 }), shortBook(),
      { type: "mark", price: "95" }, // 0: not active yet
      { type: "targets", upTo: 1 }, // 1: TP1 at 90 → stop 91.8
      { type: "mark", price: "85" }, // 2: → 86.7
      { type: "mark", price: "86" }, // 3: higher: nothing
      { type: "mark", price: "84.95" }, // 4: gain 0.051 < step 0.1699: only the extreme
      { type: "cross", price: "87" }, // 5: through the stop
    );
    expect(steps.map((s) => [s.position.stopLoss, s.position.trailExtreme])).toEqual([
      ["110", null], ["91.8", "90"], ["86.7", "85"], ["86.7", "85"], ["86.7", "84.95"], ["86.7", "84.95"],
    ]);
    expect(steps[3]!.changed).toBe(false);
    // −0.02 + TP1 (2.5 − 0.009) + the rest bought back at 87 (3.25 − 0.25 × 87 × 0.0004 = 0.0087) = 5.7123
    expect([p.status, p.closeReason, p.realizedPnl]).toEqual(["CLOSED", "SL", "5.7123"]);
  });

  it("respects the breakeven stop: the trail moves it only once it is above the entry", () => {
    const { steps } = run(trailingLong({ moveSlToEntryAfterTp1: true, trailingStopPct: "10", trailingAfterTp: 1 }), longBook(),
      { type: "targets", upTo: 1 }, // breakeven 100; the trail (110 − 10 % = 99) would be looser
      { type: "mark", price: "115" }, // 103.5
    );
    expect(steps.map((s) => s.position.stopLoss)).toEqual(["100", "103.5"]);
  });

  it("a live position's move comes back as an order to cancel and one to place", () => {
    const live = longBook().map((o) => ({ ...o, exchangeOrderId: `x-${o.id}` }));
    const s = settlePosition(trailingLong({ mode: "BINANCE_TESTNET", targetsHit: 2, remainingQty: "0.1", stopLoss: "119.79", trailExtreme: "121" }), live, [{ type: "mark", price: "125" }], ctx);
    expect(s.toCancel.map((o) => o.id)).toEqual(["sl"]);
    expect(s.toPlace.map((o) => [o.kind, o.side, o.triggerPrice, o.qty, o.status])).toEqual([["STOP_LOSS", "SELL", "123.75", "0.1", "NEW"]]);
  });

  it("does nothing without a trailing setting", () => {
    const s = settlePosition(position({ targetsHit: 2 }), book(), [{ type: "mark", price: "150" }], ctx);
    expect(s.changed).toBe(false);
  });
});

describe("paper slippage", () => {
  const slipped = { ...ctx, slippageBps: 10 };
  it("a stop or a close at market fills 10 bps worse; a take-profit limit fills at its price", () => {
    const stop = settlePosition(position(), book(), [{ type: "cross", price: "85" }], slipped);
    // SELL 0.1 % lower: 84.915; −0.02 − 15.085 × 0.5 − 0.5 × 84.915 × 0.0004 (0.016983) = −7.579483
    expect([stop.fills[0]!.price, stop.position.realizedPnl]).toEqual(["84.915", "-7.579483"]);
    const tp = settlePosition(position(), book(), [{ type: "cross", price: "115" }], slipped);
    expect(tp.fills.map((f) => f.price)).toEqual(["110"]);
    const short = settlePosition(position({ direction: "SHORT" }), book(), [{ type: "close", price: "95", reason: "MANUAL" }], slipped);
    // BUY back 0.1 % higher: 95.095
    expect(short.fills.map((f) => f.price)).toEqual(["95.095"]);
    const live = settlePosition(position({ mode: "BINANCE_TESTNET" }), book(), [{ type: "stop", price: "89" }], slipped);
    expect(live.fills.map((f) => f.price)).toEqual(["89"]);
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

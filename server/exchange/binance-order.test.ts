import { describe, expect, it } from "vitest";
import { toOrder } from "./binance-order";

describe("toOrder (Binance's raw order objects)", () => {
  it("a market order still NEW is 'fill pending', a resting limit is OPEN, placeholders become null", () => {
    const base = { orderId: 7, clientOrderId: "vz-entry-x", symbol: "BTCUSDT", side: "BUY", origQty: "0.010", executedQty: "0", avgPrice: "0.00000", price: "0", stopPrice: "0" };
    expect(toOrder({ ...base, status: "NEW", type: "MARKET", origType: "MARKET" })).toMatchObject({ status: "NEW", kind: "market", qty: "0.01", filledQty: "0", avgPrice: null, price: null, triggerPrice: null });
    expect(toOrder({ ...base, status: "NEW", type: "LIMIT", origType: "LIMIT", price: "61000.00" })).toMatchObject({ status: "OPEN", kind: "limit", price: "61000" });
    expect(toOrder({ ...base, status: "EXPIRED_IN_MATCH", type: "LIMIT" }).status).toBe("EXPIRED");
  });

  it("an algo (conditional) order: algoId, clientAlgoId, trigger; fired (TRIGGERING/TRIGGERED/FINISHED) is a fill still unknown, never FILLED by itself", () => {
    const algo = { algoId: 99, clientAlgoId: "vz-sl-x", algoType: "CONDITIONAL", orderType: "STOP_MARKET", symbol: "BTCUSDT", side: "SELL", quantity: "0.010", triggerPrice: "59000.00", price: "0", reduceOnly: true };
    expect(toOrder({ ...algo, algoStatus: "NEW" })).toEqual({
      exchangeOrderId: "99",
      clientOrderId: "vz-sl-x",
      symbol: "BTCUSDT",
      side: "SELL",
      kind: "stop_market",
      conditional: true,
      status: "OPEN",
      qty: "0.01",
      filledQty: "0",
      avgPrice: null,
      price: null,
      triggerPrice: "59000",
      reduceOnly: true,
      fee: null,
      fillUnknown: false,
    });
    for (const fired of ["TRIGGERING", "TRIGGERED", "FINISHED"]) {
      expect(toOrder({ ...algo, algoStatus: fired, actualOrderId: "123" })).toMatchObject({ status: "OPEN", filledQty: "0", avgPrice: null, fillUnknown: true });
    }
    expect(toOrder({ ...algo, algoStatus: "CANCELLED" }).status).toBe("CANCELED");
  });

  it("hedge mode: a SELL on the LONG side is a closing (reduce-only) order", () => {
    const o = { orderId: 1, clientOrderId: "c", symbol: "ETHUSDT", status: "NEW", type: "LIMIT", side: "SELL", positionSide: "LONG", reduceOnly: false, origQty: "1", executedQty: "0", price: "3100" };
    expect(toOrder(o, true).reduceOnly).toBe(true);
    expect(toOrder({ ...o, side: "BUY" }, true).reduceOnly).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { createPaperExchange, crossedOrders, isPaperExchange, paperFillPrice, type TRestingOrderLike } from "./paper-exchange";
import type { TMarketRules, TPriceFeed } from "./types";

const BTC: TMarketRules = { symbol: "BTCUSDT", amountStep: "0.001", priceTick: "0.1", minQty: "0.001", minNotional: "100", maxLeverage: null };

function feed(prices: Record<string, string>, up = true): TPriceFeed & { requests: number } {
  const f = {
    requests: 0,
    async lastPrices(symbols: string[]) {
      f.requests += 1;
      if (!up) throw new AppError("EXCHANGE_UNAVAILABLE", "feed down", { retryable: true });
      return new Map(symbols.filter((s) => prices[s]).map((s) => [s, prices[s]!]));
    },
    async marketRules(symbol: string) {
      if (!up) throw new AppError("EXCHANGE_UNAVAILABLE", "feed down", { retryable: true });
      return { ...BTC, symbol };
    },
    health: () => ({ status: "ok" as const, lastOk: null, lastError: null, lastErrorAt: null }),
  };
  return f;
}

describe("paper exchange", () => {
  it("fills a market BUY at the last price plus slippage, with the taker fee", async () => {
    const ex = createPaperExchange({ prices: feed({ BTCUSDT: "60000" }), slippageBps: 10, balanceUsdt: "1000" });
    const o = await ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.01", clientOrderId: "e1" });
    // 60000 × 1.001 = 60060; fee 0.01 × 60060 × 0.0004 = 0.24024
    expect(o).toMatchObject({ status: "FILLED", kind: "market", qty: "0.01", filledQty: "0.01", avgPrice: "60060", fee: "0.24024", priceSource: "market" });
  });

  it("fills a SELL below the price (slippage hurts both ways), rounded to the tick", async () => {
    const ex = createPaperExchange({ prices: feed({ BTCUSDT: "60000.03" }), slippageBps: 10, balanceUsdt: "1000" });
    const o = await ex.marketOrder({ symbol: "BTCUSDT", side: "SELL", qty: "0.01", clientOrderId: "e1" });
    // 60000.03 × 0.999 = 59940.02997 → 59940.0 on the 0.1 tick
    expect(o.avgPrice).toBe("59940");
    expect(o.fee).toBe("0.23976");
  });

  it("simulates the balance: fees, margin in use at the set leverage, realized P&L on the close", async () => {
    const ex = createPaperExchange({ prices: feed({ BTCUSDT: "60000" }), slippageBps: 10, balanceUsdt: "1000" });
    await ex.setLeverage("BTCUSDT", 10);
    await ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.01", clientOrderId: "e1" });
    // total 1000 − 0.24024; margin 0.01 × 60060 ÷ 10 = 60.06
    expect(await ex.balance()).toEqual({ totalUsdt: "999.75976", freeUsdt: "939.69976" });
    await ex.marketOrder({ symbol: "BTCUSDT", side: "SELL", qty: "0.01", clientOrderId: "c1", reduceOnly: true });
    // realized (59940 − 60060) × 0.01 = −1.2; fees 0.24024 + 0.23976 = 0.48
    expect(await ex.balance()).toEqual({ totalUsdt: "998.32", freeUsdt: "998.32" });
  });

  it("the same client order id never fills twice", async () => {
    const prices = feed({ BTCUSDT: "60000" });
    const ex = createPaperExchange({ prices, balanceUsdt: "1000" });
    const a = await ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.01", clientOrderId: "e1" });
    const b = await ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.01", clientOrderId: "e1" });
    expect(b).toBe(a);
    expect((await ex.balance()).totalUsdt).toBe("999.76");
  });

  it("feed down: fills at the fallback price (no slippage) and says so, or refuses with EXCHANGE_UNAVAILABLE", async () => {
    const ex = createPaperExchange({ prices: feed({}, false), slippageBps: 10, balanceUsdt: "1000" });
    await expect(ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.01", clientOrderId: "e1" })).rejects.toMatchObject({
      code: "EXCHANGE_UNAVAILABLE",
      retryable: true,
    });
    const o = await ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.01", clientOrderId: "e1", fallbackPrice: "59000.5" });
    expect(o).toMatchObject({ status: "FILLED", avgPrice: "59000.5", priceSource: "fallback", fee: "0.236002" });
  });

  it("take-profit limits and stops rest OPEN; cancel and cancelAll succeed, unknown ids included", async () => {
    const ex = createPaperExchange({ prices: feed({ BTCUSDT: "60000" }), balanceUsdt: "1000" });
    const tp = await ex.takeProfitLimit({ symbol: "BTCUSDT", side: "SELL", qty: "0.005", price: "61000.04", clientOrderId: "tp1" });
    const sl = await ex.stopMarket({ symbol: "BTCUSDT", side: "SELL", qty: "0.01", triggerPrice: "59000", clientOrderId: "sl" });
    expect(tp).toMatchObject({ status: "OPEN", kind: "limit", price: "61000", reduceOnly: true, conditional: false });
    expect(sl).toMatchObject({ status: "OPEN", kind: "stop_market", triggerPrice: "59000", reduceOnly: true, conditional: true });
    expect((await ex.openOrders("BTCUSDT")).map((o) => o.clientOrderId)).toEqual(["tp1", "sl"]);
    await ex.cancelOrder({ symbol: "BTCUSDT", clientOrderId: "tp1", conditional: false });
    await ex.cancelOrder({ symbol: "BTCUSDT", clientOrderId: "never-placed", conditional: false });
    expect((await ex.findOrder({ symbol: "BTCUSDT", clientOrderId: "tp1", conditional: false }))?.status).toBe("CANCELED");
    await ex.cancelAll("BTCUSDT");
    expect(await ex.openOrders("BTCUSDT")).toEqual([]);
    expect(await ex.findOrder({ symbol: "BTCUSDT", clientOrderId: "nope", conditional: true })).toBeNull();
    expect(isPaperExchange(ex)).toBe(true);
  });

  it("a market the feed does not list is refused, even with a fallback price", async () => {
    const ex = createPaperExchange({ prices: feed({ BTCUSDT: "60000" }), balanceUsdt: "1000" });
    await expect(ex.marketOrder({ symbol: "NOPEUSDT", side: "BUY", qty: "1", clientOrderId: "x", fallbackPrice: "1" })).rejects.toMatchObject({ code: "INVALID_INPUT", field: "symbol" });
  });
});

describe("crossedOrders", () => {
  const orders: Array<TRestingOrderLike & { id: string }> = [
    { id: "long-tp", side: "SELL", kind: "limit", price: "61000", status: "OPEN" },
    { id: "long-sl", side: "SELL", kind: "stop_market", triggerPrice: "59000", status: "OPEN" },
    { id: "short-tp", side: "BUY", kind: "limit", price: "59000", status: "OPEN" },
    { id: "short-sl", side: "BUY", kind: "stop_market", triggerPrice: "61000", status: "OPEN" },
    { id: "cancelled", side: "SELL", kind: "limit", price: "60500", status: "CANCELED" },
    { id: "market", side: "BUY", kind: "market", status: "NEW" },
  ];
  const ids = (price: string) => crossedOrders(orders, price).map((o) => o.id);

  it("SELL TP when price ≥ limit, BUY stop when price ≥ trigger", () => expect(ids("61000")).toEqual(["long-tp", "short-sl"]));
  it("SELL stop when price ≤ trigger, BUY TP when price ≤ limit", () => expect(ids("59000")).toEqual(["long-sl", "short-tp"]));
  it("a gap past both fills them", () => expect(ids("65000")).toEqual(["long-tp", "short-sl"]));
  it("nothing in between, and never a cancelled order", () => {
    expect(ids("60000")).toEqual([]);
    expect(ids("60999.9")).toEqual([]);
    expect(ids("60500")).toEqual([]);
  });
  it("takes Decimal-like values (Prisma rows)", () => {
    const row = { side: "SELL" as const, kind: "limit" as const, price: { toString: () => "61000" } };
    expect(crossedOrders([row], { toString: () => "61000.5" })).toEqual([row]);
  });
  it("fill price: a limit at its limit, a stop at the market that crossed it, with slippage", () => {
    expect(paperFillPrice(orders[0]!, "61250")).toBe("61000");
    expect(paperFillPrice(orders[1]!, "58900", 10, "0.1")).toBe("58841.1");
  });
});

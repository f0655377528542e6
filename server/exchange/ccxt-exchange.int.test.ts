// The live adapter end to end: the REAL ccxt binanceusdm client in testnet mode against the local
// fake Binance USDⓈ-M (test/fakes/binance.ts), which checks signatures and speaks Binance's dialect,
// including the Algo Order API for STOP_MARKET and a timeout after an accepted order.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { FAKE_API_KEY, FAKE_API_SECRET, startFakeBinance, type TFakeBinance } from "@/test/fakes/binance";
import { AppError } from "../errors";
import { accountClient, clearMarketsCacheForTests, ensureMarkets, newBinanceClient, rateLimitPauseMs, type TBinanceClient } from "./ccxt-client";
import { createCcxtExchange, type TCcxtExchangeConfig } from "./ccxt-exchange";
import { clientOrderId } from "./client-order-id";
import { isWouldTriggerNow, type ExchangeAppError } from "./errors";
import type { TExchange } from "./types";

const SIGNAL = "0b7c9a4e-2f1d-4e6b-8a3c-5d9e7f1a2b3c";
let fake: TFakeBinance;
let ex: TExchange;

const adapter = (over: Partial<TCcxtExchangeConfig> = {}) =>
  createCcxtExchange({
    mode: "BINANCE_TESTNET",
    apiKey: FAKE_API_KEY,
    apiSecret: FAKE_API_SECRET,
    baseUrl: fake.baseUrl,
    timeoutMs: 1_000,
    retry: { backoffMs: [50] },
    ...over,
  });
const id = (leg: string, userId = 1) => clientOrderId({ userId, signalId: SIGNAL, leg });
const callsTo = (method: string, path: string) => fake.calls.filter((c) => c.method === method && c.path === path);
const failure = (p: Promise<unknown>) => p.then(() => Promise.reject(new Error("expected a failure")), (e: unknown) => e as ExchangeAppError);

beforeAll(async () => {
  fake = await startFakeBinance();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  // A new adapter knows nothing of the reset account (without a stored memory, what it learns lives with it).
  ex = adapter();
});

describe("market data", () => {
  it("market rules from exchangeInfo: step, tick, min qty, min notional, max leverage", async () => {
    expect(await ex.marketRules("BTCUSDT")).toEqual({ symbol: "BTCUSDT", amountStep: "0.001", priceTick: "0.1", minQty: "0.001", minNotional: "100", maxLeverage: 125 });
    expect(await ex.marketRules("DOGEUSDT")).toEqual({ symbol: "DOGEUSDT", amountStep: "1", priceTick: "0.00001", minQty: "1", minNotional: "5", maxLeverage: 75 });
    expect(await failure(ex.marketRules("NOPEUSDT"))).toMatchObject({ code: "INVALID_INPUT", field: "symbol" });
  });

  it("loads exchangeInfo once for every client of the same base URL", async () => {
    clearMarketsCacheForTests();
    await adapter().marketRules("BTCUSDT");
    await adapter().marketRules("ETHUSDT");
    await ex.openOrders("ETHUSDT");
    expect(callsTo("GET", "/fapi/v1/exchangeInfo")).toHaveLength(1);
  });

  it("last prices of many symbols in ONE request", async () => {
    fake.setPrice("ETHUSDT", "3012.34");
    const prices = await ex.lastPrices(["BTCUSDT", "ETHUSDT", "SOLUSDT", "NOPEUSDT"]);
    expect(Object.fromEntries(prices)).toEqual({ BTCUSDT: "60000", ETHUSDT: "3012.34", SOLUSDT: "150" });
    expect(fake.calls.map((c) => c.path)).toEqual(["/fapi/v2/ticker/price"]);
  });

  it("shared public reads: one answer for callers while in flight; a caller that accepts an age (a fan-out's copies) also gets the last one while it is that young", async () => {
    clearMarketsCacheForTests();
    await ex.lastPrices(["BTCUSDT"]);
    await ex.lastPrices(["BTCUSDT"]);
    expect(callsTo("GET", "/fapi/v2/ticker/price")).toHaveLength(2);
    const copies = adapter({ sharedReadMaxAgeMs: 500 });
    fake.setPrice("BTCUSDT", "60100");
    expect((await copies.lastPrices(["BTCUSDT"])).get("BTCUSDT")).toBe("60000"); // the answer sent just now
    expect((await ex.lastPrices(["BTCUSDT"])).get("BTCUSDT")).toBe("60100");
    expect(callsTo("GET", "/fapi/v2/ticker/price")).toHaveLength(3);
    await new Promise((r) => setTimeout(r, 550));
    fake.setPrice("BTCUSDT", "60200");
    expect((await copies.lastPrices(["BTCUSDT"])).get("BTCUSDT")).toBe("60200");
    expect((await copies.lastPrices(["BTCUSDT"])).get("BTCUSDT")).toBe("60200");
    expect(callsTo("GET", "/fapi/v2/ticker/price")).toHaveLength(4);
  });

  it("a balance read by a new client loads the markets from the shared cache, not its own exchangeInfo and clock requests", async () => {
    clearMarketsCacheForTests();
    await adapter().balance();
    await adapter().balance();
    expect([callsTo("GET", "/fapi/v1/exchangeInfo").length, callsTo("GET", "/fapi/v3/account").length]).toEqual([1, 2]);
  });

  it("balance in USDT, read from /fapi/v3/account", async () => {
    fake.setBalance("1234.5");
    expect(await ex.balance()).toEqual({ totalUsdt: "1234.5", freeUsdt: "1234.5" });
    expect(callsTo("GET", "/fapi/v3/account")).toHaveLength(1);
  });
});

describe("account settings", () => {
  it("sets leverage and margin mode; 'no need to change' is success", async () => {
    await ex.setLeverage("BTCUSDT", 10);
    await ex.setMarginMode("BTCUSDT", "ISOLATED");
    await ex.setMarginMode("BTCUSDT", "ISOLATED");
    await ex.setMarginMode("ETHUSDT", "CROSSED"); // already cross: Binance answers -4046
    expect(fake.account()).toMatchObject({ leverage: { BTCUSDT: 10 }, marginType: { BTCUSDT: "ISOLATED" } });
    expect(callsTo("POST", "/fapi/v1/marginType").map((c) => c.code)).toEqual([null, -4046, -4046]);
  });

  it("refuses a leverage the market does not offer", async () => {
    expect(await failure(ex.setLeverage("SOLUSDT", 100))).toMatchObject({ code: "INVALID_ORDER", exchangeCode: -4028 });
  });

  it("prepares a symbol without reading its settings first (weight 5): sets both once, then only what differs from what it set", async () => {
    expect(await ex.prepareSymbol("BTCUSDT", { leverage: 10, marginMode: "ISOLATED" })).toEqual({ leverage: 10, marginMode: "ISOLATED", kept: [] });
    expect(callsTo("GET", "/fapi/v1/symbolConfig")).toHaveLength(0);
    expect([callsTo("POST", "/fapi/v1/leverage").length, callsTo("POST", "/fapi/v1/marginType").length]).toEqual([1, 1]);
    expect(fake.account()).toMatchObject({ leverage: { BTCUSDT: 10 }, marginType: { BTCUSDT: "ISOLATED" } });
    const changes = () => callsTo("POST", "/fapi/v1/leverage").length + callsTo("POST", "/fapi/v1/marginType").length;
    const before = changes();
    expect(await ex.prepareSymbol("BTCUSDT", { leverage: 10, marginMode: "ISOLATED" })).toEqual({ leverage: 10, marginMode: "ISOLATED", kept: [] });
    expect(changes()).toBe(before);
    // Another leverage: only the leverage is sent. `fresh` (an answer showed the memory stale): both again.
    await ex.prepareSymbol("BTCUSDT", { leverage: 12, marginMode: "ISOLATED" });
    expect([callsTo("POST", "/fapi/v1/leverage").length, callsTo("POST", "/fapi/v1/marginType").length]).toEqual([2, 1]);
    await ex.prepareSymbol("BTCUSDT", { leverage: 12, marginMode: "ISOLATED" }, { fresh: true });
    expect([callsTo("POST", "/fapi/v1/leverage").length, callsTo("POST", "/fapi/v1/marginType").length]).toEqual([3, 2]);
  });

  it("reads the account's leverage brackets once for every symbol (one request, weight 1)", async () => {
    expect((await ex.marketRules("BTCUSDT")).maxLeverage).toBe(125);
    expect((await ex.marketRules("ETHUSDT")).maxLeverage).toBe(100);
    expect(callsTo("GET", "/fapi/v1/leverageBracket").map((c) => c.params.symbol)).toEqual([undefined]);
  });

  it("Binance refuses margin type changes over open orders (-4047) or a position (-4048), and lowering isolated leverage over a position (-4161): the account's setting stays, named", async () => {
    await ex.prepareSymbol("BTCUSDT", { leverage: 10, marginMode: "ISOLATED" });
    await ex.stopMarket({ symbol: "BTCUSDT", side: "SELL", qty: "0.002", triggerPrice: "50000", clientOrderId: id("sl") });
    expect(await failure(ex.setMarginMode("BTCUSDT", "CROSSED"))).toMatchObject({ exchangeCode: -4047 });
    expect(await ex.prepareSymbol("BTCUSDT", { leverage: 10, marginMode: "CROSSED" })).toEqual({ leverage: 10, marginMode: "ISOLATED", kept: [expect.stringMatching(/-4047/)] });
    await ex.cancelAll("BTCUSDT");
    await ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.01", clientOrderId: id("entry") });
    expect(await failure(ex.setMarginMode("BTCUSDT", "CROSSED"))).toMatchObject({ exchangeCode: -4048 });
    expect(await failure(ex.setLeverage("BTCUSDT", 5))).toMatchObject({ exchangeCode: -4161 });
    expect(await ex.prepareSymbol("BTCUSDT", { leverage: 5, marginMode: "ISOLATED" })).toEqual({ leverage: 10, marginMode: "ISOLATED", kept: [expect.stringMatching(/-4161/)] });
    expect(await ex.prepareSymbol("BTCUSDT", { leverage: 20, marginMode: "ISOLATED" })).toEqual({ leverage: 20, marginMode: "ISOLATED", kept: [] });
    fake.rejectNext(1, { code: -2027, msg: "Exceeded the maximum allowable position at current leverage." }, { method: "POST", path: "/fapi/v1/leverage" });
    expect(await ex.prepareSymbol("BTCUSDT", { leverage: 50, marginMode: "ISOLATED" })).toEqual({ leverage: 20, marginMode: "ISOLATED", kept: [expect.stringMatching(/-2027/)] });
  });

  it("switches the position mode; already set is success", async () => {
    await ex.setPositionMode(true);
    await ex.setPositionMode(true);
    expect(fake.account().dualSidePosition).toBe(true);
    expect(callsTo("POST", "/fapi/v1/positionSide/dual").map((c) => c.code)).toEqual([null, -4059]);
  });

  it("refuses to switch the position mode over open orders (-4067) or positions (-4068): a CONFLICT naming why", async () => {
    await ex.takeProfitLimit({ symbol: "BTCUSDT", side: "BUY", qty: "0.002", price: "50000", clientOrderId: id("tp1") }).catch(() => undefined);
    await ex.stopMarket({ symbol: "ETHUSDT", side: "BUY", qty: "0.1", triggerPrice: "3100", clientOrderId: id("sl") }).catch(() => undefined);
    const orders = await failure(ex.setPositionMode(true));
    expect(orders).toMatchObject({ code: "CONFLICT", exchangeCode: -4067, extra: { reason: "open_orders" } });
    expect(orders.message).toMatch(/hedge position mode while it has open orders/);
    await ex.cancelAll("ETHUSDT");
    await ex.marketOrder({ symbol: "ETHUSDT", side: "BUY", qty: "0.1", clientOrderId: id("entry") });
    const positions = await failure(ex.setPositionMode(true));
    expect(positions).toMatchObject({ code: "CONFLICT", exchangeCode: -4068, extra: { reason: "open_positions" } });
    expect(fake.account().dualSidePosition).toBe(false);
  });
});

describe("trades and commissions", () => {
  it("an order's trades with the exact commission and its asset (USDT, or BNB)", async () => {
    const entry = await ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.01", clientOrderId: id("entry") });
    const trades = await ex.orderTrades({ symbol: "BTCUSDT", exchangeOrderId: entry.exchangeOrderId });
    // 0.01 × 60000 × 0.0004 = 0.24
    expect(trades).toEqual([
      { tradeId: expect.stringMatching(/^\d+$/), orderId: entry.exchangeOrderId, symbol: "BTCUSDT", side: "BUY", qty: "0.01", price: "60000", commission: "0.24", commissionAsset: "USDT", maker: false, time: expect.any(Date) },
    ]);
    expect(callsTo("GET", "/fapi/v1/userTrades").at(-1)?.params).toMatchObject({ symbol: "BTCUSDT", orderId: entry.exchangeOrderId });

    fake.setFees({ asset: "BNB" });
    const tp = await ex.takeProfitLimit({ symbol: "BTCUSDT", side: "SELL", qty: "0.01", price: "60500", clientOrderId: id("tp1") });
    fake.setPrice("BTCUSDT", "60500");
    // 0.01 × 60500 × 0.0004 = 0.242 USDT = 0.00040333 BNB at 600
    expect(await ex.orderTrades({ symbol: "BTCUSDT", exchangeOrderId: tp.exchangeOrderId })).toMatchObject([{ qty: "0.01", price: "60500", commission: "0.00040333", commissionAsset: "BNB", maker: true }]);
    expect(await ex.orderTrades({ symbol: "BTCUSDT", exchangeOrderId: "123" })).toEqual([]);
  });

  it("an order older than Binance's 7-day default window: its trades are still found, in 7-day spans from its placement", async () => {
    const entry = await ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.01", clientOrderId: id("entry") });
    const tenDaysAgo = Date.now() - 10 * 24 * 3600_000;
    Object.assign(fake.orders[0]!, { time: tenDaysAgo, updateTime: tenDaysAgo + 1_000 });
    fake.trades[0]!.time = tenDaysAgo + 1_000;
    expect(await ex.orderTrades({ symbol: "BTCUSDT", exchangeOrderId: entry.exchangeOrderId })).toMatchObject([{ orderId: entry.exchangeOrderId, qty: "0.01", commission: "0.24" }]);
    expect(fake.calls.filter((c) => c.code === -1127)).toEqual([]);
  });

  it("an order placed 10 days ago, filled 9 days ago and last changed 2 days ago: its old fill is still found", async () => {
    const entry = await ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.01", clientOrderId: id("entry") });
    const day = 24 * 3600_000;
    Object.assign(fake.orders[0]!, { time: Date.now() - 10 * day, updateTime: Date.now() - 2 * day });
    fake.trades[0]!.time = Date.now() - 9 * day;
    expect(await ex.orderTrades({ symbol: "BTCUSDT", exchangeOrderId: entry.exchangeOrderId })).toMatchObject([{ orderId: entry.exchangeOrderId, qty: "0.01" }]);
  });

  it("a triggered stop names the order that carries its fill, whose trades hold the commission", async () => {
    await ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.012", clientOrderId: id("entry") });
    await ex.stopMarket({ symbol: "BTCUSDT", side: "SELL", qty: "0.012", triggerPrice: "59000", clientOrderId: id("sl") });
    fake.setPrice("BTCUSDT", "58900");
    const stop = (await ex.findOrder({ symbol: "BTCUSDT", clientOrderId: id("sl"), conditional: true }))!;
    expect(stop.fillOrderId).toBe(String(fake.algoOrders[0]!.actualOrderId));
    // 0.012 × 58900 × 0.0004 = 0.28272
    expect(await ex.orderTrades({ symbol: "BTCUSDT", exchangeOrderId: stop.fillOrderId! })).toMatchObject([{ qty: "0.012", price: "58900", commission: "0.28272", side: "SELL" }]);
  });
});

describe("orders (one-way mode)", () => {
  it("market entry: amount rounded DOWN to the step, filled at the market, our client id on it", async () => {
    const o = await ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.0129", clientOrderId: id("entry") });
    expect(o).toMatchObject({ clientOrderId: id("entry"), symbol: "BTCUSDT", side: "BUY", kind: "market", conditional: false, status: "FILLED" });
    expect(o).toMatchObject({ qty: "0.012", filledQty: "0.012", avgPrice: "60000", reduceOnly: false });
    const sent = callsTo("POST", "/fapi/v1/order")[0]!.params;
    expect(sent).toMatchObject({ symbol: "BTCUSDT", side: "BUY", type: "MARKET", quantity: "0.012", newClientOrderId: id("entry") });
    expect(sent.reduceOnly).toBeUndefined();
    expect(fake.positions()).toEqual([{ symbol: "BTCUSDT", positionSide: "BOTH", positionAmt: "0.012", entryPrice: "60000" }]);
  });

  it("reduce-only take-profit LIMIT, price on the tick, resting OPEN", async () => {
    await ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.012", clientOrderId: id("entry") });
    const tp = await ex.takeProfitLimit({ symbol: "BTCUSDT", side: "SELL", qty: "0.006", price: "61000.04", clientOrderId: id("tp1") });
    expect(tp).toMatchObject({ kind: "limit", conditional: false, status: "OPEN", qty: "0.006", filledQty: "0", price: "61000", reduceOnly: true });
    expect(callsTo("POST", "/fapi/v1/order")[1]!.params).toMatchObject({ type: "LIMIT", price: "61000", timeInForce: "GTC", reduceOnly: "true", newClientOrderId: id("tp1") });
  });

  it("STOP_MARKET goes to /fapi/v1/algoOrder with clientAlgoId, reduce-only, on the mark price", async () => {
    await ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.012", clientOrderId: id("entry") });
    const sl = await ex.stopMarket({ symbol: "BTCUSDT", side: "SELL", qty: "0.012", triggerPrice: "59000", clientOrderId: id("sl") });
    expect(sl).toMatchObject({ kind: "stop_market", conditional: true, status: "OPEN", qty: "0.012", triggerPrice: "59000", reduceOnly: true, clientOrderId: id("sl") });
    expect(sl.exchangeOrderId).toBe(String(fake.algoOrders[0]!.algoId));
    const sent = callsTo("POST", "/fapi/v1/algoOrder")[0]!.params;
    expect(sent).toMatchObject({ algoType: "CONDITIONAL", type: "STOP_MARKET", side: "SELL", quantity: "0.012", triggerPrice: "59000", reduceOnly: "true", workingType: "MARK_PRICE", clientAlgoId: id("sl") });
    expect(callsTo("POST", "/fapi/v1/order")).toHaveLength(1); // only the entry: never -4120
  });

  it("open orders list both kinds; cancel one of each, unknown ids are success; cancel all clears both", async () => {
    await ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.012", clientOrderId: id("entry") });
    await ex.takeProfitLimit({ symbol: "BTCUSDT", side: "SELL", qty: "0.006", price: "61000", clientOrderId: id("tp1") });
    await ex.takeProfitLimit({ symbol: "BTCUSDT", side: "SELL", qty: "0.006", price: "62000", clientOrderId: id("tp2") });
    await ex.stopMarket({ symbol: "BTCUSDT", side: "SELL", qty: "0.012", triggerPrice: "59000", clientOrderId: id("sl") });
    const open = await ex.openOrders("BTCUSDT");
    expect(open.map((o) => [o.clientOrderId, o.kind, o.conditional])).toEqual([
      [id("tp1"), "limit", false],
      [id("tp2"), "limit", false],
      [id("sl"), "stop_market", true],
    ]);

    await ex.cancelOrder({ symbol: "BTCUSDT", clientOrderId: id("tp1"), conditional: false });
    await ex.cancelOrder({ symbol: "BTCUSDT", clientOrderId: id("tp1"), conditional: false }); // again: -2011 → fine
    await ex.cancelOrder({ symbol: "BTCUSDT", clientOrderId: id("tp9"), conditional: true });
    expect((await ex.openOrders("BTCUSDT")).map((o) => o.clientOrderId)).toEqual([id("tp2"), id("sl")]);
    expect(await ex.findOrder({ symbol: "BTCUSDT", clientOrderId: id("tp1"), conditional: false })).toMatchObject({ status: "CANCELED" });

    await ex.cancelOrder({ symbol: "BTCUSDT", clientOrderId: id("sl"), conditional: true });
    expect(fake.algoOrders[0]!.algoStatus).toBe("CANCELED");

    await ex.stopMarket({ symbol: "BTCUSDT", side: "SELL", qty: "0.012", triggerPrice: "59000", clientOrderId: id("sl", 2) });
    await ex.cancelAll("BTCUSDT");
    expect(await ex.openOrders("BTCUSDT")).toEqual([]);
    expect(callsTo("DELETE", "/fapi/v1/allOpenOrders")).toHaveLength(1);
    expect(callsTo("DELETE", "/fapi/v1/algoOpenOrders")).toHaveLength(1);
  });

  it("finds orders by client id: normal, conditional, triggered (with its fill), unknown", async () => {
    await ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.012", clientOrderId: id("entry") });
    await ex.stopMarket({ symbol: "BTCUSDT", side: "SELL", qty: "0.012", triggerPrice: "59000", clientOrderId: id("sl") });
    expect(await ex.findOrder({ symbol: "BTCUSDT", clientOrderId: id("entry"), conditional: false })).toMatchObject({ status: "FILLED", avgPrice: "60000" });
    expect(await ex.findOrder({ symbol: "BTCUSDT", clientOrderId: id("sl"), conditional: true })).toMatchObject({ status: "OPEN", conditional: true });
    expect(await ex.findOrder({ symbol: "BTCUSDT", clientOrderId: id("sl"), conditional: false })).toBeNull();
    expect(await ex.findOrder({ symbol: "BTCUSDT", clientOrderId: id("tp9"), conditional: true })).toBeNull();

    fake.setPrice("BTCUSDT", "58900"); // the stop triggers; its market order fills at 58900
    expect(await ex.findOrder({ symbol: "BTCUSDT", clientOrderId: id("sl"), conditional: true })).toMatchObject({
      status: "FILLED",
      filledQty: "0.012",
      avgPrice: "58900",
    });
    expect(fake.positions()).toEqual([]);
  });
});

describe("a conditional order's lifecycle (NEW → TRIGGERING → TRIGGERED → FINISHED)", () => {
  const sl = () => ex.findOrder({ symbol: "BTCUSDT", clientOrderId: id("sl"), conditional: true });
  beforeEach(async () => {
    await ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.012", clientOrderId: id("entry") });
    await ex.stopMarket({ symbol: "BTCUSDT", side: "SELL", qty: "0.012", triggerPrice: "59000", clientOrderId: id("sl") });
  });

  it("TRIGGERING (no child order yet) and TRIGGERED (child not filled) are neither resting nor filled: the fill is unknown", async () => {
    fake.scriptAlgo(id("sl"), { holdAt: "TRIGGERING" });
    fake.setPrice("BTCUSDT", "58900");
    expect(await sl()).toMatchObject({ status: "OPEN", filledQty: "0", fillUnknown: true });
    fake.advanceAlgo(id("sl"));
    expect(fake.algoOrders[0]!.algoStatus).toBe("TRIGGERED");
    expect(await sl()).toMatchObject({ status: "OPEN", filledQty: "0", fillOrderId: String(fake.algoOrders[0]!.actualOrderId) });
    fake.advanceAlgo(id("sl"));
    expect(await sl()).toMatchObject({ status: "FILLED", filledQty: "0.012", avgPrice: "58900", fillUnknown: false });
  });

  it("a FINISHED stop whose child market order filled only in part: exactly the child's fill, and the stop is gone", async () => {
    fake.scriptAlgo(id("sl"), { childFill: "0.005", childEnd: "EXPIRED" });
    fake.setPrice("BTCUSDT", "58900");
    expect(fake.algoOrders[0]!.algoStatus).toBe("FINISHED");
    expect(await sl()).toMatchObject({ status: "EXPIRED", filledQty: "0.005", avgPrice: "58900", fillUnknown: false });
    expect(fake.positions()).toEqual([{ symbol: "BTCUSDT", positionSide: "BOTH", positionAmt: "0.007", entryPrice: "60000" }]);
  });

  it("a FINISHED stop whose child was cancelled unfilled: CANCELED, nothing filled", async () => {
    fake.scriptAlgo(id("sl"), { childFill: "0" });
    fake.setPrice("BTCUSDT", "58900");
    expect(await sl()).toMatchObject({ status: "CANCELED", filledQty: "0" });
  });

  it("a FINISHED stop whose child order cannot be read: the fill is unknown, never assumed whole", async () => {
    fake.setPrice("BTCUSDT", "58900");
    fake.rejectNext(3, { code: -1000, msg: "An unknown error occured while processing the request.", status: 500 }, { method: "GET", path: "/fapi/v1/order" });
    expect(await sl()).toMatchObject({ status: "OPEN", filledQty: "0", fillUnknown: true, fillOrderId: String(fake.algoOrders[0]!.actualOrderId) });
  });

  it("EXPIRED and CANCELED algo orders are gone, with nothing filled", async () => {
    fake.algoOrders[0]!.algoStatus = "EXPIRED";
    expect(await sl()).toMatchObject({ status: "EXPIRED", filledQty: "0" });
  });
});

describe("mark price and last price", () => {
  beforeEach(async () => {
    await ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.012", clientOrderId: id("entry") });
  });

  it("a MARK_PRICE stop fires on the mark, not on the last price; its market order fills at the last price", async () => {
    await ex.stopMarket({ symbol: "BTCUSDT", side: "SELL", qty: "0.012", triggerPrice: "59000", clientOrderId: id("sl") });
    fake.setPrice("BTCUSDT", "58900", { mark: "59500" });
    expect(fake.algoOrders[0]!.algoStatus).toBe("NEW");
    fake.setMarkPrice("BTCUSDT", "58990");
    expect(await ex.findOrder({ symbol: "BTCUSDT", clientOrderId: id("sl"), conditional: true })).toMatchObject({ status: "FILLED", avgPrice: "58900" });
  });

  it("a stop already past the MARK price is not sent (the last price is still above it): a would-trigger refusal", async () => {
    fake.setPrice("BTCUSDT", "60000", { mark: "58900" });
    const e = await failure(ex.stopMarket({ symbol: "BTCUSDT", side: "SELL", qty: "0.012", triggerPrice: "59000", clientOrderId: id("sl") }));
    expect(isWouldTriggerNow(e)).toBe(true);
    expect(e.message).toMatch(/mark price 58900/);
    expect(callsTo("POST", "/fapi/v1/algoOrder")).toEqual([]);
  });

  it("a stop placed with readBack 'unless-mark-checked' after a mark check is not read back; with the mark unreadable it is", async () => {
    fake.setPrice("BTCUSDT", "60000");
    await ex.stopMarket({ symbol: "BTCUSDT", side: "SELL", qty: "0.012", triggerPrice: "59000", clientOrderId: id("sl"), readBack: "unless-mark-checked" });
    expect(callsTo("GET", "/fapi/v1/algoOrder")).toHaveLength(0);
    fake.rejectNext(1, { code: -1000, msg: "An unknown error occured while processing the request.", status: 500 }, { method: "GET", path: "/fapi/v1/premiumIndex" });
    await ex.stopMarket({ symbol: "BTCUSDT", side: "SELL", qty: "0.012", triggerPrice: "59000", clientOrderId: id("sl2"), readBack: "unless-mark-checked" });
    expect(callsTo("GET", "/fapi/v1/algoOrder")).toHaveLength(1);
  });

  it("Binance taking a crossed stop without -2021: the placement is read back and shows it fired", async () => {
    fake.setImmediateTrigger("accept");
    fake.setPrice("BTCUSDT", "60000", { mark: "58900" });
    fake.rejectNext(1, { code: -1000, msg: "An unknown error occured while processing the request.", status: 500 }, { method: "GET", path: "/fapi/v1/premiumIndex" });
    const sl = await ex.stopMarket({ symbol: "BTCUSDT", side: "SELL", qty: "0.012", triggerPrice: "59000", clientOrderId: id("sl") });
    expect(sl).toMatchObject({ status: "FILLED", filledQty: "0.012", avgPrice: "60000" });
  });
});

describe("accounts on one shared client", () => {
  it("every account signs with its own keys through the one ccxt client of the base URL, also at once", async () => {
    const keys = ["acct-a", "acct-b", "acct-c"];
    for (const k of keys) fake.addAccount({ apiKey: k, apiSecret: `${k}-secret`, balanceUsdt: "5000" });
    const wrong = adapter({ apiKey: "acct-c", apiSecret: "not-its-secret" });
    const [a, b, c] = await Promise.allSettled([
      adapter({ apiKey: "acct-a", apiSecret: "acct-a-secret" }).marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.002", clientOrderId: id("a") }),
      adapter({ apiKey: "acct-b", apiSecret: "acct-b-secret" }).marketOrder({ symbol: "BTCUSDT", side: "SELL", qty: "0.003", clientOrderId: id("b") }),
      wrong.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.004", clientOrderId: id("c") }),
    ]);
    expect([a.status, b.status, c.status]).toEqual(["fulfilled", "fulfilled", "rejected"]);
    expect(fake.positions("acct-a").map((p) => p.positionAmt)).toEqual(["0.002"]);
    expect(fake.positions("acct-b").map((p) => p.positionAmt)).toEqual(["-0.003"]);
    expect(fake.positions("acct-c")).toEqual([]);
    expect(callsTo("POST", "/fapi/v1/order").map((x) => x.apiKey).sort()).toEqual(keys);
  });

  it("an account's view holds its keys and its last request, nothing it would build or load for itself", async () => {
    // The markets come from another client (the price feed's, say): the shared one never sent a request itself.
    clearMarketsCacheForTests();
    await ensureMarkets(newBinanceClient({ baseUrl: fake.baseUrl, network: "public" }), fake.baseUrl);
    const view = accountClient({ baseUrl: fake.baseUrl, network: "testnet", apiKey: FAKE_API_KEY, apiSecret: FAKE_API_SECRET });
    await ensureMarkets(view, fake.baseUrl);
    await Promise.all([view.fapiPrivateGetLeverageBracket(), accountClient({ baseUrl: fake.baseUrl, network: "testnet", apiKey: "other", apiSecret: "x" }).fetchTime()]);
    const own = Object.keys(view).filter((k) => !/^(apiKey|secret|last_|lastRestRequestTimestamp)/.test(k));
    expect(own).toEqual([]);
    expect(Object.getPrototypeOf(view)).toBe(Object.getPrototypeOf(accountClient({ baseUrl: fake.baseUrl, network: "testnet", apiKey: "k", apiSecret: "s" })));
  });

  /** An account's view that has sent a request, so the shared connection pool is loaded. */
  async function readyView(apiKey = FAKE_API_KEY, apiSecret = FAKE_API_SECRET): Promise<TBinanceClient> {
    const view = accountClient({ baseUrl: fake.baseUrl, network: "testnet", apiKey, apiSecret, timeoutMs: 1_000 });
    await ensureMarkets(view, fake.baseUrl);
    await view.fapiPrivateGetLeverageBracket();
    return view;
  }

  it("an order and a stop are sent byte for byte as ccxt's binance.sign builds them, past ccxt's generic fetch", async () => {
    const view = await readyView();
    const ccxtFetch = vi.spyOn(view, "fetch");
    const order = { symbol: "BTCUSDT", side: "BUY", type: "MARKET", quantity: "0.002", newClientOrderId: id("w"), newOrderRespType: "RESULT", reduceOnly: "false" };
    const stop = { algoType: "CONDITIONAL", symbol: "BTCUSDT", side: "SELL", type: "STOP_MARKET", quantity: "0.002", triggerPrice: "59000", workingType: "MARK_PRICE", clientAlgoId: id("ws"), reduceOnly: "true" };
    expect(await view.fapiPrivatePostOrder({ ...order })).toMatchObject({ clientOrderId: id("w"), status: "FILLED", executedQty: "0.002" });
    expect(await view.fapiPrivatePostAlgoOrder({ ...stop })).toMatchObject({ clientAlgoId: id("ws"), algoStatus: "NEW" });
    expect(ccxtFetch).not.toHaveBeenCalled();
    for (const [path, params] of [["order", order], ["algoOrder", stop]] as const) {
      const sent = callsTo("POST", `/fapi/v1/${path}`).at(-1)!;
      expect(sent).toMatchObject({ apiKey: FAKE_API_KEY, status: 200 });
      // What ccxt's own path would have sent at the same timestamp.
      const asCcxt = Object.assign(Object.create(view) as TBinanceClient, { nonce: () => Number(sent.params.timestamp) });
      expect(sent.body).toBe(asCcxt.sign(path, "fapiPrivate", "POST", { ...params }).body);
    }
  });

  it("Binance's refusals, a 429, a timeout and a lost connection on that path are ccxt's errors, as on ccxt's own", async () => {
    const entry = (leg: string) => ({ symbol: "BTCUSDT", side: "BUY", type: "MARKET", quantity: "0.002", newClientOrderId: id(leg) });
    const view = await readyView();
    const wrong = accountClient({ baseUrl: fake.baseUrl, network: "testnet", apiKey: FAKE_API_KEY, apiSecret: "WrongSecret0123456789abcdef" });
    await expect(wrong.fapiPrivatePostOrder(entry("wrong"))).rejects.toMatchObject({ name: "AuthenticationError", httpStatus: 400, message: expect.stringContaining("-1022") });
    fake.rateLimitNext(1, { retryAfterSeconds: 2 });
    await expect(view.fapiPrivatePostOrder(entry("lim"))).rejects.toMatchObject({ name: "DDoSProtection", httpStatus: 429, retryAfterSeconds: 2 });
    expect(rateLimitPauseMs(fake.baseUrl)).toBeGreaterThan(1_000); // every client of the process waits it out
    clearMarketsCacheForTests(); // not this test's point: the next requests need not wait 2 s
    const fresh = await readyView();
    fake.timeoutAfterAcceptNext(1, { mode: "hold" });
    await expect(fresh.fapiPrivatePostOrder(entry("held"))).rejects.toMatchObject({ name: "RequestTimeout" });
    fake.timeoutAfterAcceptNext(1, { mode: "destroy" });
    await expect(fresh.fapiPrivatePostOrder(entry("cut"))).rejects.toMatchObject({ name: "NetworkError" });
    // Both were accepted before their answer was lost: what placeOnce then looks up by client id.
    expect(fake.orders.map((o) => o.clientOrderId).filter((c) => c === id("held") || c === id("cut"))).toEqual([id("held"), id("cut")]);
  });

  it("a kept-alive connection the other end reset while idle: a read is asked again once on a fresh one", async () => {
    await ex.balance();
    fake.goDown();
    fake.comeBack(); // every pooled socket is now dead, without the pool knowing yet
    expect(await ex.balance()).toMatchObject({ totalUsdt: expect.any(String) });
  });
});

describe("rate limits (request weight per IP, orders per account)", () => {
  it("every answer carries the used weight; order placements the account's order counts", async () => {
    await ex.balance();
    await ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.01", clientOrderId: id("entry") });
    const [account, placed] = [callsTo("GET", "/fapi/v3/account")[0]!, callsTo("POST", "/fapi/v1/order")[0]!];
    expect(account.status).toBe(200);
    expect(placed.status).toBe(200);
    const res = await fetch(`${fake.baseUrl}/fapi/v1/time`);
    // account 5 + this time 1 (the markets come from the process's shared exchangeInfo)
    expect(Number(res.headers.get("x-mbx-used-weight-1m"))).toBeGreaterThanOrEqual(6);
  });

  it("after a 429 every client of the process waits the Retry-After out: the IP is never banned (418)", async () => {
    clearMarketsCacheForTests();
    // Binance's minute ends 3 s from now, and the IP may use 15 weight per minute (two clients' first calls).
    fake.setClockOffset(((57_000 - (Date.now() % 60_000)) % 60_000 + 60_000) % 60_000);
    fake.setRateLimits({ weightPerMinute: 15 });
    const results: string[] = [];
    for (let k = 0; k < 4; k += 1) {
      const key = `rl${k}${"0".repeat(40)}`;
      fake.addAccount({ apiKey: key, apiSecret: `${key}s` });
      // After the first client, another tool on the same IP spends what we thought was left.
      if (k === 1) for (let i = 0; i < 4; i += 1) await fetch(`${fake.baseUrl}/fapi/v1/ticker/price`);
      const r = await adapter({ apiKey: key, apiSecret: `${key}s` })
        .balance()
        .then(() => "ok", (e: ExchangeAppError) => e.code);
      results.push(r);
    }
    expect(fake.calls.filter((c) => c.status === 418)).toEqual([]);
    expect(fake.calls.filter((c) => c.status === 429).length).toBeLessThanOrEqual(1);
    expect(results).toEqual(["ok", "RATE_LIMITED", "ok", "ok"]);
  });
});

describe("clock drift (-1021)", () => {
  it("Binance's clock 20 s ahead of ours: the client syncs with /fapi/v1/time and every signed call works, also from the shared markets cache", async () => {
    clearMarketsCacheForTests();
    fake.setClockOffset(20_000);
    expect(await ex.balance()).toEqual({ totalUsdt: "10000", freeUsdt: "10000" });
    expect(await adapter().balance()).toEqual({ totalUsdt: "10000", freeUsdt: "10000" });
    expect(callsTo("GET", "/fapi/v1/time").length).toBeGreaterThanOrEqual(1);
    expect(fake.calls.filter((c) => c.code === -1021)).toEqual([]);
  });

  it("a clock that drifts after the sync: the -1021 refusal re-syncs once and the call goes through (an order too, placed once)", async () => {
    await ex.balance();
    fake.setClockOffset(-15_000); // our timestamps now run 15 s ahead of Binance's
    const o = await ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.01", clientOrderId: id("entry") });
    expect(o).toMatchObject({ status: "FILLED", filledQty: "0.01" });
    expect(fake.orders).toHaveLength(1);
    expect(await ex.balance()).toMatchObject({ totalUsdt: expect.any(String) });
  });

  it("the fake refuses a recvWindow over 60 s (-1131) as Binance does", async () => {
    const ts = Date.now();
    const q = `timestamp=${ts}&recvWindow=61000`;
    const sig = createHmac("sha256", FAKE_API_SECRET).update(q).digest("hex");
    const res = await fetch(`${fake.baseUrl}/fapi/v3/account?${q}&signature=${sig}`, { headers: { "X-MBX-APIKEY": FAKE_API_KEY } });
    expect([res.status, ((await res.json()) as { code: number }).code]).toEqual([400, -1131]);
  });
});

describe("hedge mode", () => {
  it("orders carry positionSide and never reduceOnly; closing legs name the side they close", async () => {
    const hedged = adapter({ hedgeMode: true });
    await hedged.setPositionMode(true);
    await hedged.marketOrder({ symbol: "ETHUSDT", side: "BUY", qty: "0.1", clientOrderId: id("entry") });
    const tp = await hedged.takeProfitLimit({ symbol: "ETHUSDT", side: "SELL", qty: "0.05", price: "3100", clientOrderId: id("tp1") });
    const sl = await hedged.stopMarket({ symbol: "ETHUSDT", side: "SELL", qty: "0.1", triggerPrice: "2900", clientOrderId: id("sl") });
    await hedged.marketOrder({ symbol: "ETHUSDT", side: "SELL", qty: "0.05", clientOrderId: id("close"), reduceOnly: true });
    await hedged.marketOrder({ symbol: "ETHUSDT", side: "SELL", qty: "0.1", clientOrderId: id("entry", 2) });

    const sent = fake.placements().map((c) => [c.params.side, c.params.positionSide, c.params.reduceOnly]);
    expect(sent).toEqual([
      ["BUY", "LONG", undefined],
      ["SELL", "LONG", undefined],
      ["SELL", "LONG", undefined],
      ["SELL", "LONG", undefined],
      ["SELL", "SHORT", undefined],
    ]);
    expect(tp.reduceOnly).toBe(true);
    expect(sl.reduceOnly).toBe(true);
    expect(fake.positions().map((p) => [p.positionSide, p.positionAmt])).toEqual([
      ["LONG", "0.05"],
      ["SHORT", "-0.1"],
    ]);
  });
});

describe("errors, translated once", () => {
  it("-2019 margin is insufficient → INSUFFICIENT_FUNDS, not retried", async () => {
    fake.rejectNext(1, { code: -2019, msg: "Margin is insufficient." });
    const e = await failure(ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.01", clientOrderId: id("entry") }));
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: "INSUFFICIENT_FUNDS", exchangeCode: -2019, retryable: false, outcomeUnknown: false });
    expect(fake.placements()).toHaveLength(1);
  });

  it("-4164 min notional → INVALID_ORDER (scripted and for real)", async () => {
    fake.rejectNext(1, { code: -4164, msg: "Order's notional must be no smaller than 100 (unless you choose reduce only)." });
    expect(await failure(ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.01", clientOrderId: id("entry") }))).toMatchObject({
      code: "INVALID_ORDER",
      exchangeCode: -4164,
    });
    // 0.001 BTC × 60000 = 60 USDT < 100
    expect(await failure(ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.001", clientOrderId: id("entry", 2) }))).toMatchObject({
      code: "INVALID_ORDER",
      exchangeCode: -4164,
    });
  });

  it("429 → RATE_LIMITED with Retry-After", async () => {
    fake.rateLimitNext(1, { retryAfterSeconds: 3 });
    expect(await failure(ex.balance())).toMatchObject({ code: "RATE_LIMITED", retryable: true, retryAfterSeconds: 3 });
  });

  it("bad API key or secret → FORBIDDEN, and the message holds neither", async () => {
    const wrongKey = adapter({ apiKey: "WrongKey0123456789abcdef" });
    const e1 = await failure(wrongKey.balance());
    expect(e1).toMatchObject({ code: "FORBIDDEN", exchangeCode: -2015 });
    expect(e1.message).toContain("exchange rejected the API keys");
    const wrongSecret = adapter({ apiSecret: "WrongSecret0123456789abcdef" });
    const e2 = await failure(wrongSecret.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.01", clientOrderId: id("entry") }));
    expect(e2).toMatchObject({ code: "FORBIDDEN", exchangeCode: -1022 });
    for (const e of [e1, e2]) {
      for (const secret of ["WrongKey0123456789abcdef", "WrongSecret0123456789abcdef", FAKE_API_KEY, FAKE_API_SECRET]) {
        expect(e.message).not.toContain(secret);
        expect(String((e.cause as Error | undefined)?.message)).not.toContain(secret);
      }
    }
    expect(fake.orders).toHaveLength(0);
  });

  it("exchange down → EXCHANGE_UNAVAILABLE (retryable), no signed URL in the message", async () => {
    await ex.marketRules("BTCUSDT");
    fake.goDown();
    try {
      const e = await failure(ex.balance());
      expect(e).toMatchObject({ code: "EXCHANGE_UNAVAILABLE", retryable: true });
      expect(e.message).not.toContain("signature");
    } finally {
      fake.comeBack();
      // The sockets the fake reset also include this file's own keep-alive fetch connections: let
      // them close before a later test's fetch would write into one (ECONNRESET).
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  it("a conditional type on the old endpoint is refused by the fake as by Binance since Dec 2025 (-4120)", async () => {
    // Not reachable through the adapter (ccxt routes STOP_MARKET to the Algo API); an outdated client would see this.
    const query = `symbol=BTCUSDT&side=SELL&type=STOP_MARKET&quantity=0.01&stopPrice=59000&timestamp=${Date.now()}`;
    const signature = createHmac("sha256", FAKE_API_SECRET).update(query).digest("hex");
    const res = await fetch(`${fake.baseUrl}/fapi/v1/order`, {
      method: "POST",
      headers: { "X-MBX-APIKEY": FAKE_API_KEY, "content-type": "application/x-www-form-urlencoded" },
      body: `${query}&signature=${signature}`,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: -4120, msg: "Order type not supported for this endpoint. Please use the Algo Order API endpoints instead." });
  });
});

describe("idempotent placement", () => {
  it("THE timeout after accept: the adapter finds the order by client id and does not place a second one", async () => {
    fake.timeoutAfterAcceptNext(1, { mode: "hold" });
    const o = await ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.01", clientOrderId: id("entry") });
    expect(o).toMatchObject({ clientOrderId: id("entry"), status: "FILLED", filledQty: "0.01" });
    expect(fake.orders).toHaveLength(1);
    expect(fake.placements()).toHaveLength(1);
    expect(callsTo("GET", "/fapi/v1/order")[0]!.params.origClientOrderId).toBe(id("entry"));
    expect(fake.positions()[0]!.positionAmt).toBe("0.01");
  });

  it("the same when the connection dies after the accept, for a conditional stop too", async () => {
    await ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.01", clientOrderId: id("entry") });
    fake.timeoutAfterAcceptNext(1, { mode: "destroy" });
    const sl = await ex.stopMarket({ symbol: "BTCUSDT", side: "SELL", qty: "0.01", triggerPrice: "59000", clientOrderId: id("sl") });
    expect(sl).toMatchObject({ conditional: true, status: "OPEN" });
    expect(fake.algoOrders).toHaveLength(1);
    expect(callsTo("POST", "/fapi/v1/algoOrder")).toHaveLength(1);
    expect(callsTo("GET", "/fapi/v1/algoOrder")[0]!.params.clientAlgoId).toBe(id("sl"));
  });

  it("lost BEFORE the exchange saw it: not found, placed again, exactly one order", async () => {
    fake.dropNext(1);
    const o = await ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.01", clientOrderId: id("entry") });
    expect(o.status).toBe("FILLED");
    expect(fake.placements()).toHaveLength(2);
    expect(fake.orders).toHaveLength(1);
  });

  it("re-running the same placement (a re-run fan-out) is refused while the first order rests: no duplicate", async () => {
    await ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.012", clientOrderId: id("entry") });
    await ex.takeProfitLimit({ symbol: "BTCUSDT", side: "SELL", qty: "0.006", price: "61000", clientOrderId: id("tp1") });
    const again = await failure(ex.takeProfitLimit({ symbol: "BTCUSDT", side: "SELL", qty: "0.006", price: "61000", clientOrderId: id("tp1") }));
    expect(again).toMatchObject({ code: "INVALID_ORDER", exchangeCode: -4116 });
    expect(fake.orders.filter((o) => o.clientOrderId === id("tp1"))).toHaveLength(1);
  });
});

describe("configuration guard", () => {
  it("testnet mode never talks to Binance's mainnet URL", () => {
    expect(() => adapter({ baseUrl: "https://fapi.binance.com" })).toThrow(/mainnet URL/);
  });
});

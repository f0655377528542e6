// The public price feed and the factory's wiring, against the fake Binance USDⓈ-M.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FAKE_API_KEY, FAKE_API_SECRET, startFakeBinance, type TFakeBinance } from "@/test/fakes/binance";
import { resetEnvForTests } from "../env";
import { clearMarketsCacheForTests } from "./ccxt-client";
import { createExchange } from "./create-exchange";
import { isPaperExchange } from "./paper-exchange";
import { createPriceFeed } from "./price-feed";

let fake: TFakeBinance;
const VARS = ["ENABLE_LIVE_TRADING", "EXCHANGE_MODE", "BINANCE_FUTURES_BASE", "BINANCE_FUTURES_TESTBASE"] as const;
let saved: Record<string, string | undefined>;

beforeAll(async () => {
  fake = await startFakeBinance();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  clearMarketsCacheForTests();
  saved = Object.fromEntries(VARS.map((v) => [v, process.env[v]]));
});
afterEach(() => {
  for (const v of VARS) {
    if (saved[v] === undefined) delete process.env[v];
    else process.env[v] = saved[v];
  }
  resetEnvForTests();
});

describe("price feed", () => {
  it("one request, no API key, for any number of symbols", async () => {
    const feed = createPriceFeed({ baseUrl: fake.baseUrl });
    fake.setPrice("DOGEUSDT", "0.15123");
    const prices = await feed.lastPrices(["BTCUSDT", "ETHUSDT", "SOLUSDT", "DOGEUSDT"]);
    expect(Object.fromEntries(prices)).toEqual({ BTCUSDT: "60000", ETHUSDT: "3000", SOLUSDT: "150", DOGEUSDT: "0.15123" });
    expect(fake.calls.map((c) => [c.path, c.apiKey])).toEqual([["/fapi/v2/ticker/price", null]]);
    expect(await feed.lastPrices([])).toEqual(new Map());
    expect(fake.calls).toHaveLength(1);
  });

  it("market rules from exchangeInfo, loaded once", async () => {
    const feed = createPriceFeed({ baseUrl: fake.baseUrl });
    expect(await feed.marketRules("ETHUSDT")).toEqual({ symbol: "ETHUSDT", amountStep: "0.001", priceTick: "0.01", minQty: "0.001", minNotional: "20", maxLeverage: null });
    expect(await feed.marketRules("SOLUSDT")).toMatchObject({ amountStep: "1", priceTick: "0.01", minNotional: "5" });
    expect(fake.calls.filter((c) => c.path === "/fapi/v1/exchangeInfo")).toHaveLength(1);
    await expect(feed.marketRules("NOPEUSDT")).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(feed.health().status).toBe("ok"); // a bad symbol is not the feed being down
  });

  it("health: unknown → ok → down (with the error) → ok again", async () => {
    const feed = createPriceFeed({ baseUrl: fake.baseUrl, timeoutMs: 1_000 });
    expect(feed.health()).toEqual({ status: "unknown", lastOk: null, lastError: null, lastErrorAt: null });
    await feed.lastPrices(["BTCUSDT"]);
    expect(feed.health()).toMatchObject({ status: "ok", lastError: null });
    fake.goDown();
    try {
      await expect(feed.lastPrices(["BTCUSDT"])).rejects.toMatchObject({ code: "EXCHANGE_UNAVAILABLE", retryable: true });
      expect(feed.health()).toMatchObject({ status: "down", lastError: expect.stringContaining("cannot reach Binance") });
    } finally {
      fake.comeBack();
    }
    await feed.lastPrices(["BTCUSDT"]);
    expect(feed.health()).toMatchObject({ status: "ok", lastError: expect.any(String) });
  });
});

describe("createExchange wiring", () => {
  it("PAPER fills on the feed's price with slippage and fee", async () => {
    const ex = createExchange({ mode: "PAPER", hedgeMode: false }, { priceFeed: createPriceFeed({ baseUrl: fake.baseUrl }), slippageBps: 5, balanceUsdt: "500" });
    expect(isPaperExchange(ex)).toBe(true);
    fake.setPrice("ETHUSDT", "3000");
    const o = await ex.marketOrder({ symbol: "ETHUSDT", side: "SELL", qty: "0.1", clientOrderId: "p-entry" });
    // 3000 × (1 − 0.0005) = 2998.5; fee 0.1 × 2998.5 × 0.0004 = 0.11994
    expect(o).toMatchObject({ status: "FILLED", avgPrice: "2998.5", fee: "0.11994" });
    expect(fake.orders).toHaveLength(0); // paper never reaches the exchange's order endpoints
  });

  it("testnet: ENABLE_LIVE_TRADING=true sends orders to BINANCE_FUTURES_TESTBASE", async () => {
    Object.assign(process.env, { ENABLE_LIVE_TRADING: "true", BINANCE_FUTURES_TESTBASE: fake.baseUrl });
    resetEnvForTests();
    const ex = createExchange({ mode: "BINANCE_TESTNET", hedgeMode: false, apiKey: FAKE_API_KEY, apiSecret: FAKE_API_SECRET });
    const o = await ex.marketOrder({ symbol: "ETHUSDT", side: "BUY", qty: "0.05", clientOrderId: "t-entry" });
    expect(o).toMatchObject({ status: "FILLED", avgPrice: "3000" });
    expect(fake.orders.map((x) => x.clientOrderId)).toEqual(["t-entry"]);
  });

  it("refuses live modes while ENABLE_LIVE_TRADING is not true: nothing reaches the exchange", () => {
    Object.assign(process.env, { ENABLE_LIVE_TRADING: "false", BINANCE_FUTURES_TESTBASE: fake.baseUrl });
    resetEnvForTests();
    expect(() => createExchange({ mode: "BINANCE_TESTNET", hedgeMode: false, apiKey: FAKE_API_KEY, apiSecret: FAKE_API_SECRET })).toThrow(
      expect.objectContaining({ code: "FORBIDDEN", message: "live trading is disabled on this platform" }),
    );
    expect(fake.calls).toHaveLength(0);
  });
});

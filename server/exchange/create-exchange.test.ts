import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "../env";
import { createExchange } from "./create-exchange";
import type { TPriceFeed } from "./types";

const KEYS = { apiKey: "TestKey0123456789abcdef", apiSecret: "TestSecret0123456789abcdef" };
const VARS = ["ENABLE_LIVE_TRADING", "EXCHANGE_MODE", "BINANCE_FUTURES_BASE", "BINANCE_FUTURES_TESTBASE"] as const;
let saved: Record<string, string | undefined>;

function configure(vars: Partial<Record<(typeof VARS)[number], string>>) {
  for (const v of VARS) delete process.env[v];
  Object.assign(process.env, vars);
  resetEnvForTests();
}

const feed: TPriceFeed = {
  lastPrices: async () => new Map(),
  marketRules: async () => ({ symbol: "BTCUSDT", amountStep: "0.001", priceTick: "0.1", minQty: "0.001", minNotional: "100", maxLeverage: null }),
  health: () => ({ status: "unknown", lastOk: null, lastError: null, lastErrorAt: null }),
};

beforeEach(() => {
  saved = Object.fromEntries(VARS.map((v) => [v, process.env[v]]));
});
afterEach(() => {
  for (const v of VARS) {
    if (saved[v] === undefined) delete process.env[v];
    else process.env[v] = saved[v];
  }
  resetEnvForTests();
});

describe("createExchange", () => {
  it("PAPER is always a paper exchange", () => {
    configure({});
    expect(createExchange({ mode: "PAPER", hedgeMode: false }, { priceFeed: feed, balanceUsdt: "100" }).mode).toBe("PAPER");
  });

  it.each([undefined, "false", "0", ""])("live modes are refused while ENABLE_LIVE_TRADING=%j", (value) => {
    configure(value === undefined ? {} : { ENABLE_LIVE_TRADING: value });
    for (const mode of ["BINANCE_TESTNET", "BINANCE_MAINNET"] as const) {
      expect(() => createExchange({ mode, hedgeMode: false, ...KEYS, validatedAt: new Date() })).toThrow(
        expect.objectContaining({ code: "FORBIDDEN", message: "live trading is disabled on this platform" }),
      );
    }
  });

  it("testnet with live trading on and keys: the ccxt adapter", () => {
    configure({ ENABLE_LIVE_TRADING: "true" });
    expect(createExchange({ mode: "BINANCE_TESTNET", hedgeMode: false, ...KEYS }).mode).toBe("BINANCE_TESTNET");
    expect(() => createExchange({ mode: "BINANCE_TESTNET", hedgeMode: false })).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
  });

  it("mainnet only after testnet: the platform moved to mainnet AND the keys were validated", () => {
    configure({ ENABLE_LIVE_TRADING: "true", EXCHANGE_MODE: "binance_testnet" });
    expect(() => createExchange({ mode: "BINANCE_MAINNET", hedgeMode: false, ...KEYS, validatedAt: new Date() })).toThrow(
      expect.objectContaining({ code: "FORBIDDEN", message: expect.stringContaining("mainnet trading is not enabled") }),
    );
    configure({ ENABLE_LIVE_TRADING: "true", EXCHANGE_MODE: "binance_mainnet" });
    expect(() => createExchange({ mode: "BINANCE_MAINNET", hedgeMode: false, ...KEYS, validatedAt: null })).toThrow(
      expect.objectContaining({ code: "FORBIDDEN", message: expect.stringContaining("validate the exchange API keys") }),
    );
    expect(createExchange({ mode: "BINANCE_MAINNET", hedgeMode: false, ...KEYS, validatedAt: new Date() }).mode).toBe("BINANCE_MAINNET");
  });

  it("a testnet base URL that is Binance's mainnet is a configuration error, not a live order", () => {
    configure({ ENABLE_LIVE_TRADING: "true", BINANCE_FUTURES_TESTBASE: "https://fapi.binance.com" });
    expect(() => createExchange({ mode: "BINANCE_TESTNET", hedgeMode: false, ...KEYS })).toThrow(expect.objectContaining({ code: "INTERNAL" }));
  });
});

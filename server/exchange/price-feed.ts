// Binance USDⓈ-M public market data through ccxt, without keys (SPEC §6 "Prices"): last prices for
// the paper engine and the monitor — ONE request for any number of symbols (GET /fapi/v2/ticker/price,
// weight 2) — and market rules from exchangeInfo, loaded once and kept for an hour. The last success
// and failure are remembered for /api/health.
import { env } from "../env";
import { ensureMarkets, marketById, MARKETS_TTL_MS, newBinanceClient, pricesFrom, rulesFromMarket } from "./ccxt-client";
import { translateExchangeError } from "./errors";
import type { TPriceFeed, TPriceFeedHealth } from "./types";

export type TPriceFeedConfig = {
  /** Binance USDⓈ-M REST origin (BINANCE_FUTURES_BASE), or the local fake in tests. */
  baseUrl: string;
  timeoutMs?: number;
  /** How long exchangeInfo is trusted (default 1 h). */
  rulesTtlMs?: number;
};

export function createPriceFeed(cfg: TPriceFeedConfig): TPriceFeed {
  const client = newBinanceClient({ baseUrl: cfg.baseUrl, network: "public", timeoutMs: cfg.timeoutMs ?? 5_000 });
  const health: TPriceFeedHealth = { status: "unknown", lastOk: null, lastError: null, lastErrorAt: null };

  async function observe<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      const out = await fn();
      health.status = "ok";
      health.lastOk = new Date();
      return out;
    } catch (err) {
      const e = translateExchangeError(err, { action });
      // A bad symbol is the caller's mistake, not the feed being down.
      if (e.code !== "INVALID_INPUT") {
        health.status = "down";
        health.lastError = e.message;
        health.lastErrorAt = new Date();
      }
      throw e;
    }
  }

  return {
    async lastPrices(symbols) {
      if (symbols.length === 0) return new Map();
      const rows = await observe("fetch prices", () => client.fapiPublicV2GetTickerPrice());
      return pricesFrom(rows, new Set(symbols));
    },
    async marketRules(symbol) {
      await observe("load markets", () => ensureMarkets(client, cfg.baseUrl, cfg.rulesTtlMs ?? MARKETS_TTL_MS));
      return observe(`find market ${symbol}`, async () => rulesFromMarket(marketById(client, symbol)));
    },
    health: () => ({ ...health }),
  };
}

let shared: { baseUrl: string; feed: TPriceFeed } | undefined;

/** The process-wide feed on BINANCE_FUTURES_BASE (re-created if the configured URL changes). */
export function sharedPriceFeed(): TPriceFeed {
  const baseUrl = env().BINANCE_FUTURES_BASE;
  if (!shared || shared.baseUrl !== baseUrl) shared = { baseUrl, feed: createPriceFeed({ baseUrl }) };
  return shared.feed;
}

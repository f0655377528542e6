// The one place the trading engine gets an exchange from (SPEC §8): PAPER → the paper exchange on
// the shared price feed; a live mode → ccxt binanceusdm, and only when the platform allows it.
//
// Live gates, in order (each a FORBIDDEN AppError with the reason):
//   1. ENABLE_LIVE_TRADING=true — otherwise no live order is possible at all.
//   2. The connection holds API keys.
//   3. Mainnet only — "testnet before mainnet": the operator moved the platform past testnet
//      (EXCHANGE_MODE=binance_mainnet) AND this connection's keys were validated against the
//      exchange (POST /api/exchanges/validate sets validatedAt).
import { AppError } from "../errors";
import { env } from "../env";
import type { TAccountMemory } from "./account-memory";
import { createCcxtExchange } from "./ccxt-exchange";
import type { TPlaceOnceOptions } from "./place-once";
import { createPaperExchange } from "./paper-exchange";
import { sharedPriceFeed } from "./price-feed";
import type { TExchange, TExchangeMode, TPriceFeed } from "./types";

export type TTradingConnection = {
  mode: TExchangeMode;
  apiKey?: string | null;
  apiSecret?: string | null;
  hedgeMode: boolean;
  /** When the keys last passed validation on the exchange; required for mainnet. */
  validatedAt?: Date | null;
  /** What the platform knows of the account (exchange-connections/account-state.ts); absent: nothing yet. */
  memory?: TAccountMemory;
};

export type TCreateExchangeOptions = {
  /** PAPER: the balance the paper account starts from (the user's capital as the engine knows it). */
  balanceUsdt?: string;
  /** PAPER: defaults to the process-wide feed on BINANCE_FUTURES_BASE. */
  priceFeed?: TPriceFeed;
  slippageBps?: number;
  feeRate?: string;
  /** Live: HTTP timeout per request (default 10 s) and the placement retry policy. */
  timeoutMs?: number;
  retry?: TPlaceOnceOptions;
  /** Live: how old a shared public read (all prices, a mark price) may be; a fan-out's copies accept a little. */
  sharedReadMaxAgeMs?: number;
};

/** Throws FORBIDDEN unless this platform may send orders in `mode` for this connection. */
export function assertLiveTradingAllowed(conn: TTradingConnection): void {
  const config = env();
  if (!config.ENABLE_LIVE_TRADING) throw new AppError("FORBIDDEN", "live trading is disabled on this platform");
  if (!conn.apiKey || !conn.apiSecret) throw new AppError("FORBIDDEN", "live trading needs the exchange API key and secret");
  if (conn.mode !== "BINANCE_MAINNET") return;
  // Testnet before mainnet.
  if (config.EXCHANGE_MODE !== "binance_mainnet") {
    throw new AppError("FORBIDDEN", "mainnet trading is not enabled on this platform yet (EXCHANGE_MODE is not binance_mainnet): use binance_testnet");
  }
  if (!conn.validatedAt) throw new AppError("FORBIDDEN", "validate the exchange API keys before trading on mainnet");
}

export function createExchange(conn: TTradingConnection, options: TCreateExchangeOptions = {}): TExchange {
  if (conn.mode === "PAPER") {
    return createPaperExchange({
      prices: options.priceFeed ?? sharedPriceFeed(),
      slippageBps: options.slippageBps,
      feeRate: options.feeRate,
      balanceUsdt: options.balanceUsdt ?? "0",
    });
  }
  assertLiveTradingAllowed(conn);
  const config = env();
  return createCcxtExchange({
    mode: conn.mode,
    apiKey: conn.apiKey!,
    apiSecret: conn.apiSecret!,
    baseUrl: conn.mode === "BINANCE_TESTNET" ? config.BINANCE_FUTURES_TESTBASE : config.BINANCE_FUTURES_BASE,
    hedgeMode: conn.hedgeMode,
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    memory: conn.memory,
    sharedReadMaxAgeMs: options.sharedReadMaxAgeMs,
  });
}

/**
 * Read-only access to a live account for POST /api/exchanges/validate and the balance alias: a
 * balance call with the user's keys. No order can be sent through it, so the live-trading gates
 * above do not apply (validating is what sets validatedAt, which mainnet trading requires).
 */
export function createAccountReader(conn: TTradingConnection, options: Pick<TCreateExchangeOptions, "timeoutMs"> = {}): Pick<TExchange, "balance"> {
  if (conn.mode === "PAPER") throw new AppError("INVALID_INPUT", "a paper account has no exchange to read", { field: "mode" });
  if (!conn.apiKey || !conn.apiSecret) throw new AppError("INVALID_INPUT", "the exchange API key and secret are not set", { field: "api_key" });
  const config = env();
  const exchange = createCcxtExchange({
    mode: conn.mode,
    apiKey: conn.apiKey,
    apiSecret: conn.apiSecret,
    baseUrl: conn.mode === "BINANCE_TESTNET" ? config.BINANCE_FUTURES_TESTBASE : config.BINANCE_FUTURES_BASE,
    hedgeMode: conn.hedgeMode,
    timeoutMs: options.timeoutMs,
  });
  return { balance: () => exchange.balance() };
}

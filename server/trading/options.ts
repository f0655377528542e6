// What a trading service may be given instead of the platform's defaults (tests, benchmarks, jobs).
import type { TCreateExchangeOptions } from "../exchange/create-exchange";
import { sharedPriceFeed } from "../exchange/price-feed";
import type { TPriceFeed } from "../exchange/types";

export type TTradingOptions = {
  /** Public prices and market rules (default: the process-wide Binance feed on BINANCE_FUTURES_BASE). */
  priceFeed?: TPriceFeed;
  /** Live exchanges: request timeout and placement retry policy. */
  exchangeOptions?: TCreateExchangeOptions;
  /** The clock (default: now). */
  now?: () => Date;
};

export const feedOf = (options: TTradingOptions): TPriceFeed => options.priceFeed ?? sharedPriceFeed();
export const nowOf = (options: TTradingOptions): Date => options.now?.() ?? new Date();

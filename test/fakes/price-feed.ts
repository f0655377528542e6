// An in-memory TPriceFeed for engine tests: prices you set, market rules for any symbol it prices,
// a switch to take it down, and a count of price requests (the monitor must make one per tick).
import { AppError } from "@/server/errors";
import type { TMarketRules, TPriceFeed, TPriceFeedHealth } from "@/server/exchange/types";

export type TFakePriceFeed = TPriceFeed & {
  set(symbol: string, price: string): void;
  goDown(): void;
  comeBack(): void;
  /** lastPrices calls so far (each one "request"). */
  requests: number;
  /** The symbols of each lastPrices call. */
  asked: string[][];
};

export const DEFAULT_FAKE_RULES = { amountStep: "0.001", priceTick: "0.01", minQty: "0.001", minNotional: "5", maxLeverage: null } as const;

export function createFakePriceFeed(prices: Record<string, string> = {}, rules: Partial<Omit<TMarketRules, "symbol">> = {}): TFakePriceFeed {
  const book = new Map(Object.entries(prices));
  let down = false;
  const health: TPriceFeedHealth = { status: "unknown", lastOk: null, lastError: null, lastErrorAt: null };
  const unavailable = () => {
    health.status = "down";
    health.lastError = "fake feed is down";
    health.lastErrorAt = new Date();
    return new AppError("EXCHANGE_UNAVAILABLE", "cannot reach Binance: fake feed is down", { retryable: true });
  };
  const feed: TFakePriceFeed = {
    requests: 0,
    asked: [],
    async lastPrices(symbols) {
      feed.requests += 1;
      feed.asked.push([...symbols]);
      if (down) throw unavailable();
      health.status = "ok";
      health.lastOk = new Date();
      return new Map(symbols.flatMap((s) => (book.has(s) ? [[s, book.get(s)!] as const] : [])));
    },
    async marketRules(symbol) {
      if (down) throw unavailable();
      if (!book.has(symbol)) throw new AppError("INVALID_INPUT", `unknown market: ${symbol}`, { field: "symbol" });
      return { symbol, ...DEFAULT_FAKE_RULES, ...rules };
    },
    health: () => ({ ...health }),
    set: (symbol, price) => void book.set(symbol, price),
    goDown: () => void (down = true),
    comeBack: () => void (down = false),
  };
  return feed;
}

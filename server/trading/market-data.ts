// Market data for the engine: ONE price request for any number of symbols, the price feed's health
// as the jobs saw it (stored, so /api/health can report it from any process), the per-symbol mark
// prices of the paper monitor, and market rules with a paper-only fallback when the feed is down.
import { db } from "../db/client";
import { AppError, toAppError } from "../errors";
import { env } from "../env";
import { dec, roundToTick } from "../decimal";
import { slippedPrice } from "../exchange/paper-exchange";
import type { TMarketRules, TOrderSide, TPriceFeed } from "../exchange/types";
import { fallbackMarketRules } from "./trade-plan";

export const PRICE_FEED_SERVICE = "price_feed";

export type TPriceSnapshot = { prices: Map<string, string>; ok: boolean; error: string | null };

/** One request for all `symbols`; never throws — a failure says ok: false, and the feed's state is recorded. */
export async function fetchMarketPrices(feed: TPriceFeed, symbols: string[], now = new Date()): Promise<TPriceSnapshot> {
  if (symbols.length === 0) return { prices: new Map(), ok: true, error: null };
  try {
    const prices = await feed.lastPrices(symbols);
    await recordPriceFeedStatus(true, null, now);
    return { prices, ok: true, error: null };
  } catch (err) {
    const message = toAppError(err).message;
    await recordPriceFeedStatus(false, message, now);
    return { prices: new Map(), ok: false, error: message };
  }
}

export async function recordPriceFeedStatus(ok: boolean, error: string | null, now = new Date()): Promise<void> {
  const status = ok ? "ok" : "down";
  await db().serviceStatus.upsert({
    where: { name: PRICE_FEED_SERVICE },
    create: { name: PRICE_FEED_SERVICE, status, lastOkAt: ok ? now : null, lastError: error, lastErrorAt: ok ? null : now, updatedAt: now },
    update: ok ? { status, lastOkAt: now, updatedAt: now } : { status, lastError: error?.slice(0, 500), lastErrorAt: now, updatedAt: now },
  });
}

/** The price feed as the jobs last saw it, for /api/health; null before the first request. */
export async function getPriceFeedStatus() {
  const row = await db().serviceStatus.findUnique({ where: { name: PRICE_FEED_SERVICE } });
  if (!row) return null;
  return {
    status: row.status as "ok" | "down",
    last_ok_at: row.lastOkAt?.toISOString() ?? null,
    last_error: row.lastError,
    last_error_at: row.lastErrorAt?.toISOString() ?? null,
    checked_at: row.updatedAt.toISOString(),
  };
}

/** Marks every symbol to its latest price (one statement). */
export async function saveMarkPrices(prices: Map<string, string>, now = new Date()): Promise<void> {
  if (prices.size === 0) return;
  await db().$executeRawUnsafe(
    `INSERT INTO mark_prices (symbol, price, updated_at)
     SELECT u.symbol, u.price::numeric, ($3::timestamptz AT TIME ZONE 'UTC') FROM unnest($1::text[], $2::text[]) AS u(symbol, price)
     ON CONFLICT (symbol) DO UPDATE SET price = EXCLUDED.price, updated_at = EXCLUDED.updated_at`,
    [...prices.keys()],
    [...prices.values()],
    now.toISOString(),
  );
}

/** The last mark price of each symbol (for unrealized P&L), as decimal strings. */
export async function getMarkPrices(symbols: string[]): Promise<Map<string, { price: string; at: Date }>> {
  if (symbols.length === 0) return new Map();
  const rows = await db().markPrice.findMany({ where: { symbol: { in: symbols } } });
  return new Map(rows.map((r) => [r.symbol, { price: r.price.toFixed(), at: r.updatedAt }]));
}

export type TRulesResult = { rules: TMarketRules; source: "exchange" | "fallback" };

/**
 * The market's rules from the feed; when the feed cannot be reached (and has nothing cached), rules
 * good enough for a PAPER trade at `price`. An unknown symbol is INVALID_INPUT either way.
 */
export async function paperMarketRules(feed: TPriceFeed, symbol: string, price: string): Promise<TRulesResult> {
  try {
    return { rules: await feed.marketRules(symbol), source: "exchange" };
  } catch (err) {
    const e = toAppError(err);
    if (e.code === "INVALID_INPUT" || e.code === "NOT_FOUND") throw new AppError("INVALID_INPUT", `${symbol} is not traded on the exchange`, { field: "symbol", cause: err });
    return { rules: fallbackMarketRules(symbol, price), source: "fallback" };
  }
}

/** The side of the order that opens a position in `direction`. */
export const entrySide = (direction: "LONG" | "SHORT"): TOrderSide => (direction === "LONG" ? "BUY" : "SELL");

/**
 * Where a paper market order fills: the market price PAPER_SLIPPAGE_BPS worse for the trader (a BUY
 * higher, a SELL lower), on the tick. Without a side (an estimate, e.g. a live preview) the market
 * price itself. Exits at market are slipped by settlement (position-math.ts) with the same setting.
 */
export function paperFillAt(marketPrice: string, rules: Pick<TMarketRules, "priceTick">, side?: TOrderSide): string {
  const slipped = side ? slippedPrice(marketPrice, side, env().PAPER_SLIPPAGE_BPS) : marketPrice;
  const p = roundToTick(slipped, rules.priceTick);
  return dec(p).gt(0) ? p : marketPrice;
}

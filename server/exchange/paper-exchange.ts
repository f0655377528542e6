// TExchange without an exchange (SPEC §6, §8): market orders fill at once at the feed's last price
// ± slippage (BUY pays up, SELL gets less) with a simulated taker fee; take-profit limits and stops
// come back OPEN and rest. The trading engine keeps resting orders in its database and its price
// monitor fills them with crossedOrders() — this object's memory lives only as long as it does.
//
// Price feed down: marketOrder takes an optional `fallbackPrice` (the engine passes the signal's
// entry). With it the order fills there, without slippage, and says `priceSource: "fallback"`, so
// the position can show it filled at the signal's price; without it marketOrder throws a retryable
// EXCHANGE_UNAVAILABLE. No other method needs a price.
import { AppError } from "../errors";
import { dec, money, roundToTick, str, type TDecimal } from "../decimal";
import type { TExchange, TExchangeOrder, TMarketOrderInput, TMarketRules, TOrderSide, TOrderState, TPriceFeed } from "./types";

export const DEFAULT_PAPER_FEE_RATE = "0.0004";

export type TPaperMarketOrderInput = TMarketOrderInput & { fallbackPrice?: string };
export type TPaperOrder = TExchangeOrder & { priceSource: "market" | "fallback" | null };

export interface TPaperExchange extends TExchange {
  readonly mode: "PAPER";
  marketOrder(o: TPaperMarketOrderInput): Promise<TPaperOrder>;
}

export const isPaperExchange = (ex: TExchange): ex is TPaperExchange => ex.mode === "PAPER";

export type TPaperExchangeConfig = {
  prices: TPriceFeed;
  /** Adverse slippage on market fills, in basis points (default 0). */
  slippageBps?: number;
  /** Taker fee rate charged on fills (default 0.0004 = 0.04 %). */
  feeRate?: string;
  /** The account's USDT balance as the engine knows it (capital + realized P&L − fees). */
  balanceUsdt: string;
};

type TPosition = { qty: TDecimal; entry: TDecimal };

/** The price a fill at market gets: BUY pays up, SELL gets less, by slippageBps. */
export function slippedPrice(price: string, side: TOrderSide, slippageBps: number, tick?: string): string {
  const factor = dec(1).add(dec(slippageBps).div(10_000).mul(side === "BUY" ? 1 : -1));
  const p = dec(price).mul(factor);
  return str(tick ? dec(roundToTick(p, tick)) : p);
}

/** Prices in TExchangeOrder are plain decimals ("61000", not "61000.0"), on the tick when it is known. */
const onTick = (price: string, tick: string | undefined) => str(tick ? dec(roundToTick(price, tick)) : dec(price));

export const paperFee = (qty: string, price: string, feeRate: string): string => money(dec(qty).mul(price).mul(feeRate));

export function createPaperExchange(cfg: TPaperExchangeConfig): TPaperExchange {
  const slippageBps = cfg.slippageBps ?? 0;
  const feeRate = cfg.feeRate ?? DEFAULT_PAPER_FEE_RATE;
  if (slippageBps < 0 || !Number.isFinite(slippageBps)) throw new AppError("INVALID_INPUT", "slippageBps must be ≥ 0", { field: "slippageBps" });
  dec(feeRate);
  const orders = new Map<string, TPaperOrder>();
  const positions = new Map<string, TPosition>();
  const leverage = new Map<string, number>();
  let fees = dec(0);
  let realized = dec(0);
  let seq = 0;

  async function tryRules(symbol: string): Promise<TMarketRules | null> {
    try {
      return await cfg.prices.marketRules(symbol);
    } catch {
      return null;
    }
  }

  /** The feed's last price; null when the feed cannot be reached. A symbol it does not list is INVALID_INPUT. */
  async function marketPrice(symbol: string): Promise<string | null> {
    let prices: Map<string, string>;
    try {
      prices = await cfg.prices.lastPrices([symbol]);
    } catch {
      return null;
    }
    const price = prices.get(symbol);
    if (price === undefined) throw new AppError("INVALID_INPUT", `unknown market ${symbol}`, { field: "symbol" });
    return price;
  }

  function positiveQty(qty: string, symbol: string): string {
    const q = dec(qty);
    if (q.lte(0)) throw new AppError("INVALID_ORDER", `quantity must be positive on ${symbol}, got ${qty}`);
    return str(q);
  }

  /** Keeps a net position per symbol so balance() can report margin in use and realized P&L. */
  function book(symbol: string, side: TOrderSide, qty: string, price: string) {
    const p = positions.get(symbol) ?? { qty: dec(0), entry: dec(0) };
    const delta = side === "BUY" ? dec(qty) : dec(qty).neg();
    const next = p.qty.add(delta);
    if (p.qty.isZero() || p.qty.isPositive() === delta.isPositive()) {
      positions.set(symbol, { qty: next, entry: p.qty.abs().mul(p.entry).add(dec(qty).mul(price)).div(next.abs()) });
      return;
    }
    const closed = p.qty.abs().lt(qty) ? p.qty.abs() : dec(qty);
    realized = realized.add(dec(price).sub(p.entry).mul(closed).mul(p.qty.isPositive() ? 1 : -1));
    if (next.isZero()) positions.delete(symbol);
    else positions.set(symbol, { qty: next, entry: next.isPositive() === p.qty.isPositive() ? p.entry : dec(price) });
  }

  function resting(kind: "limit" | "stop_market", o: { symbol: string; side: TOrderSide; qty: string; clientOrderId: string }, price: string | null, trigger: string | null): TPaperOrder {
    const existing = orders.get(o.clientOrderId);
    if (existing) return existing;
    const order: TPaperOrder = {
      exchangeOrderId: `paper-${++seq}`,
      clientOrderId: o.clientOrderId,
      symbol: o.symbol,
      side: o.side,
      kind,
      conditional: kind === "stop_market",
      status: "OPEN",
      qty: positiveQty(o.qty, o.symbol),
      filledQty: "0",
      avgPrice: null,
      price,
      triggerPrice: trigger,
      reduceOnly: true,
      fee: null,
      priceSource: null,
    };
    orders.set(o.clientOrderId, order);
    return order;
  }

  const tickOf = async (symbol: string) => (await tryRules(symbol))?.priceTick;
  const isResting = (s: TOrderState) => s === "NEW" || s === "OPEN" || s === "PARTIALLY_FILLED";

  return {
    mode: "PAPER",
    marketRules: (symbol) => cfg.prices.marketRules(symbol),
    lastPrices: (symbols) => cfg.prices.lastPrices(symbols),
    async balance() {
      const total = dec(cfg.balanceUsdt).add(realized).sub(fees);
      const used = [...positions.entries()].reduce((sum, [symbol, p]) => sum.add(p.qty.abs().mul(p.entry).div(leverage.get(symbol) ?? 1)), dec(0));
      const free = total.sub(used);
      return { totalUsdt: money(total), freeUsdt: money(free.isNegative() ? dec(0) : free) };
    },
    async setLeverage(symbol, lev) {
      if (!Number.isInteger(lev) || lev < 1 || lev > 125) throw new AppError("INVALID_ORDER", `leverage must be 1–125, got ${lev}`);
      leverage.set(symbol, lev);
    },
    async setMarginMode() {},
    async prepareSymbol(symbol, want) {
      await this.setLeverage(symbol, want.leverage);
      return { ...want, kept: [] };
    },
    async setPositionMode() {},
    async refreshLeverageCaps() {},
    async marketOrder(o) {
      const existing = orders.get(o.clientOrderId);
      if (existing) return existing; // same client id, same order: a retried call fills nothing twice
      const qty = positiveQty(o.qty, o.symbol);
      const last = await marketPrice(o.symbol);
      if (last === null && o.fallbackPrice === undefined) {
        throw new AppError("EXCHANGE_UNAVAILABLE", `no market price for ${o.symbol}: the price feed is unreachable`, { retryable: true });
      }
      const price = last !== null ? slippedPrice(last, o.side, slippageBps, await tickOf(o.symbol)) : str(dec(o.fallbackPrice!));
      const fee = paperFee(qty, price, feeRate);
      fees = fees.add(fee);
      book(o.symbol, o.side, qty, price);
      const order: TPaperOrder = {
        exchangeOrderId: `paper-${++seq}`,
        clientOrderId: o.clientOrderId,
        symbol: o.symbol,
        side: o.side,
        kind: "market",
        conditional: false,
        status: "FILLED",
        qty,
        filledQty: qty,
        avgPrice: price,
        price: null,
        triggerPrice: null,
        reduceOnly: o.reduceOnly === true,
        fee,
        priceSource: last !== null ? "market" : "fallback",
      };
      orders.set(o.clientOrderId, order);
      return order;
    },
    async takeProfitLimit(o) {
      const tick = await tickOf(o.symbol);
      return resting("limit", o, onTick(o.price, tick), null);
    },
    async stopMarket(o) {
      const tick = await tickOf(o.symbol);
      return resting("stop_market", o, null, onTick(o.triggerPrice, tick));
    },
    async cancelOrder(o) {
      const order = orders.get(o.clientOrderId);
      if (order && isResting(order.status)) order.status = "CANCELED";
    },
    async cancelAll(symbol) {
      for (const order of orders.values()) if (order.symbol === symbol && isResting(order.status)) order.status = "CANCELED";
    },
    async openOrders(symbol) {
      return [...orders.values()].filter((x) => x.symbol === symbol && isResting(x.status));
    },
    async findOrder(o) {
      return orders.get(o.clientOrderId) ?? null;
    },
    // Paper fills carry their exact fee on the order itself; there are no separate trades to fetch.
    async orderTrades() {
      return [];
    },
  };
}

// ---- the price monitor's rule: which resting orders does a price fill? ----
type TDecimalLike = string | { toString(): string };
export type TRestingOrderLike = {
  side: TOrderSide;
  kind: "market" | "limit" | "stop_market";
  price?: TDecimalLike | null;
  triggerPrice?: TDecimalLike | null;
  status?: TOrderState;
};

/**
 * The resting orders `price` fills: a SELL take-profit limit when price ≥ its limit, a BUY one when
 * price ≤ it; a SELL stop when price ≤ its trigger, a BUY stop when price ≥ it. Orders that are not
 * resting (filled, cancelled…) or lack their price are never returned. Pure; keeps the input order.
 */
export function crossedOrders<T extends TRestingOrderLike>(orders: readonly T[], price: TDecimalLike): T[] {
  const p = dec(String(price));
  return orders.filter((o) => {
    if (o.status !== undefined && o.status !== "NEW" && o.status !== "OPEN" && o.status !== "PARTIALLY_FILLED") return false;
    if (o.kind === "limit" && o.price != null) {
      const limit = dec(String(o.price));
      return o.side === "SELL" ? p.gte(limit) : p.lte(limit);
    }
    if (o.kind === "stop_market" && o.triggerPrice != null) {
      const trigger = dec(String(o.triggerPrice));
      return o.side === "SELL" ? p.lte(trigger) : p.gte(trigger);
    }
    return false;
  });
}

/**
 * Where a crossed paper order fills: a limit at its own price (never better), a stop at the market
 * price that crossed it (a gap fills worse than the trigger), with the stop's slippage.
 */
export function paperFillPrice(order: TRestingOrderLike, marketPrice: TDecimalLike, slippageBps = 0, tick?: string): string {
  if (order.kind === "limit" && order.price != null) return str(dec(String(order.price)));
  return slippedPrice(str(dec(String(marketPrice))), order.side, slippageBps, tick);
}

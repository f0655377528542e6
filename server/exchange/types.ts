// The one exchange interface (SPEC §8): the trading engine talks to PAPER and to Binance USDⓈ-M
// through it and never sees ccxt. Quantities and prices are decimal strings, never numbers.

export type TExchangeMode = "PAPER" | "BINANCE_TESTNET" | "BINANCE_MAINNET";

/** A market's trading rules. amountStep / priceTick are the LOT_SIZE step and PRICE_FILTER tick. */
export type TMarketRules = {
  /** The exchange id, e.g. "BTCUSDT". */
  symbol: string;
  amountStep: string;
  priceTick: string;
  minQty: string;
  /** Smallest qty × price of an order that opens or adds (reduce-only orders are exempt on Binance). */
  minNotional: string;
  /** From the first leverage bracket when the exchange told us (signed endpoint), else null. */
  maxLeverage: number | null;
};

export type TOrderSide = "BUY" | "SELL";

/**
 * NEW: accepted, fill pending (a market order the exchange has not reported filled yet).
 * OPEN: resting — a limit order on the book, or a conditional order waiting for its trigger.
 * The rest are Binance's terminal states; a triggered conditional order takes the state of the order it
 * spawned (FILLED, or CANCELED / EXPIRED with what it filled), and stays OPEN with fillUnknown until read.
 */
export type TOrderState = "NEW" | "OPEN" | "PARTIALLY_FILLED" | "FILLED" | "CANCELED" | "REJECTED" | "EXPIRED";

export type TExchangeOrder = {
  /** Binance orderId, or algoId for a conditional order; a paper id in PAPER mode. */
  exchangeOrderId: string;
  clientOrderId: string;
  symbol: string;
  side: TOrderSide;
  kind: "market" | "limit" | "stop_market";
  /** True for orders living in Binance's Algo Order service (STOP_MARKET): fetch/cancel them as such. */
  conditional: boolean;
  status: TOrderState;
  qty: string;
  filledQty: string;
  avgPrice: string | null;
  price: string | null;
  triggerPrice: string | null;
  reduceOnly: boolean;
  /** USDT; known for paper fills, null on Binance (the order answer does not carry it: see orderTrades). */
  fee: string | null;
  /**
   * The exchange order whose trades carry the fills, when it is not exchangeOrderId: a triggered
   * conditional (algo) order fills through the market order it spawned (Binance actualOrderId).
   */
  fillOrderId?: string | null;
  /**
   * A conditional order that fired (TRIGGERING, or its child order could not be read): it no longer
   * rests and what it filled is not known. Never settle it as filled, never replace it as gone.
   */
  fillUnknown?: boolean;
};

/** One trade (execution) of an order, as the exchange reports it (Binance GET /fapi/v1/userTrades). */
export type TExchangeTrade = {
  tradeId: string;
  /** The exchange order it belongs to. */
  orderId: string;
  symbol: string;
  side: TOrderSide;
  qty: string;
  price: string;
  /** The commission exactly as charged, in commissionAsset (USDT, or BNB with the BNB fee discount). */
  commission: string;
  commissionAsset: string;
  maker: boolean;
  time: Date;
};

export type TMarketOrderInput = { symbol: string; side: TOrderSide; qty: string; clientOrderId: string; reduceOnly?: boolean };
export type TLimitOrderInput = { symbol: string; side: TOrderSide; qty: string; price: string; clientOrderId: string };
export type TStopOrderInput = {
  symbol: string;
  side: TOrderSide;
  qty: string;
  triggerPrice: string;
  clientOrderId: string;
  /** After placing, the stop is read back once (it may have fired at once); "unless-mark-checked" skips that when the mark price was read and checked just before. */
  readBack?: "always" | "unless-mark-checked";
};
export type TSymbolSettings = { leverage: number; marginMode: "ISOLATED" | "CROSSED" };
export type TOrderRef = { symbol: string; clientOrderId: string; conditional: boolean };

export interface TExchange {
  readonly mode: TExchangeMode;
  /** Symbols are exchange ids like "BTCUSDT". */
  marketRules(symbol: string): Promise<TMarketRules>;
  /** ONE request for all symbols; symbols the exchange does not list are absent from the map. */
  lastPrices(symbols: string[]): Promise<Map<string, string>>;
  balance(): Promise<{ totalUsdt: string; freeUsdt: string }>;
  /**
   * Whether an optional read of this weight (an exact fee look-up) fits now without crowding out
   * entries: while the IP's minute is more than half spent it waits for the watchdog. Paper: absent.
   */
  hasWeightToSpare?(weight: number): boolean;
  setLeverage(symbol: string, leverage: number): Promise<void>;
  /** "No need to change" is success. */
  setMarginMode(symbol: string, mode: "ISOLATED" | "CROSSED"): Promise<void>;
  /**
   * Before an entry: sets the symbol's leverage and margin mode only where they differ from the
   * account's current setting. Binance refuses a margin mode change over open orders (-4047) or a
   * position (-4048) and may refuse a leverage change over a position (-4161, -2027): the account's
   * setting then stays (the entry joins the position the user already holds), named in `kept`.
   * What is remembered of the account (account-memory.ts) is not set again; `fresh` ignores it (an
   * answer showed it stale). A leverage over the account's cap (-4028: the remembered brackets are
   * stale) reads the caps again and sets the capped leverage, named in `kept`.
   */
  prepareSymbol(symbol: string, want: TSymbolSettings, opts?: { fresh?: boolean }): Promise<TSymbolSettings & { kept: string[] }>;
  /** Reads the account's leverage brackets (one request for every symbol) and remembers the caps. Paper: nothing. */
  refreshLeverageCaps(): Promise<void>;
  /** One-way (false) or hedge (true) position mode for the whole account; "no need to change" is success. */
  setPositionMode(hedge: boolean): Promise<void>;
  marketOrder(o: TMarketOrderInput): Promise<TExchangeOrder>;
  /** A reduce-only LIMIT (GTC) order. */
  takeProfitLimit(o: TLimitOrderInput): Promise<TExchangeOrder>;
  /** A reduce-only STOP_MARKET through Binance's Algo Order API, triggered by the mark price. */
  stopMarket(o: TStopOrderInput): Promise<TExchangeOrder>;
  /** An unknown order is already gone: success. */
  cancelOrder(o: TOrderRef): Promise<void>;
  /** Normal AND conditional orders of the symbol. */
  cancelAll(symbol: string): Promise<void>;
  /** Normal AND conditional open orders of the symbol. */
  openOrders(symbol: string): Promise<TExchangeOrder[]>;
  /** By our client order id; null when the exchange does not know it. */
  findOrder(o: TOrderRef): Promise<TExchangeOrder | null>;
  /**
   * The trades of one exchange order (its exchangeOrderId, or fillOrderId for a triggered conditional
   * order), with the exact commission of each. Empty while nothing filled; PAPER has none to report.
   */
  orderTrades(o: { symbol: string; exchangeOrderId: string }): Promise<TExchangeTrade[]>;
}

/** Public market data without keys: prices for the paper engine and the monitor, rules for sizing. */
export interface TPriceFeed {
  /** ONE request for all symbols. Throws EXCHANGE_UNAVAILABLE when the feed cannot be reached. */
  lastPrices(symbols: string[]): Promise<Map<string, string>>;
  marketRules(symbol: string): Promise<TMarketRules>;
  /** For /api/health: the last successful request and the last failure. */
  health(): TPriceFeedHealth;
}

export type TPriceFeedHealth = {
  status: "ok" | "down" | "unknown";
  lastOk: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
};

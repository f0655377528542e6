// Market data, unsigned: GET /fapi/v1/{ping,time,exchangeInfo,ticker/price,ticker/24hr,premiumIndex} and
// /fapi/v2/ticker/price; and the price moves tests make (setPrice/setMarkPrice), which fill resting
// LIMIT orders and trigger conditional ones.
import type { TAccountBook } from "./account";
import type { TAlgoBook } from "./algo-orders";
import { D, markOf, places, type TAnswer, type TFakeSymbol, type TParams, type TState } from "./state";

function exchangeInfoSymbol(s: TFakeSymbol) {
  return {
    symbol: s.symbol,
    pair: s.symbol,
    contractType: "PERPETUAL",
    deliveryDate: 4133404800000,
    onboardDate: 1569398400000,
    status: "TRADING",
    maintMarginPercent: "2.5000",
    requiredMarginPercent: "5.0000",
    baseAsset: s.base,
    quoteAsset: "USDT",
    marginAsset: "USDT",
    pricePrecision: places(s.tickSize),
    quantityPrecision: places(s.stepSize),
    baseAssetPrecision: 8,
    quotePrecision: 8,
    underlyingType: "COIN",
    underlyingSubType: [],
    triggerProtect: "0.0500",
    liquidationFee: "0.012500",
    marketTakeBound: "0.05",
    maxMoveOrderLimit: 10000,
    filters: [
      { filterType: "PRICE_FILTER", minPrice: s.tickSize, maxPrice: "10000000", tickSize: s.tickSize },
      { filterType: "LOT_SIZE", stepSize: s.stepSize, maxQty: s.maxQty, minQty: s.minQty },
      { filterType: "MARKET_LOT_SIZE", stepSize: s.stepSize, maxQty: s.marketMaxQty, minQty: s.minQty },
      { filterType: "MAX_NUM_ORDERS", limit: 200 },
      { filterType: "MIN_NOTIONAL", notional: s.minNotional },
      { filterType: "PERCENT_PRICE", multiplierUp: "1.0500", multiplierDown: "0.9500", multiplierDecimal: "4" },
    ],
    orderTypes: ["LIMIT", "MARKET", "STOP", "STOP_MARKET", "TAKE_PROFIT", "TAKE_PROFIT_MARKET", "TRAILING_STOP_MARKET"],
    timeInForce: ["GTC", "IOC", "FOK", "GTX", "GTD"],
    permissionSets: ["GRID", "COPY"],
  };
}

export function createMarket(st: TState, book: TAccountBook, algoBook: TAlgoBook) {
  const { symbols, orders, symbolOf, accountOf, serverNow } = st;
  const { isOpen, fillOrder } = book;
  const { triggerCrossed } = algoBook;

  function setPrice(symbol: string, raw: string, mark?: string) {
    const s = symbols.get(symbol);
    if (!s) throw new Error(`fake Binance: unknown symbol ${symbol}`);
    s.price = raw;
    s.markPrice = mark;
    const price = new D(raw);
    for (const o of orders) {
      if (o.symbol !== symbol || o.type !== "LIMIT" || !isOpen(o)) continue;
      const limit = new D(o.price);
      if (o.side === "SELL" ? price.gte(limit) : price.lte(limit)) fillOrder(accountOf(o.apiKey), o, limit, true);
    }
    triggerCrossed(s);
  }

  function setMarkPrice(symbol: string, mark: string) {
    const s = symbols.get(symbol);
    if (!s) throw new Error(`fake Binance: unknown symbol ${symbol}`);
    s.markPrice = mark;
    triggerCrossed(s);
  }

  const tickerPrice = (s: TFakeSymbol) => ({ symbol: s.symbol, price: s.price, time: Date.now() });
  const ticker24 = (s: TFakeSymbol) => ({
    symbol: s.symbol,
    priceChange: "0",
    priceChangePercent: "0.000",
    weightedAvgPrice: s.price,
    lastPrice: s.price,
    lastQty: "0.001",
    openPrice: s.price,
    highPrice: s.price,
    lowPrice: s.price,
    volume: "0",
    quoteVolume: "0",
    openTime: Date.now() - 86_400_000,
    closeTime: Date.now(),
    firstId: 1,
    lastId: 1,
    count: 1,
  });
  const premium = (s: TFakeSymbol) => ({
    symbol: s.symbol,
    markPrice: markOf(s),
    indexPrice: markOf(s),
    estimatedSettlePrice: s.price,
    lastFundingRate: "0.00010000",
    interestRate: "0.00010000",
    nextFundingTime: Date.now() + 3_600_000,
    time: Date.now(),
  });
  /** One object with ?symbol=, else the array of all symbols, as Binance answers. */
  function perSymbol<T>(p: TParams, shape: (s: TFakeSymbol) => T): T | T[] {
    return p.symbol !== undefined ? shape(symbolOf(p.symbol)) : [...symbols.values()].map(shape);
  }

  function publicRoute(method: string, path: string, p: TParams): TAnswer | undefined {
    if (method !== "GET") return undefined;
    switch (path) {
      case "/fapi/v1/ping":
        return { status: 200, body: {} };
      case "/fapi/v1/time":
        return { status: 200, body: { serverTime: serverNow() } };
      case "/fapi/v1/exchangeInfo":
        return {
          status: 200,
          body: {
            timezone: "UTC",
            serverTime: serverNow(),
            futuresType: "U_MARGINED",
            rateLimits: [
              // What the fake enforces is what it announces, as Binance does.
              { rateLimitType: "REQUEST_WEIGHT", interval: "MINUTE", intervalNum: 1, limit: st.limits.weightPerMinute },
              { rateLimitType: "ORDERS", interval: "MINUTE", intervalNum: 1, limit: st.limits.ordersPerMinute },
              { rateLimitType: "ORDERS", interval: "SECOND", intervalNum: 10, limit: st.limits.ordersPer10s },
            ],
            exchangeFilters: [],
            assets: [{ asset: "USDT", marginAvailable: true, autoAssetExchange: "-10000" }],
            symbols: [...symbols.values()].map(exchangeInfoSymbol),
          },
        };
      case "/fapi/v1/ticker/price":
      case "/fapi/v2/ticker/price":
        return { status: 200, body: perSymbol(p, tickerPrice) };
      case "/fapi/v1/ticker/24hr":
        return { status: 200, body: perSymbol(p, ticker24) };
      case "/fapi/v1/premiumIndex":
        return { status: 200, body: perSymbol(p, premium) };
      default:
        return undefined;
    }
  }

  return { setPrice, setMarkPrice, publicRoute };
}

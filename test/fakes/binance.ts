// A local stand-in for Binance USDⓈ-M futures REST speaking the dialect ccxt `binanceusdm` really
// uses (REFERENCES.md §2), so the real ccxt client runs against it unchanged:
//   public  GET /fapi/v1/{ping,time,exchangeInfo,ticker/price,ticker/24hr,premiumIndex}, /fapi/v2/ticker/price
//   signed  (HMAC-SHA256 of query + body, X-MBX-APIKEY, timestamp/recvWindow checked)
//           POST /fapi/v1/{leverage,marginType,positionSide/dual}, GET /fapi/v1/{positionSide/dual,leverageBracket,symbolConfig}
//           POST/GET/DELETE /fapi/v1/order (conditional types answer -4120 since Dec 2025), GET /fapi/v1/openOrders,
//           DELETE /fapi/v1/allOpenOrders, POST/GET/DELETE /fapi/v1/algoOrder, GET /fapi/v1/openAlgoOrders,
//           DELETE /fapi/v1/algoOpenOrders, GET /fapi/v2|v3/account, /fapi/v2|v3/balance, /fapi/v2|v3/positionRisk,
//           GET /fapi/v1/userTrades (one trade per fill, with commission and commissionAsset)
// Errors come as Binance sends them: HTTP 400 (401 for -2015) with {"code":-NNNN,"msg":"..."}, 429 with Retry-After.
// Each API key is its own account (wallet, leverage, margin type, position mode, positions, orders).
// Market orders fill at the fake's price; resting LIMIT orders fill and conditional (algo) orders trigger when
// setPrice() crosses them. Shared by unit, integration and e2e tests and benchmarks: no test framework.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { listenFake } from "./http-listener";
import Decimal from "decimal.js";

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
type TDec = InstanceType<typeof D>;

export const FAKE_API_KEY = "fakeBinanceApiKey0000000000000000000000000000000000000000000000";
export const FAKE_API_SECRET = "fakeBinanceSecret000000000000000000000000000000000000000000000";
/** Binance's default taker fee on USDⓈ-M futures, charged on every fill here unless setFees() says otherwise. */
export const FAKE_TAKER_FEE = "0.0004";
/** The BNB price the fake converts commissions at when an account pays fees in BNB. */
export const FAKE_BNB_PRICE = "600";

/** An account's fee schedule: maker (resting LIMIT fills) and taker rates, and the asset fees are paid in. */
export type TFakeFees = { makerRate: string; takerRate: string; asset: "USDT" | "BNB" };

export type TFakeTrade = {
  apiKey: string;
  id: number;
  orderId: number;
  symbol: string;
  side: "BUY" | "SELL";
  positionSide: "BOTH" | "LONG" | "SHORT";
  price: string;
  qty: string;
  quoteQty: string;
  realizedPnl: string;
  commission: string;
  commissionAsset: "USDT" | "BNB";
  maker: boolean;
  time: number;
};

export type TFakeSymbol = {
  symbol: string;
  base: string;
  /** The last traded price: market orders fill at it, LIMIT orders and CONTRACT_PRICE stops compare with it. */
  price: string;
  /** The mark price (premiumIndex, positions' P&L, MARK_PRICE stops); follows `price` unless set apart. */
  markPrice?: string;
  tickSize: string;
  stepSize: string;
  minQty: string;
  maxQty: string;
  marketMaxQty: string;
  minNotional: string;
  maxLeverage: number;
};

/** Filters as Binance lists them (BTCUSDT, ETHUSDT, SOLUSDT, DOGEUSDT, late 2025). */
export const FAKE_SYMBOLS: TFakeSymbol[] = [
  { symbol: "BTCUSDT", base: "BTC", price: "60000.00", tickSize: "0.10", stepSize: "0.001", minQty: "0.001", maxQty: "1000", marketMaxQty: "120", minNotional: "100", maxLeverage: 125 },
  { symbol: "ETHUSDT", base: "ETH", price: "3000.00", tickSize: "0.01", stepSize: "0.001", minQty: "0.001", maxQty: "10000", marketMaxQty: "2000", minNotional: "20", maxLeverage: 100 },
  { symbol: "SOLUSDT", base: "SOL", price: "150.0000", tickSize: "0.0100", stepSize: "1", minQty: "1", maxQty: "1000000", marketMaxQty: "5000", minNotional: "5", maxLeverage: 75 },
  { symbol: "DOGEUSDT", base: "DOGE", price: "0.150000", tickSize: "0.000010", stepSize: "1", minQty: "1", maxQty: "50000000", marketMaxQty: "30000000", minNotional: "5", maxLeverage: 75 },
];

export type TFakeOrder = {
  apiKey: string;
  orderId: number;
  clientOrderId: string;
  symbol: string;
  side: "BUY" | "SELL";
  type: "MARKET" | "LIMIT";
  status: "NEW" | "PARTIALLY_FILLED" | "FILLED" | "CANCELED" | "EXPIRED";
  price: string;
  avgPrice: string;
  origQty: string;
  executedQty: string;
  cumQuote: string;
  timeInForce: string;
  reduceOnly: boolean;
  positionSide: "BOTH" | "LONG" | "SHORT";
  /** The commission charged on the fill (Binance reports it in trades, not orders). */
  commission: string;
  time: number;
  updateTime: number;
};

export type TFakeAlgoOrder = {
  apiKey: string;
  algoId: number;
  clientAlgoId: string;
  symbol: string;
  side: "BUY" | "SELL";
  orderType: string;
  positionSide: "BOTH" | "LONG" | "SHORT";
  quantity: string;
  triggerPrice: string;
  price: string;
  workingType: string;
  reduceOnly: boolean;
  closePosition: boolean;
  priceProtect: boolean;
  timeInForce: string;
  /** Binance's lifecycle: NEW → TRIGGERING → TRIGGERED (child order placed) → FINISHED (child filled or cancelled). */
  algoStatus: "NEW" | "TRIGGERING" | "TRIGGERED" | "CANCELED" | "FINISHED" | "REJECTED" | "EXPIRED";
  /** The market order created when it triggered. */
  actualOrderId: number | null;
  createTime: number;
  updateTime: number;
  triggerTime: number;
};

export type TFakeCall = {
  method: string;
  path: string;
  /** Query and form-body parameters together, signature and timestamp included. */
  params: Record<string, string>;
  apiKey: string | null;
  status: number;
  code: number | null;
  at: Date;
};

/**
 * How one conditional order behaves when its trigger is crossed (default: straight to FINISHED, the
 * child market order fully filled). holdAt stops the lifecycle at TRIGGERING (no child yet) or
 * TRIGGERED (child placed, not filled) until advanceAlgo(); childFill fills only that much of the child,
 * which then ends as childEnd (default CANCELED) — Binance's market child can be cancelled or expire.
 */
export type TFakeAlgoScript = { holdAt?: "TRIGGERING" | "TRIGGERED"; childFill?: string; childEnd?: "CANCELED" | "EXPIRED" };

/**
 * Binance's limits (defaults: 2,400 request weight per IP per minute, 300 orders per account per
 * 10 s and 1,200 per minute). Over one: 429 with Retry-After (until the window ends); a request
 * during that wait: 418, banned for banMs.
 */
export type TFakeRateLimits = { weightPerMinute: number; ordersPer10s: number; ordersPerMinute: number; banMs: number };
export const FAKE_RATE_LIMITS: TFakeRateLimits = { weightPerMinute: 2400, ordersPer10s: 300, ordersPerMinute: 1200, banMs: 120_000 };

export type TFakeError = { code: number; msg: string; status?: number };
/** Which requests a scripted failure applies to: order placements (default), every request, or one path. */
export type TFakeTarget = "placement" | "any" | { method?: string; path: string };

export type TFakePosition = { symbol: string; positionSide: "BOTH" | "LONG" | "SHORT"; positionAmt: string; entryPrice: string };

export type TFakeBinance = {
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  calls: TFakeCall[];
  /** Every normal order ever accepted, all accounts, in order. */
  orders: TFakeOrder[];
  /** Every conditional (algo) order ever accepted. */
  algoOrders: TFakeAlgoOrder[];
  /** Every trade (one per fill), all accounts: what GET /fapi/v1/userTrades serves. */
  trades: TFakeTrade[];
  /** The account's fee schedule from now on (default: taker 0.0004 on every fill, in USDT). */
  setFees(fees: Partial<TFakeFees>, apiKey?: string): void;
  /** Calls that placed (or tried to place) an order: POST /fapi/v1/order and /fapi/v1/algoOrder. */
  placements(): TFakeCall[];
  /** Another account; its key and secret sign its requests. */
  addAccount(a: { apiKey: string; apiSecret: string; balanceUsdt?: string }): void;
  setBalance(usdt: string, apiKey?: string): void;
  positions(apiKey?: string): TFakePosition[];
  account(apiKey?: string): { dualSidePosition: boolean; leverage: Record<string, number>; marginType: Record<string, string>; walletBalance: string };
  price(symbol: string): string;
  /** Moves the price (last, and mark unless given apart): resting LIMIT orders fill and algo orders trigger when crossed. */
  setPrice(symbol: string, price: string, options?: { mark?: string }): void;
  /** Moves only the mark price: MARK_PRICE stops trigger on it (the last price stays). */
  setMarkPrice(symbol: string, mark: string): void;
  /**
   * What a conditional order placed already past its trigger gets: "reject" answers -2021 "Order would
   * immediately trigger." (default); "accept" takes it and it fires at once — Binance documents -2021
   * for trailing stops, not for every STOP_MARKET algo order, so code must not depend on it.
   */
  setImmediateTrigger(mode: "reject" | "accept"): void;
  /** Scripts the lifecycle of the conditional order with this client algo id once it triggers. */
  scriptAlgo(clientAlgoId: string, script: TFakeAlgoScript, apiKey?: string): void;
  /** Moves a held conditional order one step on: TRIGGERING → TRIGGERED → FINISHED. */
  advanceAlgo(clientAlgoId: string, apiKey?: string): void;
  /** The next n matching requests answer this Binance error (default status 400; 401 for -2015). */
  rejectNext(n: number, error: TFakeError, on?: TFakeTarget): void;
  /** The next n matching requests answer 429 with Retry-After (default: any request). */
  rateLimitNext(n: number, options?: { retryAfterSeconds?: number; on?: TFakeTarget }): void;
  /**
   * The next n order placements are accepted (the order exists), then the answer is held past the client's
   * timeout ("hold", released after holdMs or when the client leaves) or the socket is destroyed ("destroy").
   */
  timeoutAfterAcceptNext(n: number, options?: { mode?: "hold" | "destroy"; holdMs?: number }): void;
  /** The next n matching requests lose their connection before anything happens (default: placements). */
  dropNext(n: number, on?: TFakeTarget): void;
  /**
   * Binance's clock runs this many ms ahead of ours (negative: behind). Signed requests are checked
   * against it as Binance does: timestamp at most 1 s ahead, at most recvWindow (≤ 60 s) behind.
   */
  setClockOffset(ms: number): void;
  /** Binance's rate limits from now on (counters kept). */
  setRateLimits(limits: Partial<TFakeRateLimits>): void;
  /** Answers every request after this many ms. */
  setLatency(ms: number): void;
  /** Resets every open socket and each new one: clients see a network error. */
  goDown(): void;
  comeBack(): void;
  reset(): void;
  close(): Promise<void>;
};

type TAccount = {
  apiKey: string;
  apiSecret: string;
  wallet: TDec;
  dualSide: boolean;
  leverage: Map<string, number>;
  marginType: Map<string, "ISOLATED" | "CROSSED">;
  positions: Map<string, { amt: TDec; entry: TDec }>;
  fees: TFakeFees;
};
type TParams = Record<string, string>;
type TAnswer = { status: number; body: unknown; headers?: Record<string, string> };
type TScript =
  | { kind: "reject"; error: TFakeError; on: TFakeTarget }
  | { kind: "rate"; retryAfterSeconds: number; on: TFakeTarget }
  | { kind: "drop"; on: TFakeTarget };
type TAcceptScript = { mode: "hold" | "destroy"; holdMs: number };

const CONDITIONAL_TYPES = new Set(["STOP", "STOP_MARKET", "TAKE_PROFIT", "TAKE_PROFIT_MARKET", "TRAILING_STOP_MARKET"]);
const CLIENT_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;
const DEFAULT_LEVERAGE = 20;
const RECV_WINDOW_DEFAULT = 5000;
const TIME_IN_FORCE = new Set(["GTC", "IOC", "FOK", "GTX", "GTD"]);
const PERCENT_PRICE_UP = "1.05";
const PERCENT_PRICE_DOWN = "0.95";
/** Binance's limit on open conditional orders, all symbols together (change log 2025-12-29). */
export const FAKE_MAX_OPEN_ALGO_ORDERS = 200;
const SEVEN_DAYS_MS = 7 * 24 * 60 * 60 * 1000;

class BinanceError extends Error {
  constructor(
    readonly code: number,
    msg: string,
    readonly status = code === -2015 ? 401 : 400,
  ) {
    super(msg);
  }
}
const fail = (code: number, msg: string, status?: number): never => {
  throw new BinanceError(code, msg, status);
};

/** Decimal places of a step such as "0.001" or "1". */
const places = (step: string) => (step.includes(".") ? step.split(".")[1]!.replace(/0+$/, "").length : 0);
/** Decimal places as sent, e.g. "0.0120" → 4 (Binance counts what the client sent). */
const decimals = (raw: string) => (raw.includes(".") ? raw.split(".")[1]!.length : 0);
const isMultiple = (x: TDec, step: string) => x.mod(step).isZero();
const fmt = (x: TDec, dp: number) => x.toFixed(dp);

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

export async function startFakeBinance(
  options: { apiKey?: string; apiSecret?: string; balanceUsdt?: string; symbols?: TFakeSymbol[]; maxOpenAlgoOrders?: number; rateLimits?: Partial<TFakeRateLimits> } = {},
): Promise<TFakeBinance> {
  const symbols = new Map((options.symbols ?? FAKE_SYMBOLS).map((s) => [s.symbol, { ...s }]));
  const accounts = new Map<string, TAccount>();
  const calls: TFakeCall[] = [];
  const orders: TFakeOrder[] = [];
  const algoOrders: TFakeAlgoOrder[] = [];
  const trades: TFakeTrade[] = [];
  let nextTradeId = 700_000_001;
  const scripts: TScript[] = [];
  const acceptScripts: TAcceptScript[] = [];
  let nextOrderId = 4_000_000_001;
  let nextAlgoId = 1_000_001;
  let latencyMs = 0;
  let clockOffsetMs = 0;
  let limits: TFakeRateLimits = { ...FAKE_RATE_LIMITS, ...options.rateLimits };
  const weightUsed = new Map<string, { minute: number; used: number; waitUntil: number; bannedUntil: number }>();
  const orderCounts = new Map<string, number[]>();
  const maxOpenAlgo = options.maxOpenAlgoOrders ?? FAKE_MAX_OPEN_ALGO_ORDERS;
  let immediateTrigger: "reject" | "accept" = "reject";
  const markOf = (s: TFakeSymbol) => s.markPrice ?? s.price;
  /** The price a conditional order's workingType watches (Binance's default is CONTRACT_PRICE; ccxt callers send MARK_PRICE). */
  const watched = (s: TFakeSymbol, workingType: string) => new D(workingType === "MARK_PRICE" ? markOf(s) : s.price);
  const serverNow = () => Date.now() + clockOffsetMs;
  const algoScripts = new Map<string, TFakeAlgoScript>();
  const algoKey = (apiKey: string, clientAlgoId: string) => `${apiKey}:${clientAlgoId}`;

  const newAccount = (apiKey: string, apiSecret: string, balanceUsdt = "10000"): TAccount => ({
    apiKey,
    apiSecret,
    wallet: new D(balanceUsdt),
    dualSide: false,
    leverage: new Map(),
    marginType: new Map(),
    positions: new Map(),
    fees: { makerRate: FAKE_TAKER_FEE, takerRate: FAKE_TAKER_FEE, asset: "USDT" },
  });
  const defaultKey = options.apiKey ?? FAKE_API_KEY;
  const defaultSecret = options.apiSecret ?? FAKE_API_SECRET;
  const resetAccounts = () => {
    accounts.clear();
    accounts.set(defaultKey, newAccount(defaultKey, defaultSecret, options.balanceUsdt));
  };
  resetAccounts();

  const accountOf = (apiKey = defaultKey) => {
    const a = accounts.get(apiKey);
    if (!a) throw new Error(`fake Binance: no account for key ${apiKey.slice(0, 6)}…`);
    return a;
  };
  const symbolOf = (id: string | undefined) => {
    const s = id === undefined ? undefined : symbols.get(id);
    return s ?? fail(-1121, "Invalid symbol.");
  };

  // ---- accounts: positions, margin, fills ----
  const posKey = (symbol: string, side: string) => `${symbol}:${side}`;
  const position = (a: TAccount, symbol: string, side: string) => a.positions.get(posKey(symbol, side)) ?? { amt: new D(0), entry: new D(0) };
  const leverageOf = (a: TAccount, symbol: string) => a.leverage.get(symbol) ?? DEFAULT_LEVERAGE;
  const usedMargin = (a: TAccount) =>
    [...a.positions.entries()].reduce((sum, [key, p]) => sum.add(p.amt.abs().mul(p.entry).div(leverageOf(a, key.split(":")[0]!))), new D(0));
  const unrealized = (a: TAccount) =>
    [...a.positions.entries()].reduce((sum, [key, p]) => sum.add(new D(symbols.get(key.split(":")[0]!)!.price).sub(p.entry).mul(p.amt)), new D(0));
  const available = (a: TAccount) => D.max(0, a.wallet.add(unrealized(a)).sub(usedMargin(a)));

  /** The signed change a fill makes to the position it touches (hedge: LONG grows on BUY, SHORT on SELL). */
  function signedQty(side: "BUY" | "SELL", qty: TDec) {
    return side === "BUY" ? qty : qty.neg();
  }

  /** True when the order would shrink the position it belongs to. */
  function reduces(a: TAccount, symbol: string, side: "BUY" | "SELL", positionSide: string) {
    const p = position(a, symbol, positionSide);
    if (positionSide === "LONG") return side === "SELL";
    if (positionSide === "SHORT") return side === "BUY";
    return !p.amt.isZero() && p.amt.isPositive() === (side === "SELL");
  }

  function applyFill(a: TAccount, symbol: string, side: "BUY" | "SELL", positionSide: string, qty: TDec, price: TDec, maker = false): { fee: TDec; realized: TDec } {
    const key = posKey(symbol, positionSide);
    const p = position(a, symbol, positionSide);
    if (qty.isZero()) return { fee: new D(0), realized: new D(0) };
    const delta = signedQty(side, qty);
    let realized = new D(0);
    const next = p.amt.add(delta);
    if (p.amt.isZero() || p.amt.isPositive() === delta.isPositive()) {
      const entry = p.amt.abs().mul(p.entry).add(qty.mul(price)).div(next.abs());
      a.positions.set(key, { amt: next, entry });
    } else {
      const closed = D.min(qty, p.amt.abs());
      realized = price.sub(p.entry).mul(closed).mul(p.amt.isPositive() ? 1 : -1);
      if (next.isZero()) a.positions.delete(key);
      else if (next.isPositive() === p.amt.isPositive()) a.positions.set(key, { amt: next, entry: p.entry });
      else a.positions.set(key, { amt: next, entry: price });
    }
    const fee = qty.mul(price).mul(maker ? a.fees.makerRate : a.fees.takerRate);
    // Fees paid in BNB leave the USDT wallet alone.
    a.wallet = a.wallet.add(realized).sub(a.fees.asset === "USDT" ? fee : 0);
    if (!a.positions.has(key)) expireReduceOnly(a, symbol, positionSide);
    return { fee, realized };
  }

  /** Binance expires resting reduce-only orders once their position is gone. */
  function expireReduceOnly(a: TAccount, symbol: string, positionSide: string) {
    for (const o of orders) {
      if (o.apiKey === a.apiKey && o.symbol === symbol && o.positionSide === positionSide && o.reduceOnly && isOpen(o)) {
        o.status = "EXPIRED";
        o.updateTime = Date.now();
      }
    }
  }

  const isOpen = (o: TFakeOrder) => o.status === "NEW" || o.status === "PARTIALLY_FILLED";
  const hasOpenOrders = (a: TAccount, symbol: string) =>
    orders.some((o) => o.apiKey === a.apiKey && o.symbol === symbol && isOpen(o)) || algoOrders.some((o) => o.apiKey === a.apiKey && o.symbol === symbol && o.algoStatus === "NEW");

  function fillOrder(a: TAccount, o: TFakeOrder, price: TDec, maker = false, upTo?: TDec) {
    let qty = upTo ?? new D(o.origQty);
    if (o.reduceOnly || o.positionSide !== "BOTH") {
      const held = position(a, o.symbol, o.positionSide).amt.abs();
      if (reduces(a, o.symbol, o.side, o.positionSide)) qty = D.min(qty, held);
    }
    const s = symbols.get(o.symbol)!;
    const { fee, realized } = applyFill(a, o.symbol, o.side, o.positionSide, qty, price, maker);
    // The commission in the account's fee asset (BNB converted at FAKE_BNB_PRICE, 8 places as Binance shows it).
    const commission = a.fees.asset === "USDT" ? fee : fee.div(FAKE_BNB_PRICE).toDecimalPlaces(8);
    if (qty.gt(0)) {
      trades.push({
        apiKey: a.apiKey,
        id: nextTradeId++,
        orderId: o.orderId,
        symbol: o.symbol,
        side: o.side,
        positionSide: o.positionSide,
        price: price.toFixed(),
        qty: qty.toFixed(),
        quoteQty: qty.mul(price).toFixed(),
        realizedPnl: realized.toFixed(8),
        commission: commission.toFixed(8),
        commissionAsset: a.fees.asset,
        maker,
        time: Date.now(),
      });
    }
    o.status = "FILLED";
    o.executedQty = fmt(qty, places(s.stepSize));
    o.avgPrice = price.toFixed();
    o.cumQuote = qty.mul(price).toFixed();
    o.commission = fee.toFixed();
    o.updateTime = Date.now();
  }

  // ---- order placement ----
  function positionSideFor(a: TAccount, p: TParams): "BOTH" | "LONG" | "SHORT" {
    const ps = p.positionSide ?? "BOTH";
    if (a.dualSide) {
      if (ps !== "LONG" && ps !== "SHORT") fail(-4061, "Order's position side does not match user's setting.");
      if (p.reduceOnly !== undefined) fail(-1106, "Parameter 'reduceonly' sent when not required.");
    } else if (ps !== "BOTH") {
      fail(-4061, "Order's position side does not match user's setting.");
    }
    return ps as "BOTH" | "LONG" | "SHORT";
  }

  function checkQty(s: TFakeSymbol, raw: string | undefined, max: string): TDec {
    if (raw === undefined || raw === "") fail(-1102, "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed.");
    const qty = new D(raw!);
    if (qty.lte(0)) fail(-4003, "Quantity less than or equal to zero.");
    if (decimals(raw!) > places(s.stepSize)) fail(-1111, "Precision is over the maximum defined for this asset.");
    if (!isMultiple(qty, s.stepSize)) fail(-4023, "Quantity not increased by step size.");
    if (qty.lt(s.minQty)) fail(-4004, "Quantity less than min quantity.");
    if (qty.gt(max)) fail(-4005, "Quantity greater than max quantity.");
    return qty;
  }

  function checkPrice(s: TFakeSymbol, raw: string | undefined, name: string): TDec {
    if (raw === undefined || raw === "") fail(-1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
    const price = new D(raw!);
    if (price.lte(0)) fail(-4001, "Price less than 0.");
    if (decimals(raw!) > places(s.tickSize)) fail(-1111, "Precision is over the maximum defined for this asset.");
    if (!isMultiple(price, s.tickSize)) fail(-4014, "Price not increased by tick size.");
    return price;
  }

  function checkClientId(a: TAccount, id: string | undefined, open: Array<{ apiKey: string; id: string }>): string {
    if (id === undefined) return `web_${Math.random().toString(36).slice(2, 18)}`;
    if (!CLIENT_ID.test(id)) fail(-4015, "Client order id length should be less than 36 chars");
    if (open.some((o) => o.apiKey === a.apiKey && o.id === id)) fail(-4116, "ClientOrderId is duplicated.");
    return id;
  }

  function checkOpeningOrder(a: TAccount, s: TFakeSymbol, qty: TDec, price: TDec, opening: boolean) {
    if (!opening) return;
    const notional = qty.mul(price);
    if (notional.lt(s.minNotional)) fail(-4164, `Order's notional must be no smaller than ${s.minNotional} (unless you choose reduce only).`);
    if (notional.div(leverageOf(a, s.symbol)).gt(available(a))) fail(-2019, "Margin is insufficient.");
  }

  function newOrder(a: TAccount, p: TParams): TFakeOrder {
    const s = symbolOf(p.symbol);
    const type = p.type ?? fail(-1102, "Mandatory parameter 'type' was not sent, was empty/null, or malformed.");
    if (CONDITIONAL_TYPES.has(type)) fail(-4120, "Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.");
    if (type !== "MARKET" && type !== "LIMIT") return fail(-1116, "Invalid orderType.");
    const side = p.side === "BUY" || p.side === "SELL" ? p.side : fail(-1117, "Invalid side.");
    const positionSide = positionSideFor(a, p);
    const clientOrderId = checkClientId(a, p.newClientOrderId, orders.filter(isOpen).map((o) => ({ apiKey: o.apiKey, id: o.clientOrderId })));
    const qty = checkQty(s, p.quantity, type === "MARKET" ? s.marketMaxQty : s.maxQty);
    const market = new D(s.price);
    const limit = type === "LIMIT" ? checkPrice(s, p.price, "price") : null;
    const tif = type === "LIMIT" ? checkTimeInForce(p) : "GTC";
    if (limit) checkPercentPrice(s, side, limit);
    const reduceOnly = p.reduceOnly === "true";
    const reducing = reduces(a, s.symbol, side, positionSide);
    if (reduceOnly && !reducing) fail(-2022, "ReduceOnly Order is rejected.");
    if (positionSide !== "BOTH" && reducing && position(a, s.symbol, positionSide).amt.isZero()) fail(-2022, "ReduceOnly Order is rejected.");
    checkOpeningOrder(a, s, qty, limit ?? market, !reducing);
    const now = Date.now();
    const order: TFakeOrder = {
      apiKey: a.apiKey,
      orderId: nextOrderId++,
      clientOrderId,
      symbol: s.symbol,
      side,
      type,
      status: "NEW",
      price: limit ? limit.toFixed() : "0",
      avgPrice: "0",
      origQty: qty.toFixed(),
      executedQty: "0",
      cumQuote: "0",
      timeInForce: tif,
      reduceOnly,
      positionSide,
      commission: "0",
      time: now,
      updateTime: now,
    };
    orders.push(order);
    const crosses = limit !== null && (side === "BUY" ? limit.gte(market) : limit.lte(market));
    if (tif === "GTX" && crosses) {
      orders.pop();
      fail(-5022, "Due to the order could not be executed as maker, the Post Only order will be rejected.");
    }
    if (type === "MARKET" || crosses) fillOrder(a, order, market);
    else if (tif === "IOC" || tif === "FOK") Object.assign(order, { status: "EXPIRED", updateTime: Date.now() }); // nothing to take now
    return order;
  }

  /** LIMIT orders need one of Binance's timeInForce values; GTD also needs goodTillDate. */
  function checkTimeInForce(p: TParams): string {
    const tif = p.timeInForce ?? fail(-1102, "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed.");
    if (!TIME_IN_FORCE.has(tif)) fail(-1115, "Invalid timeInForce.");
    if (tif === "GTD" && !p.goodTillDate) fail(-1102, "Mandatory parameter 'goodTillDate' was not sent, was empty/null, or malformed.");
    return tif;
  }

  /** PERCENT_PRICE: a BUY limit at most mark × 1.05, a SELL limit at least mark × 0.95. */
  function checkPercentPrice(s: TFakeSymbol, side: "BUY" | "SELL", price: TDec) {
    const mark = new D(markOf(s));
    const cap = mark.mul(PERCENT_PRICE_UP).toDecimalPlaces(places(s.tickSize), D.ROUND_DOWN);
    const floor = mark.mul(PERCENT_PRICE_DOWN).toDecimalPlaces(places(s.tickSize), D.ROUND_UP);
    if (side === "BUY" && price.gt(cap)) fail(-4016, `Limit price can't be higher than ${cap.toFixed()}.`);
    if (side === "SELL" && price.lt(floor)) fail(-4024, `Limit price can't be lower than ${floor.toFixed()}.`);
  }

  function newAlgoOrder(a: TAccount, p: TParams): ReturnType<typeof algoWire> {
    if (p.algoType !== "CONDITIONAL") fail(-1102, "Mandatory parameter 'algoType' was not sent, was empty/null, or malformed.");
    const s = symbolOf(p.symbol);
    const type = p.type ?? "";
    if (!CONDITIONAL_TYPES.has(type)) fail(-1116, "Invalid orderType.");
    const side = p.side === "BUY" || p.side === "SELL" ? p.side : fail(-1117, "Invalid side.");
    const positionSide = positionSideFor(a, p);
    const clientAlgoId = checkClientId(a, p.clientAlgoId, algoOrders.filter((o) => o.algoStatus === "NEW").map((o) => ({ apiKey: o.apiKey, id: o.clientAlgoId })));
    const closePosition = p.closePosition === "true";
    if (closePosition) checkClosePosition(a, s.symbol, type, side, positionSide, p);
    if (algoOrders.filter((o) => o.apiKey === a.apiKey && o.algoStatus === "NEW").length >= maxOpenAlgo) fail(-4045, "Reach max stop order limit.");
    const qty = closePosition ? null : checkQty(s, p.quantity, s.maxQty);
    const triggerAt = checkPrice(s, p.triggerPrice, "triggerPrice");
    const limitPrice = type === "STOP" || type === "TAKE_PROFIT" ? checkPrice(s, p.price, "price") : null;
    const workingType = p.workingType ?? "CONTRACT_PRICE";
    if (workingType !== "MARK_PRICE" && workingType !== "CONTRACT_PRICE") fail(-1116, "Invalid workingType.");
    const crossed = wouldTrigger(type, side, triggerAt, watched(s, workingType));
    if (crossed && immediateTrigger === "reject") fail(-2021, "Order would immediately trigger.");
    const now = Date.now();
    const order: TFakeAlgoOrder = {
      apiKey: a.apiKey,
      algoId: nextAlgoId++,
      clientAlgoId,
      symbol: s.symbol,
      side,
      orderType: type,
      positionSide,
      quantity: qty ? qty.toFixed() : "0",
      triggerPrice: triggerAt.toFixed(),
      price: limitPrice ? limitPrice.toFixed() : "0",
      workingType,
      reduceOnly: p.reduceOnly === "true",
      closePosition,
      priceProtect: p.priceProtect === "true",
      timeInForce: p.timeInForce ?? "GTC",
      algoStatus: "NEW",
      actualOrderId: null,
      createTime: now,
      updateTime: now,
      triggerTime: 0,
    };
    algoOrders.push(order);
    const wire = algoWire(order); // the answer shows it NEW, as accepted, even if it fires right away
    if (crossed) trigger(order, new D(s.price));
    return wire;
  }

  /** closePosition: STOP_MARKET / TAKE_PROFIT_MARKET only, without quantity or reduceOnly, one per direction. */
  function checkClosePosition(a: TAccount, symbol: string, type: string, side: string, positionSide: string, p: TParams) {
    if (type !== "STOP_MARKET" && type !== "TAKE_PROFIT_MARKET") fail(-1106, "Parameter 'closePosition' sent when not required.");
    if (p.quantity !== undefined) fail(-1106, "Parameter 'quantity' sent when not required.");
    if (p.reduceOnly !== undefined) fail(-1106, "Parameter 'reduceOnly' sent when not required.");
    const taken = algoOrders.some(
      (o) => o.apiKey === a.apiKey && o.symbol === symbol && o.algoStatus === "NEW" && o.closePosition && o.side === side && o.positionSide === positionSide && o.orderType === type,
    );
    if (taken) fail(-4130, "An open stop or take profit order with GTE and closePosition in the direction is existing.");
  }

  /** STOP types trigger when the price moves against the side; TAKE_PROFIT types when it moves in favour. */
  function wouldTrigger(type: string, side: "BUY" | "SELL", trigger: TDec, price: TDec): boolean {
    const isStop = type === "STOP" || type === "STOP_MARKET" || type === "TRAILING_STOP_MARKET";
    const up = price.gte(trigger);
    const down = price.lte(trigger);
    if (isStop) return side === "BUY" ? up : down;
    return side === "BUY" ? down : up;
  }

  function trigger(o: TFakeAlgoOrder, price: TDec) {
    const a = accountOf(o.apiKey);
    const held = position(a, o.symbol, o.positionSide).amt.abs();
    o.triggerTime = Date.now();
    o.updateTime = o.triggerTime;
    if ((o.reduceOnly || o.closePosition) && (held.isZero() || !reduces(a, o.symbol, o.side, o.positionSide))) {
      o.algoStatus = "REJECTED";
      return;
    }
    o.algoStatus = "TRIGGERING";
    if (algoScripts.get(algoKey(o.apiKey, o.clientAlgoId))?.holdAt === "TRIGGERING") return;
    placeChild(o, price);
  }

  /** The market (or limit) order a triggered conditional order sends to the matching engine. */
  function placeChild(o: TFakeAlgoOrder, price: TDec, hold = false) {
    const a = accountOf(o.apiKey);
    const held = position(a, o.symbol, o.positionSide).amt.abs();
    const qty = o.closePosition ? held : new D(o.quantity);
    const now = Date.now();
    const child: TFakeOrder = {
      apiKey: o.apiKey,
      orderId: nextOrderId++,
      clientOrderId: `algo_${o.algoId}`,
      symbol: o.symbol,
      side: o.side,
      type: "MARKET",
      status: "NEW",
      price: "0",
      avgPrice: "0",
      origQty: qty.toFixed(),
      executedQty: "0",
      cumQuote: "0",
      timeInForce: "GTC",
      reduceOnly: o.reduceOnly || o.closePosition,
      positionSide: o.positionSide,
      commission: "0",
      time: now,
      updateTime: now,
    };
    orders.push(child);
    o.algoStatus = "TRIGGERED";
    o.actualOrderId = child.orderId;
    o.updateTime = now;
    if (hold || algoScripts.get(algoKey(o.apiKey, o.clientAlgoId))?.holdAt === "TRIGGERED") return;
    finishChild(o, child, price);
  }

  function finishChild(o: TFakeAlgoOrder, child: TFakeOrder, price: TDec) {
    const script = algoScripts.get(algoKey(o.apiKey, o.clientAlgoId));
    const at = o.orderType === "STOP" || o.orderType === "TAKE_PROFIT" ? new D(o.price) : price;
    if (script?.childFill !== undefined) {
      const part = new D(script.childFill);
      if (part.gt(0)) fillOrder(accountOf(o.apiKey), child, at, false, part);
      child.status = script.childEnd ?? "CANCELED";
      child.updateTime = Date.now();
    } else {
      fillOrder(accountOf(o.apiKey), child, at);
    }
    o.algoStatus = "FINISHED";
    o.updateTime = Date.now();
  }

  function advanceAlgo(clientAlgoId: string, apiKey = defaultKey) {
    const o = algoOrders.find((x) => x.apiKey === apiKey && x.clientAlgoId === clientAlgoId);
    if (!o) throw new Error(`fake Binance: no conditional order ${clientAlgoId}`);
    const script = algoScripts.get(algoKey(apiKey, clientAlgoId));
    if (script) delete script.holdAt;
    const price = new D(symbols.get(o.symbol)!.price);
    if (o.algoStatus === "TRIGGERING") placeChild(o, price, true);
    else if (o.algoStatus === "TRIGGERED") finishChild(o, orders.find((x) => x.orderId === o.actualOrderId)!, price);
    else throw new Error(`fake Binance: ${clientAlgoId} is ${o.algoStatus}, not held`);
  }

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

  /** Conditional orders fire on the price their workingType watches; the child market order fills at the last price. */
  function triggerCrossed(s: TFakeSymbol) {
    for (const o of algoOrders) {
      if (o.symbol === s.symbol && o.algoStatus === "NEW" && wouldTrigger(o.orderType, o.side, new D(o.triggerPrice), watched(s, o.workingType))) trigger(o, new D(s.price));
    }
  }

  // ---- wire shapes ----
  const orderWire = (o: TFakeOrder) => ({
    orderId: o.orderId,
    symbol: o.symbol,
    status: o.status,
    clientOrderId: o.clientOrderId,
    price: o.price,
    avgPrice: o.avgPrice,
    origQty: o.origQty,
    executedQty: o.executedQty,
    cumQty: o.executedQty,
    cumQuote: o.cumQuote,
    timeInForce: o.timeInForce,
    type: o.type,
    reduceOnly: o.reduceOnly,
    closePosition: false,
    side: o.side,
    positionSide: o.positionSide,
    stopPrice: "0",
    workingType: "CONTRACT_PRICE",
    priceProtect: false,
    origType: o.type,
    priceMatch: "NONE",
    selfTradePreventionMode: "EXPIRE_MAKER",
    goodTillDate: 0,
    time: o.time,
    updateTime: o.updateTime,
  });
  const tradeWire = (t: TFakeTrade) => ({
    buyer: t.side === "BUY",
    commission: t.commission,
    commissionAsset: t.commissionAsset,
    id: t.id,
    maker: t.maker,
    orderId: t.orderId,
    price: t.price,
    qty: t.qty,
    quoteQty: t.quoteQty,
    realizedPnl: t.realizedPnl,
    side: t.side,
    positionSide: t.positionSide,
    symbol: t.symbol,
    time: t.time,
  });
  const algoWire = (o: TFakeAlgoOrder) => ({
    algoId: o.algoId,
    clientAlgoId: o.clientAlgoId,
    algoType: "CONDITIONAL",
    orderType: o.orderType,
    symbol: o.symbol,
    side: o.side,
    positionSide: o.positionSide,
    timeInForce: o.timeInForce,
    quantity: o.quantity,
    algoStatus: o.algoStatus,
    actualOrderId: o.actualOrderId === null ? "" : String(o.actualOrderId),
    triggerPrice: o.triggerPrice,
    price: o.price,
    icebergQuantity: null,
    selfTradePreventionMode: "EXPIRE_MAKER",
    workingType: o.workingType,
    priceMatch: "NONE",
    closePosition: o.closePosition,
    priceProtect: o.priceProtect,
    reduceOnly: o.reduceOnly,
    createTime: o.createTime,
    updateTime: o.updateTime,
    triggerTime: o.triggerTime,
    goodTillDate: 0,
  });
  function accountWire(a: TAccount) {
    const wallet = a.wallet.toFixed(8);
    const upnl = unrealized(a).toFixed(8);
    const margin = usedMargin(a).toFixed(8);
    const avail = available(a).toFixed(8);
    const marginBalance = a.wallet.add(unrealized(a)).toFixed(8);
    const asset = {
      asset: "USDT",
      walletBalance: wallet,
      unrealizedProfit: upnl,
      marginBalance,
      maintMargin: "0.00000000",
      initialMargin: margin,
      positionInitialMargin: margin,
      openOrderInitialMargin: "0.00000000",
      crossWalletBalance: wallet,
      crossUnPnl: upnl,
      availableBalance: avail,
      maxWithdrawAmount: avail,
      marginAvailable: true,
      updateTime: Date.now(),
    };
    return {
      totalInitialMargin: margin,
      totalMaintMargin: "0.00000000",
      totalWalletBalance: wallet,
      totalUnrealizedProfit: upnl,
      totalMarginBalance: marginBalance,
      totalPositionInitialMargin: margin,
      totalOpenOrderInitialMargin: "0.00000000",
      totalCrossWalletBalance: wallet,
      totalCrossUnPnl: upnl,
      availableBalance: avail,
      maxWithdrawAmount: avail,
      assets: [asset],
      positions: positionsWire(a),
    };
  }
  function positionsWire(a: TAccount) {
    return [...a.positions.entries()].map(([key, p]) => {
      const [symbol, positionSide] = key.split(":") as [string, string];
      const mark = markOf(symbols.get(symbol)!);
      return {
        symbol,
        positionSide,
        positionAmt: p.amt.toFixed(),
        entryPrice: p.entry.toFixed(),
        breakEvenPrice: p.entry.toFixed(),
        markPrice: mark,
        unRealizedProfit: new D(mark).sub(p.entry).mul(p.amt).toFixed(8),
        liquidationPrice: "0",
        leverage: String(leverageOf(a, symbol)),
        marginType: (a.marginType.get(symbol) ?? "CROSSED").toLowerCase() === "isolated" ? "isolated" : "cross",
        isolatedMargin: "0.00000000",
        isAutoAddMargin: "false",
        notional: p.amt.mul(mark).toFixed(8),
        isolatedWallet: "0",
        updateTime: Date.now(),
      };
    });
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

  // ---- routing ----
  function findOrder(a: TAccount, p: TParams): TFakeOrder {
    const s = symbolOf(p.symbol);
    const found = orders.find(
      (o) => o.apiKey === a.apiKey && o.symbol === s.symbol && (p.orderId !== undefined ? String(o.orderId) === p.orderId : o.clientOrderId === p.origClientOrderId),
    );
    if (p.orderId === undefined && p.origClientOrderId === undefined) fail(-1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
    return found ?? fail(-2013, "Order does not exist.");
  }
  function findAlgo(a: TAccount, p: TParams): TFakeAlgoOrder | undefined {
    if (p.algoId === undefined && p.clientAlgoId === undefined) fail(-1102, "Param 'clientAlgoId' or 'algoId' must be sent, but both were empty/null!");
    return algoOrders.find((o) => o.apiKey === a.apiKey && (p.algoId !== undefined ? String(o.algoId) === p.algoId : o.clientAlgoId === p.clientAlgoId));
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
              { rateLimitType: "REQUEST_WEIGHT", interval: "MINUTE", intervalNum: 1, limit: limits.weightPerMinute },
              { rateLimitType: "ORDERS", interval: "MINUTE", intervalNum: 1, limit: limits.ordersPerMinute },
              { rateLimitType: "ORDERS", interval: "SECOND", intervalNum: 10, limit: limits.ordersPer10s },
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

  function privateRoute(a: TAccount, route: string, p: TParams): TAnswer {
    const ok = (body: unknown): TAnswer => ({ status: 200, body });
    switch (route) {
      case "POST /fapi/v1/leverage": {
        const s = symbolOf(p.symbol);
        const lev = Number(p.leverage);
        if (!Number.isInteger(lev) || lev < 1 || lev > s.maxLeverage) fail(-4028, `Leverage ${p.leverage} is not valid`);
        const holds = [...a.positions.keys()].some((k) => k.startsWith(`${s.symbol}:`));
        if (holds && lev < leverageOf(a, s.symbol) && (a.marginType.get(s.symbol) ?? "CROSSED") === "ISOLATED") {
          fail(-4161, "Leverage reduction is not supported in Isolated Margin Mode with open positions.");
        }
        a.leverage.set(s.symbol, lev);
        return ok({ leverage: lev, maxNotionalValue: "1000000", symbol: s.symbol });
      }
      case "POST /fapi/v1/marginType": {
        const s = symbolOf(p.symbol);
        const type = p.marginType === "ISOLATED" || p.marginType === "CROSSED" ? p.marginType : fail(-4044, "Margin type is invalid.");
        if ((a.marginType.get(s.symbol) ?? "CROSSED") === type) fail(-4046, "No need to change margin type.");
        if (hasOpenOrders(a, s.symbol)) fail(-4047, "Margin type cannot be changed if there exists open orders.");
        if ([...a.positions.keys()].some((k) => k.startsWith(`${s.symbol}:`))) fail(-4048, "Margin type cannot be changed if there exists position.");
        a.marginType.set(s.symbol, type);
        return ok({ code: 200, msg: "success" });
      }
      case "GET /fapi/v1/symbolConfig": {
        const list = p.symbol !== undefined ? [symbolOf(p.symbol)] : [...symbols.values()];
        return ok(
          list.map((s) => ({ symbol: s.symbol, marginType: a.marginType.get(s.symbol) ?? "CROSSED", isAutoAddMargin: "false", leverage: leverageOf(a, s.symbol), maxNotionalValue: "1000000" })),
        );
      }
      case "GET /fapi/v1/positionSide/dual":
        return ok({ dualSidePosition: a.dualSide });
      case "POST /fapi/v1/positionSide/dual": {
        const dual = p.dualSidePosition === "true";
        if (dual === a.dualSide) fail(-4059, "No need to change position side.");
        const openAlgo = algoOrders.some((o) => o.apiKey === a.apiKey && o.algoStatus === "NEW");
        if (openAlgo || orders.some((o) => o.apiKey === a.apiKey && isOpen(o))) fail(-4067, "Position side cannot be changed if there exists open orders.");
        if (a.positions.size > 0) fail(-4068, "Position side cannot be changed if there exists position.");
        a.dualSide = dual;
        return ok({ code: 200, msg: "success" });
      }
      case "GET /fapi/v1/leverageBracket": {
        const list = p.symbol !== undefined ? [symbolOf(p.symbol)] : [...symbols.values()];
        const body = list.map((s) => ({
          symbol: s.symbol,
          notionalCoef: 1.0,
          brackets: [{ bracket: 1, initialLeverage: s.maxLeverage, notionalCap: 50000, notionalFloor: 0, maintMarginRatio: 0.004, cum: 0.0 }],
        }));
        return ok(p.symbol !== undefined ? body[0] : body);
      }
      case "POST /fapi/v1/order":
        return ok(orderWire(newOrder(a, p)));
      case "GET /fapi/v1/order":
        return ok(orderWire(findOrder(a, p)));
      case "DELETE /fapi/v1/order": {
        const o = (() => {
          try {
            return findOrder(a, p);
          } catch {
            return fail(-2011, "Unknown order sent.");
          }
        })();
        if (!isOpen(o)) fail(-2011, "Unknown order sent.");
        o.status = "CANCELED";
        o.updateTime = Date.now();
        return ok(orderWire(o));
      }
      case "GET /fapi/v1/openOrders": {
        const s = p.symbol !== undefined ? symbolOf(p.symbol).symbol : undefined;
        return ok(orders.filter((o) => o.apiKey === a.apiKey && isOpen(o) && (s === undefined || o.symbol === s)).map(orderWire));
      }
      case "DELETE /fapi/v1/allOpenOrders": {
        const s = symbolOf(p.symbol).symbol;
        for (const o of orders) if (o.apiKey === a.apiKey && o.symbol === s && isOpen(o)) Object.assign(o, { status: "CANCELED", updateTime: Date.now() });
        return ok({ code: 200, msg: "The operation of cancel all open order is done." });
      }
      case "POST /fapi/v1/algoOrder":
        return ok(newAlgoOrder(a, p));
      case "GET /fapi/v1/algoOrder": {
        const o = findAlgo(a, p);
        return o ? ok(algoWire(o)) : fail(-2013, "Order does not exist.");
      }
      case "DELETE /fapi/v1/algoOrder": {
        const o = findAlgo(a, p);
        if (!o || o.algoStatus !== "NEW") fail(-2011, "Unknown order sent.");
        o!.algoStatus = "CANCELED";
        o!.updateTime = Date.now();
        return ok({ algoId: o!.algoId, clientAlgoId: o!.clientAlgoId, code: "200", msg: "success" });
      }
      case "GET /fapi/v1/openAlgoOrders": {
        const s = p.symbol !== undefined ? symbolOf(p.symbol).symbol : undefined;
        return ok(algoOrders.filter((o) => o.apiKey === a.apiKey && o.algoStatus === "NEW" && (s === undefined || o.symbol === s)).map(algoWire));
      }
      case "DELETE /fapi/v1/algoOpenOrders": {
        const s = symbolOf(p.symbol).symbol;
        for (const o of algoOrders) if (o.apiKey === a.apiKey && o.symbol === s && o.algoStatus === "NEW") Object.assign(o, { algoStatus: "CANCELED", updateTime: Date.now() });
        return ok({ code: 200, msg: "The operation of cancel all open order is done." });
      }
      case "GET /fapi/v1/userTrades": {
        const s = symbolOf(p.symbol).symbol;
        const limit = Math.min(Number(p.limit ?? 500), 1000);
        // Without startTime/endTime Binance answers the last 7 days only; a longer span is refused.
        const start = p.startTime !== undefined ? Number(p.startTime) : p.endTime !== undefined ? Number(p.endTime) - SEVEN_DAYS_MS : serverNow() - SEVEN_DAYS_MS;
        const end = p.endTime !== undefined ? Number(p.endTime) : p.startTime !== undefined ? start + SEVEN_DAYS_MS : serverNow();
        if (end - start > SEVEN_DAYS_MS) fail(-1127, "More than 7 days between startTime and endTime.");
        const mine = trades.filter(
          (t) => t.apiKey === a.apiKey && t.symbol === s && (p.orderId === undefined || String(t.orderId) === p.orderId) && t.time >= start && t.time <= end,
        );
        return ok(mine.slice(-limit).map(tradeWire));
      }
      case "GET /fapi/v2/account":
      case "GET /fapi/v3/account":
        return ok(accountWire(a));
      case "GET /fapi/v2/balance":
      case "GET /fapi/v3/balance": {
        const w = accountWire(a).assets[0]!;
        return ok([
          {
            accountAlias: "SgsR",
            asset: "USDT",
            balance: w.walletBalance,
            crossWalletBalance: w.crossWalletBalance,
            crossUnPnl: w.crossUnPnl,
            availableBalance: w.availableBalance,
            maxWithdrawAmount: w.maxWithdrawAmount,
            marginAvailable: true,
            updateTime: w.updateTime,
          },
        ]);
      }
      case "GET /fapi/v2/positionRisk":
      case "GET /fapi/v3/positionRisk":
        return ok(positionsWire(a).filter((x) => p.symbol === undefined || x.symbol === p.symbol));
      default:
        return { status: 404, body: { code: -5000, msg: `Path ${route.split(" ")[1]}, Method ${route.split(" ")[0]} is invalid` } };
    }
  }

  // ---- signature and scripted failures ----
  /** Binance signs totalParams = query string + request body, each without its `signature`. */
  function checkSignature(query: string, body: string, headers: IncomingMessage["headers"]): TAccount {
    const key = headers["x-mbx-apikey"];
    const a = typeof key === "string" ? accounts.get(key) : undefined;
    if (!a) fail(-2015, "Invalid API-key, IP, or permissions for action, request ip: 127.0.0.1");
    const strip = (s: string) => {
      const m = /(^|&)signature=([0-9a-fA-F]*)/.exec(s);
      return m ? { rest: s.slice(0, m.index) + s.slice(m.index + m[0].length), sig: m[2]! } : { rest: s, sig: undefined };
    };
    const q = strip(query);
    const b = strip(body);
    const given = q.sig ?? b.sig;
    if (given === undefined) fail(-1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.");
    const expected = createHmac("sha256", a!.apiSecret).update(q.rest + b.rest).digest();
    const got = Buffer.from(given!, "hex");
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) fail(-1022, "Signature for this request is not valid.");
    return a!;
  }

  function checkTimestamp(p: TParams) {
    const ts = Number(p.timestamp);
    if (!p.timestamp || !Number.isFinite(ts)) fail(-1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
    const window = Number(p.recvWindow ?? RECV_WINDOW_DEFAULT);
    if (!Number.isFinite(window) || window <= 0) fail(-1102, "Mandatory parameter 'recvWindow' was not sent, was empty/null, or malformed.");
    if (window > 60_000) fail(-1131, "recvWindow must be less than 60000");
    const now = serverNow();
    if (ts >= now + 1000 || now - ts > window) fail(-1021, "Timestamp for this request is outside of the recvWindow.");
  }

  /** Request weight on the IP limit (Binance USDⓈ-M docs; placements weigh 0 there and count as orders). */
  function weightOf(method: string, path: string, p: TParams): number {
    const all = p.symbol === undefined;
    switch (`${method} ${path}`) {
      case "POST /fapi/v1/order":
      case "POST /fapi/v1/algoOrder":
        return 0;
      case "GET /fapi/v1/openOrders":
      case "GET /fapi/v1/openAlgoOrders":
      case "GET /fapi/v1/ticker/24hr":
        return all ? 40 : 1;
      case "GET /fapi/v1/premiumIndex":
        return all ? 10 : 1;
      case "GET /fapi/v1/ticker/price":
      case "GET /fapi/v2/ticker/price":
        return all ? 2 : 1;
      case "GET /fapi/v1/positionSide/dual":
        return 30;
      case "GET /fapi/v2/account":
      case "GET /fapi/v3/account":
      case "GET /fapi/v2/balance":
      case "GET /fapi/v3/balance":
      case "GET /fapi/v2/positionRisk":
      case "GET /fapi/v3/positionRisk":
      case "GET /fapi/v1/userTrades":
      case "GET /fapi/v1/symbolConfig":
        return 5;
      default:
        return 1;
    }
  }

  /** Counts the request against the IP's minute and the account's order windows; the 429/418 answer when over. */
  function rateCheck(ip: string, method: string, path: string, p: TParams, apiKey: string | null): { answer?: TAnswer; headers: Record<string, string> } {
    const now = serverNow();
    const minute = Math.floor(now / 60_000);
    const w = weightUsed.get(ip) ?? { minute, used: 0, waitUntil: 0, bannedUntil: 0 };
    weightUsed.set(ip, w);
    if (w.minute !== minute) Object.assign(w, { minute, used: 0 });
    const retry = (until: number) => String(Math.max(1, Math.ceil((until - now) / 1000)));
    if (w.bannedUntil > now) {
      return { headers: {}, answer: { status: 418, headers: { "retry-after": retry(w.bannedUntil) }, body: { code: -1003, msg: `Way too many requests; IP(${ip}) banned until ${w.bannedUntil}. Please use the websocket for live updates to avoid bans.` } } };
    }
    if (w.waitUntil > now) {
      w.bannedUntil = now + limits.banMs; // kept sending after a 429
      return { headers: {}, answer: { status: 418, headers: { "retry-after": retry(w.bannedUntil) }, body: { code: -1003, msg: `Way too many requests; IP(${ip}) banned until ${w.bannedUntil}. Please use the websocket for live updates to avoid bans.` } } };
    }
    w.used += weightOf(method, path, p);
    const headers: Record<string, string> = { "x-mbx-used-weight-1m": String(w.used) };
    if (w.used > limits.weightPerMinute) {
      w.waitUntil = (minute + 1) * 60_000;
      return { headers, answer: { status: 429, headers: { ...headers, "retry-after": retry(w.waitUntil) }, body: { code: -1003, msg: `Too many requests; current limit of IP(${ip}) is ${limits.weightPerMinute} requests per minute. Please use the websocket for live updates to avoid polling the API.` } } };
    }
    if (isPlacement(method, path) && apiKey !== null) {
      const recent = (orderCounts.get(apiKey) ?? []).filter((t) => t > now - 60_000);
      const in10s = recent.filter((t) => t > now - 10_000).length;
      if (in10s >= limits.ordersPer10s || recent.length >= limits.ordersPerMinute) {
        const over10s = in10s >= limits.ordersPer10s;
        const until = over10s ? recent.filter((t) => t > now - 10_000)[0]! + 10_000 : recent[0]! + 60_000;
        const [limit, interval] = over10s ? [limits.ordersPer10s, "10 SECOND"] : [limits.ordersPerMinute, "1 MINUTE"];
        return { headers, answer: { status: 429, headers: { ...headers, "retry-after": retry(until) }, body: { code: -1015, msg: `Too many new orders; current limit is ${limit} orders per ${interval}.` } } };
      }
      recent.push(now);
      orderCounts.set(apiKey, recent);
      headers["x-mbx-order-count-10s"] = String(in10s + 1);
      headers["x-mbx-order-count-1m"] = String(recent.length);
    }
    return { headers };
  }

  const isPlacement = (method: string, path: string) => method === "POST" && (path === "/fapi/v1/order" || path === "/fapi/v1/algoOrder");
  const matches = (on: TFakeTarget, method: string, path: string) =>
    on === "any" ? true : on === "placement" ? isPlacement(method, path) : on.path === path && (on.method === undefined || on.method === method);
  function takeScript(method: string, path: string): TScript | undefined {
    const i = scripts.findIndex((s) => matches(s.on, method, path));
    return i === -1 ? undefined : scripts.splice(i, 1)[0];
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = req.method ?? "GET";
    const path = url.pathname;
    const rawQuery = url.search.replace(/^\?/, "");
    const params: TParams = { ...Object.fromEntries(url.searchParams), ...Object.fromEntries(new URLSearchParams(rawBody)) };
    const apiKey = typeof req.headers["x-mbx-apikey"] === "string" ? req.headers["x-mbx-apikey"] : null;
    const call: TFakeCall = { method, path, params, apiKey, status: 0, code: null, at: new Date() };
    calls.push(call);

    const script = takeScript(method, path);
    if (script?.kind === "drop") {
      call.status = -1;
      req.socket.resetAndDestroy();
      return;
    }
    let answer: TAnswer;
    const rate = script === undefined ? rateCheck(req.socket.remoteAddress ?? "127.0.0.1", method, path, params, apiKey) : { headers: {} };
    const accept = isPlacement(method, path) && script === undefined && !rate.answer ? acceptScripts.shift() : undefined;
    if (rate.answer) {
      answer = rate.answer;
    } else if (script?.kind === "rate") {
      answer = {
        status: 429,
        headers: { "retry-after": String(script.retryAfterSeconds) },
        body: { code: -1003, msg: "Too many requests; current limit of IP(127.0.0.1) is 2400 requests per minute. Please use the websocket for live updates to avoid polling the API." },
      };
    } else if (script?.kind === "reject") {
      answer = { status: script.error.status ?? (script.error.code === -2015 ? 401 : 400), body: { code: script.error.code, msg: script.error.msg } };
    } else {
      try {
        answer = publicRoute(method, path, params) ?? (() => {
          const a = checkSignature(rawQuery, rawBody, req.headers);
          checkTimestamp(params);
          return privateRoute(a, `${method} ${path}`, params);
        })();
      } catch (err) {
        if (!(err instanceof BinanceError)) throw err;
        answer = { status: err.status, body: { code: err.code, msg: err.message } };
      }
    }
    call.status = answer.status;
    const code = (answer.body as { code?: unknown } | null)?.code;
    call.code = typeof code === "number" && code < 0 ? code : null;

    if (accept && answer.status === 200) {
      if (accept.mode === "destroy") {
        call.status = -1;
        req.socket.resetAndDestroy();
        return;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, accept.holdMs);
        res.on("close", () => {
          clearTimeout(timer);
          resolve();
        });
      });
    } else if (accept) {
      acceptScripts.unshift(accept);
    }
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(answer.status, { "content-type": "application/json", "x-mbx-used-weight-1m": "0", ...rate.headers, ...answer.headers }).end(JSON.stringify(answer.body));
  }

  const listener = await listenFake(handle);
  const { port } = listener;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    apiKey: defaultKey,
    apiSecret: defaultSecret,
    calls,
    orders,
    algoOrders,
    trades,
    setFees(fees, apiKey) {
      const a = accountOf(apiKey);
      a.fees = { ...a.fees, ...fees };
    },
    placements: () => calls.filter((c) => isPlacement(c.method, c.path)),
    addAccount({ apiKey, apiSecret, balanceUsdt }) {
      accounts.set(apiKey, newAccount(apiKey, apiSecret, balanceUsdt));
    },
    setBalance(usdt, apiKey) {
      accountOf(apiKey).wallet = new D(usdt);
    },
    positions(apiKey) {
      return [...accountOf(apiKey).positions.entries()].map(([key, p]) => {
        const [symbol, positionSide] = key.split(":") as [string, "BOTH" | "LONG" | "SHORT"];
        return { symbol, positionSide, positionAmt: p.amt.toFixed(), entryPrice: p.entry.toFixed() };
      });
    },
    account(apiKey) {
      const a = accountOf(apiKey);
      return {
        dualSidePosition: a.dualSide,
        leverage: Object.fromEntries(a.leverage),
        marginType: Object.fromEntries(a.marginType),
        walletBalance: a.wallet.toFixed(),
      };
    },
    price: (symbol) => symbols.get(symbol)?.price ?? fail(-1121, "Invalid symbol."),
    setPrice: (symbol, price, opts) => setPrice(symbol, price, opts?.mark),
    setMarkPrice,
    setImmediateTrigger(mode) {
      immediateTrigger = mode;
    },
    scriptAlgo(clientAlgoId, script, apiKey = defaultKey) {
      algoScripts.set(algoKey(apiKey, clientAlgoId), { ...script });
    },
    advanceAlgo,
    rejectNext(n, error, on = "placement") {
      for (let k = 0; k < n; k += 1) scripts.push({ kind: "reject", error, on });
    },
    rateLimitNext(n, opts = {}) {
      for (let k = 0; k < n; k += 1) scripts.push({ kind: "rate", retryAfterSeconds: opts.retryAfterSeconds ?? 1, on: opts.on ?? "any" });
    },
    timeoutAfterAcceptNext(n, opts = {}) {
      for (let k = 0; k < n; k += 1) acceptScripts.push({ mode: opts.mode ?? "hold", holdMs: opts.holdMs ?? 30_000 });
    },
    dropNext(n, on = "placement") {
      for (let k = 0; k < n; k += 1) scripts.push({ kind: "drop", on });
    },
    setClockOffset(ms) {
      clockOffsetMs = ms;
    },
    setRateLimits(next) {
      limits = { ...limits, ...next };
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    goDown: listener.goDown,
    comeBack: listener.comeBack,
    reset() {
      calls.length = 0;
      orders.length = 0;
      algoOrders.length = 0;
      trades.length = 0;
      scripts.length = 0;
      acceptScripts.length = 0;
      algoScripts.clear();
      latencyMs = 0;
      clockOffsetMs = 0;
      limits = { ...FAKE_RATE_LIMITS, ...options.rateLimits };
      weightUsed.clear();
      orderCounts.clear();
      immediateTrigger = "reject";
      listener.comeBack();
      for (const s of options.symbols ?? FAKE_SYMBOLS) symbols.set(s.symbol, { ...s });
      resetAccounts();
    },
    close: listener.close,
  };
}

// The fake's state and the pieces every endpoint group shares: the public types, Binance's error
// answer (BinanceError / fail), number formats, and createState(): symbols, accounts (one per API key),
// orders, algo orders, trades, scripted failures, counters and clocks. Arrays and maps are cleared in
// place on reset, so the groups may hold on to them; scalars are read through the state object.
import Decimal from "decimal.js";

export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type TDec = InstanceType<typeof D>;

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
  /** The form body as sent (what a signature covers after the query). */
  body: string;
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

export type TAccount = {
  apiKey: string;
  apiSecret: string;
  wallet: TDec;
  dualSide: boolean;
  leverage: Map<string, number>;
  marginType: Map<string, "ISOLATED" | "CROSSED">;
  positions: Map<string, { amt: TDec; entry: TDec }>;
  fees: TFakeFees;
  /** This account's orders and algo orders, in order (the state's arrays hold every account's): a request scans its own account's, as Binance's cost does not grow with other accounts. */
  orders: TFakeOrder[];
  algoOrders: TFakeAlgoOrder[];
};
export type TParams = Record<string, string>;
export type TAnswer = { status: number; body: unknown; headers?: Record<string, string> };
export type TScript =
  | { kind: "reject"; error: TFakeError; on: TFakeTarget }
  | { kind: "rate"; retryAfterSeconds: number; on: TFakeTarget }
  | { kind: "drop"; on: TFakeTarget };
export type TAcceptScript = { mode: "hold" | "destroy"; holdMs: number };

/** Binance's limit on open conditional orders, all symbols together (change log 2025-12-29). */
const FAKE_MAX_OPEN_ALGO_ORDERS = 200;

export class BinanceError extends Error {
  constructor(
    readonly code: number,
    msg: string,
    readonly status = code === -2015 ? 401 : 400,
  ) {
    super(msg);
  }
}
export const fail = (code: number, msg: string, status?: number): never => {
  throw new BinanceError(code, msg, status);
};

/** Decimal places of a step such as "0.001" or "1". */
export const places = (step: string) => (step.includes(".") ? step.split(".")[1]!.replace(/0+$/, "").length : 0);
/** Decimal places as sent, e.g. "0.0120" → 4 (Binance counts what the client sent). */
export const decimals = (raw: string) => (raw.includes(".") ? raw.split(".")[1]!.length : 0);
export const isMultiple = (x: TDec, step: string) => x.mod(step).isZero();
export const fmt = (x: TDec, dp: number) => x.toFixed(dp);

export const markOf = (s: TFakeSymbol) => s.markPrice ?? s.price;
/** The price a conditional order's workingType watches (Binance's default is CONTRACT_PRICE; ccxt callers send MARK_PRICE). */
export const watched = (s: TFakeSymbol, workingType: string) => new D(workingType === "MARK_PRICE" ? markOf(s) : s.price);
export const algoKey = (apiKey: string, clientAlgoId: string) => `${apiKey}:${clientAlgoId}`;

export const newAccount = (apiKey: string, apiSecret: string, balanceUsdt = "10000"): TAccount => ({
  apiKey,
  apiSecret,
  wallet: new D(balanceUsdt),
  dualSide: false,
  leverage: new Map(),
  marginType: new Map(),
  positions: new Map(),
  fees: { makerRate: FAKE_TAKER_FEE, takerRate: FAKE_TAKER_FEE, asset: "USDT" },
  orders: [],
  algoOrders: [],
});

export type TFakeBinanceOptions = { apiKey?: string; apiSecret?: string; balanceUsdt?: string; symbols?: TFakeSymbol[]; maxOpenAlgoOrders?: number; rateLimits?: Partial<TFakeRateLimits> };

export function createState(options: TFakeBinanceOptions) {
  const symbols = new Map((options.symbols ?? FAKE_SYMBOLS).map((s) => [s.symbol, { ...s }]));
  const accounts = new Map<string, TAccount>();
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
  const st = {
    options,
    symbols,
    accounts,
    defaultKey,
    defaultSecret,
    resetAccounts,
    accountOf,
    symbolOf,
    calls: [] as TFakeCall[],
    orders: [] as TFakeOrder[],
    algoOrders: [] as TFakeAlgoOrder[],
    trades: [] as TFakeTrade[],
    nextTradeId: 700_000_001,
    nextOrderId: 4_000_000_001,
    nextAlgoId: 1_000_001,
    scripts: [] as TScript[],
    acceptScripts: [] as TAcceptScript[],
    algoScripts: new Map<string, TFakeAlgoScript>(),
    latencyMs: 0,
    clockOffsetMs: 0,
    limits: { ...FAKE_RATE_LIMITS, ...options.rateLimits },
    weightUsed: new Map<string, { minute: number; used: number; waitUntil: number; bannedUntil: number }>(),
    orderCounts: new Map<string, number[]>(),
    maxOpenAlgo: options.maxOpenAlgoOrders ?? FAKE_MAX_OPEN_ALGO_ORDERS,
    immediateTrigger: "reject" as "reject" | "accept",
    /** Binance's clock: ours plus the offset setClockOffset() gave. */
    serverNow: (): number => Date.now() + st.clockOffsetMs,
  };
  return st;
}

export type TState = ReturnType<typeof createState>;

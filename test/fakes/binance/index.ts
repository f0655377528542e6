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
// The endpoint groups live beside this file (market, orders, algo-orders, account, rate-limits) over
// one shared state (state.ts); here are the signed-request checks, the request loop and the control
// surface tests use.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { listenFake } from "../http-listener";
import { createAccountBook } from "./account";
import { createAlgoBook } from "./algo-orders";
import { createMarket } from "./market";
import { createOrderBook } from "./orders";
import { createRateLimits } from "./rate-limits";
import {
  BinanceError,
  createState,
  D,
  FAKE_RATE_LIMITS,
  FAKE_SYMBOLS,
  algoKey,
  fail,
  newAccount,
  type TAccount,
  type TAnswer,
  type TFakeAlgoOrder,
  type TFakeAlgoScript,
  type TFakeBinanceOptions,
  type TFakeCall,
  type TFakeError,
  type TFakeFees,
  type TFakeOrder,
  type TFakePosition,
  type TFakeRateLimits,
  type TFakeTarget,
  type TFakeTrade,
  type TParams,
} from "./state";

export { FAKE_API_KEY, FAKE_API_SECRET, FAKE_SYMBOLS, type TFakeSymbol } from "./state";

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
  /** Removes a normal order as if its placement had never reached Binance. */
  forgetOrder(clientOrderId: string, apiKey?: string): void;
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

const RECV_WINDOW_DEFAULT = 5000;

export async function startFakeBinance(options: TFakeBinanceOptions = {}): Promise<TFakeBinance> {
  const st = createState(options);
  const { symbols, accounts, calls, orders, algoOrders, trades, scripts, acceptScripts, algoScripts, weightUsed, orderCounts, defaultKey, defaultSecret, accountOf, resetAccounts, serverNow } = st;
  const book = createAccountBook(st);
  const orderBook = createOrderBook(st, book);
  const algoBook = createAlgoBook(st, book, orderBook);
  const market = createMarket(st, book, algoBook);
  const { rateCheck, isPlacement, takeScript } = createRateLimits(st);
  const { publicRoute, setPrice, setMarkPrice } = market;
  const { advanceAlgo } = algoBook;

  function privateRoute(a: TAccount, route: string, p: TParams): TAnswer {
    return (
      book.route(a, route, p) ??
      orderBook.route(a, route, p) ??
      algoBook.route(a, route, p) ?? { status: 404, body: { code: -5000, msg: `Path ${route.split(" ")[1]}, Method ${route.split(" ")[0]} is invalid` } }
    );
  }

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
    const call: TFakeCall = { method, path, params, body: rawBody, apiKey, status: 0, code: null, at: new Date() };
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
    if (st.latencyMs > 0) await new Promise((r) => setTimeout(r, st.latencyMs));
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
    forgetOrder(clientOrderId, apiKey) {
      const a = accountOf(apiKey);
      const drop = (list: TFakeOrder[]) => {
        const at = list.findIndex((o) => o.apiKey === a.apiKey && o.clientOrderId === clientOrderId);
        if (at === -1) throw new Error(`fake Binance: no order ${clientOrderId}`);
        list.splice(at, 1);
      };
      drop(orders);
      drop(a.orders);
    },
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
      st.immediateTrigger = mode;
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
      st.clockOffsetMs = ms;
    },
    setRateLimits(next) {
      st.limits = { ...st.limits, ...next };
    },
    setLatency(ms) {
      st.latencyMs = ms;
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
      st.latencyMs = 0;
      st.clockOffsetMs = 0;
      st.limits = { ...FAKE_RATE_LIMITS, ...options.rateLimits };
      weightUsed.clear();
      orderCounts.clear();
      st.immediateTrigger = "reject";
      listener.comeBack();
      for (const s of options.symbols ?? FAKE_SYMBOLS) symbols.set(s.symbol, { ...s });
      resetAccounts();
    },
    close: listener.close,
  };
}

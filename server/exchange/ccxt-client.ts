// Building ccxt's binanceusdm the way this platform needs it (REFERENCES.md §2):
// - no /sapi currency call at loadMarkets (options.fetchCurrencies = false);
// - Binance's demo trading for testnet (enableDemoTrading; ccxt's futures sandbox is deprecated);
// - any other base URL (a proxy, or the local fake in tests) replaces the origin of every urls.api entry;
// - the URL-dependent error map fixed: against a host that is not *.binance.com ccxt would not apply
//   the USDⓈ-M codes (-2019 → plain ExchangeError), so this client always uses them;
// - the Retry-After of a 418/429 is kept on the thrown error;
// - exchangeInfo is loaded once per base URL and shared by every client for an hour;
// - signed clients sync their clock with Binance's (/fapi/v1/time, ccxt adjustForTimeDifference): a
//   host clock off by more than the recvWindow would otherwise get -1021 on every signed call. The
//   offset is shared per base URL like the markets, and re-measured when Binance still says -1021;
// - requests are paced under Binance's request-weight and order limits (binance-limits.ts) instead of
//   being sent until a 429 (ccxt's per-client throttle is off: it cannot see the shared IP);
// - public reads every user makes alike (prices, a mark price) share one request in flight;
// - one ccxt client per base URL; an account gets a view of it holding only its keys (building a
//   ccxt client costs ~9 ms of CPU and ~450 KB: a fan-out cannot build one per user);
// - every client of the process shares one keep-alive connection pool, and signs with node:crypto.
import { createHash, createHmac } from "node:crypto";
import { binanceusdm, NetworkError, RequestTimeout, type MarketInterface } from "ccxt";
import { clearBinanceLimitsForTests, isOrderPlacement, laneOf, learnLimits, orderBudget, requestWeight, weightBudget } from "./binance-limits";
import { dec, str } from "../decimal";
import type { TMarketRules } from "./types";

export const BINANCE_MAINNET_ORIGIN = "https://fapi.binance.com";
export const BINANCE_DEMO_ORIGIN = "https://demo-fapi.binance.com";
export const MARKETS_TTL_MS = 60 * 60 * 1000;

type TDict = Record<string, unknown>;

/**
 * Sockets to one host: a fan-out has up to 200 copies in flight, each with up to four requests at
 * once (take-profits and stop); beyond this they wait for a free socket.
 */
const SHARED_CONNECTIONS_PER_ORIGIN = 512;

// ---- Binance's rate limits, per base URL (one IP): after a 429/418 nobody sends until Retry-After ----
const pausedUntil = new Map<string, number>();

/** How long requests to this base URL still wait because Binance said 429/418 (ms; 0 = none). */
export function rateLimitPauseMs(baseUrl: string): number {
  return Math.max(0, (pausedUntil.get(baseUrl) ?? 0) - Date.now());
}

/**
 * One keep-alive pool (undici Agent) for every client of the process. ccxt builds one per client: a
 * fan-out's 1,000 users each opened their own connections to the same host — thousands of TCP (and,
 * against Binance, TLS) handshakes, each a round trip or two before the order, and CPU on both ends.
 */
let sharedDispatcher: unknown;

/** The signed APIs whose POSTs skip ccxt's generic request path (postSigned). */
const DIRECT_POST_APIS = new Set(["fapiPrivate", "fapiPrivateV2", "fapiPrivateV3"]);
/** ccxt's proxy settings: a client with any of them set takes ccxt's own path. */
const PROXY_SETTINGS = ["proxy", "proxyUrl", "proxy_url", "proxyUrlCallback", "httpProxy", "http_proxy", "httpProxyCallback", "httpsProxy", "https_proxy", "httpsProxyCallback", "socksProxy", "socks_proxy", "socksProxyCallback"];

/** What postSigned uses of the shared undici Agent. */
type TRequestDispatcher = {
  request(o: { origin: string; path: string; method: string; headers: Record<string, string>; body: string; headersTimeout: number; bodyTimeout: number }): Promise<{
    statusCode: number;
    headers: TDict;
    body: { text(): Promise<string> };
  }>;
};

/** The transport errors undici raises for a connection that failed, as ccxt names them (Exchange.fetch). */
const NETWORK_ERROR_CODES = new Set(["ConnectionRefused", "ConnectionClosed", "ConnectionReset", "DNSError", "FailedToOpenSocket", "ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_SOCKET"]);

/** An undici failure as ccxt's fetch reports it: a timeout is a RequestTimeout, a lost connection a NetworkError. */
function transportError(err: unknown, request: string, timeoutMs: number): unknown {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || (err instanceof Error && (err.name === "AbortError" || err.name === "TimeoutError"))) {
    return new RequestTimeout(`${request} request timed out (${timeoutMs} ms)`);
  }
  if (err instanceof TypeError || (typeof code === "string" && NETWORK_ERROR_CODES.has(code))) {
    return new NetworkError(`${request} fetch failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  return err;
}

/** ccxt's NetworkError for a connection reset under the request (it keeps only the message). */
function isStaleSocket(err: unknown): boolean {
  return err instanceof NetworkError && /fetch failed: (read|write) (ECONNRESET|EPIPE)$|other side closed$/.test(err.message);
}

/** Whether ccxt's hash function is SHA-256 (checked once per function by its output). */
const isSha256 = new WeakMap<object, boolean>();
function sha256Like(hash: unknown): boolean {
  if (typeof hash !== "function") return false;
  let known = isSha256.get(hash);
  if (known === undefined) {
    try {
      const out = Buffer.from((hash as (m: Uint8Array) => Uint8Array)(Buffer.from("verzek")));
      known = out.equals(createHash("sha256").update("verzek").digest());
    } catch {
      known = false;
    }
    isSha256.set(hash, known);
  }
  return known;
}

class PlatformBinanceUsdm extends binanceusdm {
  /** The base URL this client's limits are shared under. */
  limitKey = "";

  constructor(config: ConstructorParameters<typeof binanceusdm>[0]) {
    super(config);
    // Binance's signature is HMAC-SHA256 in hex: node's native HMAC instead of ccxt's JavaScript one
    // (a fan-out signs thousands of requests a second); any other use keeps ccxt's.
    const jsHmac = this.hmac as (request: string | Uint8Array, secret: string | Uint8Array, hash: unknown, digest?: string) => string;
    const hmac = (request: string | Uint8Array, secret: string | Uint8Array, hash: unknown, digest = "hex"): string =>
      digest === "hex" && sha256Like(hash) ? createHmac("sha256", secret).update(request).digest("hex") : jsHmac(request, secret, hash, digest);
    this.hmac = hmac as typeof this.hmac;
  }

  /**
   * ccxt defines each endpoint method (fapiPrivatePostOrder…) as an arrow function bound to the
   * client that was built. Here they take `this` from the call instead, so an account's view
   * (accountClient: Object.create of the shared client, with its own keys) signs with its own keys.
   * The names are computed as ccxt's Exchange.defineRestApiEndpoint does.
   */
  override defineRestApiEndpoint(methodName: string, uppercaseMethod: string, lowercaseMethod: string, camelcaseMethod: string, path: string, paths: string[], config = {}): void {
    const splitPath = path.split(/[^a-zA-Z0-9]/);
    const camelcaseSuffix = splitPath.map(this.capitalize).join("");
    const underscoreSuffix = splitPath.map((x) => x.trim().toLowerCase()).filter((x) => x.length > 0).join("_");
    const camelcasePrefix = [paths[0], ...paths.slice(1).map(this.capitalize)].join("");
    const underscorePrefix = [paths[0], ...paths.slice(1).map((x) => x.trim()).filter((x) => x.length > 0)].join("_");
    const typeArgument = paths.length > 1 ? paths : paths[0];
    const endpoint = function (this: TDict, params = {}, context = {}): Promise<unknown> {
      return (this[methodName] as (...a: unknown[]) => Promise<unknown>)(path, typeArgument, uppercaseMethod, params, undefined, undefined, config, context);
    };
    const self = this as unknown as TDict;
    self[camelcasePrefix + camelcaseMethod + this.capitalize(camelcaseSuffix)] = endpoint;
    self[`${underscorePrefix}_${lowercaseMethod}_${underscoreSuffix}`] = endpoint;
  }

  override async loadFetchImplementation(): Promise<unknown> {
    const loaded: unknown = await super.loadFetchImplementation();
    const undici = this.undiciModule as { Agent: new (o: unknown) => { close(): Promise<void> } } | undefined;
    if (undici !== undefined && this.fetchDispatcher !== undefined && this.fetchDispatcher !== sharedDispatcher) {
      const own = this.fetchDispatcher as { close(): Promise<void> };
      sharedDispatcher ??= new undici.Agent({ ...this.getDispatcherOptions(true), connections: SHARED_CONNECTIONS_PER_ORIGIN });
      this.fetchDispatcher = sharedDispatcher;
      void own.close().catch(() => undefined); // never used: no socket to wait for
    }
    return loaded;
  }

  /**
   * Every client of the process shares the IP's limits. Pacing happens here, before ccxt signs the
   * request: a request signed and then held back would reach Binance outside its recvWindow (-1021).
   * Once Binance answered 429 (or 418), a request sent before its Retry-After would turn the wait
   * into an IP ban, so each request also waits that out.
   */
  override async fetch2(path: string, api: unknown = "public", method = "GET", params: TDict = {}, headers?: unknown, body?: unknown, config: TDict = {}): Promise<unknown> {
    const base = typeof api === "string" ? (this.urls.api as Record<string, unknown>)[api] : undefined;
    const binance = typeof base === "string" ? binancePath(`${base}/${path}`) : `/${path}`;
    // Binance's minutes are counted on Binance's clock: share what this client learned of it.
    const learned = this.options.timeDifference as unknown;
    if (this.options.adjustForTimeDifference === true && typeof learned === "number" && learned !== 0) clocks.set(this.limitKey, learned);
    const clock = serverClock(this.limitKey);
    const lane = laneOf(method, binance, params);
    await weightBudget(this.limitKey, clock).take(requestWeight(method, binance, params.symbol !== undefined), lane);
    const answered = isOrderPlacement(method, binance) && typeof this.apiKey === "string" && this.apiKey !== "" ? await orderBudget(this.limitKey, this.apiKey, clock).take(lane) : undefined;
    const wait = rateLimitPauseMs(this.limitKey);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    try {
      if (method === "POST" && typeof api === "string" && this.postsDirectly(api, path, params)) return await this.postSigned(path, api, params);
      return (await super.fetch2(path, api, method, params, headers, body, config)) as unknown;
    } finally {
      answered?.();
    }
  }

  /**
   * Whether a signed POST (every order placement: entries, take-profits, stops) goes straight to the
   * shared pool (postSigned) — an HMAC key, flat parameters, the shared pool loaded, no proxy. Any
   * other request takes ccxt's own path.
   */
  private postsDirectly(api: string, path: string, params: TDict): boolean {
    if (!DIRECT_POST_APIS.has(api) || this.fetchDispatcher !== sharedDispatcher || sharedDispatcher === undefined) return false;
    if (typeof this.apiKey !== "string" || this.apiKey === "" || typeof this.secret !== "string" || this.secret === "" || this.secret.includes("PRIVATE KEY")) return false;
    if (path === "order" && params.newClientOrderId === undefined) return false; // ccxt would add its broker id
    const self = this as unknown as TDict;
    if (PROXY_SETTINGS.some((k) => self[k] !== undefined && self[k] !== "")) return false;
    return Object.values(params).every((v) => v === undefined || typeof v !== "object");
  }

  /**
   * A signed POST as ccxt's binance.sign builds it (its own urlencode of timestamp, the parameters
   * and recvWindow, HMAC-SHA256 in hex appended as signature, the key in X-MBX-APIKEY, a form body)
   * and its answer read as handleRestResponse reads it (onRestResponse, parseJson, handleErrors,
   * then the HTTP status) — without ccxt's generic fetch: per request it rebuilt the headers, checked
   * proxies, built an AbortController and a timer, and capitalised every response header. A fan-out
   * places thousands of orders a second on one core, and that was a fifth of their CPU.
   * The timeout bounds the wait for the answer's headers and then for its body (undici's own timers)
   * and is a RequestTimeout, as ccxt's is: placeOnce then looks the order up by its client id.
   */
  private async postSigned(path: string, api: string, params: TDict): Promise<unknown> {
    const url = `${String(this.urls.api[api])}/${path}`;
    const signed: TDict = { timestamp: this.nonce(), ...params };
    const recvWindow = this.options.recvWindow as unknown;
    if (Number.isInteger(recvWindow) && params.recvWindow === undefined) signed.recvWindow = recvWindow;
    const query = this.urlencode(signed);
    const body = `${query}&signature=${createHmac("sha256", this.secret).update(query).digest("hex")}`;
    const headers = { "X-MBX-APIKEY": this.apiKey, "Content-Type": "application/x-www-form-urlencoded" };
    const target = new URL(url);
    let statusCode: number;
    let responseHeaders: TDict;
    let text: string;
    try {
      const res = await (sharedDispatcher as TRequestDispatcher).request({
        origin: target.origin, path: target.pathname + target.search, method: "POST", headers, body, headersTimeout: this.timeout, bodyTimeout: this.timeout,
      });
      statusCode = res.statusCode;
      responseHeaders = res.headers;
      text = await res.body.text();
    } catch (err) {
      throw transportError(err, `${this.id} POST ${url}`, this.timeout);
    }
    const statusText = ((this.httpStatusTexts as Record<number, string | undefined>)[statusCode]) ?? "";
    if (statusCode >= 300 && statusCode < 400) throw new NetworkError(`${this.id} POST ${url} answered a redirect (HTTP ${statusCode}), which is not followed`);
    const bodyText = this.onRestResponse(statusCode, statusText, url, "POST", responseHeaders, text, headers, body) as string;
    const parsed = this.parseJson(bodyText) as unknown;
    if (this.handleErrors(statusCode, statusText, url, "POST", responseHeaders, text, parsed, headers, body) === undefined) {
      this.handleHttpStatusCode(statusCode, statusText, url, "POST", text);
    }
    return parsed !== undefined && parsed !== null && parsed !== "" ? parsed : text;
  }

  override async fetch(url: string, method = "GET", headers: TDict | undefined = undefined, body: string | undefined = undefined): Promise<unknown> {
    let response: unknown;
    try {
      response = await super.fetch(url, method, headers, body);
    } catch (err) {
      // A kept-alive socket the other end reset while it sat in the shared pool fails the next
      // request sent on it before anything is read. A read is asked again once — after one turn of
      // the event loop, in which the pool hears of the other sockets reset with it; an order is
      // not (placeOnce looks it up by its client id instead).
      if (method !== "GET" || !isStaleSocket(err)) throw err;
      await new Promise((r) => setImmediate(r));
      response = await super.fetch(url, method, headers, body);
    }
    if (binancePath(url) === "/fapi/v1/exchangeInfo") learnLimits(this.limitKey, (response as { rateLimits?: unknown } | undefined)?.rateLimits);
    return response;
  }

  /** Binance's own count of the IP's weight this minute corrects ours (other tools may share the IP). */
  override onRestResponse(
    statusCode: unknown,
    statusText: unknown,
    url: unknown,
    method: unknown,
    responseHeaders: TDict,
    responseBody: unknown,
    requestHeaders: unknown,
    requestBody: unknown,
  ): unknown {
    const used = Number(responseHeaders["X-Mbx-Used-Weight-1m"] ?? responseHeaders["x-mbx-used-weight-1m"]);
    if (this.limitKey !== "" && Number.isFinite(used)) weightBudget(this.limitKey, serverClock(this.limitKey)).observe(used);
    return super.onRestResponse(statusCode, statusText, url, method, responseHeaders, responseBody, requestHeaders, requestBody);
  }

  /** Our adapters speak USDⓈ-M only: unknown hosts get the linear code map instead of none. */
  override getExceptionsByUrl(url: string | undefined, exactOrBroad: string): TDict {
    const found = super.getExceptionsByUrl(url, exactOrBroad) as TDict;
    if (url === undefined || Object.keys(found).length > 0) return found;
    const linear = (this.exceptions as Record<string, Record<string, TDict> | undefined>).linear;
    return linear?.[exactOrBroad] ?? {};
  }

  override handleErrors(
    code: number,
    reason: string,
    url: string,
    method: string,
    headers: TDict,
    body: string,
    response: unknown,
    requestHeaders: unknown,
    requestBody: unknown,
  ): undefined {
    try {
      return super.handleErrors(code, reason, url, method, headers, body, response, requestHeaders, requestBody);
    } catch (err) {
      if (err instanceof Error) {
        const retryAfter = Number(headers["Retry-After"] ?? headers["retry-after"]);
        Object.assign(err, { httpStatus: code, ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterSeconds: retryAfter } : {}) });
        if ((code === 429 || code === 418) && this.limitKey !== "") {
          const until = Date.now() + (Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 1) * 1000;
          pausedUntil.set(this.limitKey, Math.max(pausedUntil.get(this.limitKey) ?? 0, until));
        }
      }
      throw err;
    }
  }
}
export type TBinanceClient = PlatformBinanceUsdm;

export type TBinanceClientConfig = {
  /** Base URL of the REST API: Binance's own (mainnet or demo) or any other origin to send everything to. */
  baseUrl: string;
  /** "testnet" refuses the mainnet origin, "mainnet" the demo origin: a typo never moves real money. */
  network: "mainnet" | "testnet" | "public";
  apiKey?: string;
  apiSecret?: string;
  timeoutMs?: number;
};

export function newBinanceClient(cfg: TBinanceClientConfig): TBinanceClient {
  const base = new URL(cfg.baseUrl);
  const origin = base.origin;
  if (cfg.network === "testnet" && origin === BINANCE_MAINNET_ORIGIN) throw new Error("testnet mode is configured with Binance's mainnet URL");
  if (cfg.network === "mainnet" && origin === BINANCE_DEMO_ORIGIN) throw new Error("mainnet mode is configured with Binance's demo-trading URL");
  const ex = new PlatformBinanceUsdm({
    apiKey: cfg.apiKey,
    secret: cfg.apiSecret,
    timeout: cfg.timeoutMs ?? 10_000,
    // ccxt's own throttle is per client (50 ms × its cost guess per call, 200 ms after each order):
    // with a client per user it never saw the shared IP, and it spaced one user's entry, take-profits
    // and stop by ~1 s. Binance's real limits are kept by the budgets in fetch2 instead.
    enableRateLimit: false,
    options: { fetchCurrencies: false, fetchMarkets: { types: ["linear"] }, adjustForTimeDifference: cfg.network !== "public" },
  });
  const clock = clocks.get(cfg.baseUrl);
  if (clock) ex.options.timeDifference = clock;
  ex.limitKey = cfg.baseUrl;
  if (origin === BINANCE_DEMO_ORIGIN) {
    ex.enableDemoTrading(true);
  } else if (origin !== BINANCE_MAINNET_ORIGIN) {
    const prefix = cfg.baseUrl.replace(/\/+$/, "");
    const api = ex.urls.api as Record<string, unknown>;
    for (const [group, url] of Object.entries(api)) {
      if (typeof url === "string") api[group] = prefix + new URL(url).pathname;
    }
  }
  return ex;
}

/**
 * The ccxt client of a base URL, shared by every account (markets, clock, connection pool), and the
 * view each account signs through: Object.create of it with the account's own apiKey and secret —
 * what ccxt writes per request (last response, timestamps) lands on the view. Building a ccxt client
 * costs ~9 ms of CPU and ~450 KB (a method per endpoint): one per user made a fan-out of 1,000 cold
 * users spend seconds before its first order and kept half a gigabyte for the collector to walk.
 * The keys stay only in the view, for as long as its adapter lives.
 */
const sharedClients = new Map<string, TBinanceClient>();
const sharedOf = new WeakMap<TBinanceClient, TBinanceClient>();

export function accountClient(cfg: TBinanceClientConfig): TBinanceClient {
  const key = `${cfg.baseUrl} ${cfg.network} ${cfg.timeoutMs ?? ""}`;
  let shared = sharedClients.get(key);
  if (!shared) {
    shared = newBinanceClient({ baseUrl: cfg.baseUrl, network: cfg.network, timeoutMs: cfg.timeoutMs });
    sharedClients.set(key, shared);
    // Loaded once, here: a view's first request would otherwise import ccxt's HTTP modules for itself.
    void shared.loadFetchImplementation().catch(() => undefined);
    void shared.loadProxyModules().catch(() => undefined);
  }
  const view = Object.create(shared) as TBinanceClient;
  view.apiKey = cfg.apiKey ?? "";
  view.secret = cfg.apiSecret ?? "";
  sharedOf.set(view, shared);
  return view;
}

// ---- Binance's clock, per base URL ----
const clocks = new Map<string, number>();

/** Binance's time as this process knows it (ccxt's timeDifference is local minus server). */
export function serverClock(baseUrl: string) {
  return { now: () => Date.now() - (clocks.get(baseUrl) ?? 0), sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };
}

/** "/fapi/v1/order" from a request URL, whatever prefix a proxy base URL adds. */
function binancePath(url: string): string {
  const { pathname } = new URL(url);
  const at = pathname.indexOf("/fapi/");
  return at === -1 ? pathname : pathname.slice(at);
}

/** Measures our clock against Binance's again (after a -1021) for this client and every later one. */
export async function resyncClock(ex: TBinanceClient, baseUrl: string): Promise<void> {
  clocks.set(baseUrl, (await ex.loadTimeDifference()) as number);
}

// ---- exchangeInfo, shared per base URL ----
type TCached = { at: number; markets: Promise<Record<string, MarketInterface>> };
const marketsCache = new Map<string, TCached>();
/** Which cache entry each client holds, so setMarkets runs once per client and entry, not per call. */
const loadedFrom = new WeakMap<TBinanceClient, TCached>();

/** Loads the markets into `ex`, from the shared cache when it is younger than ttlMs. */
export async function ensureMarkets(client: TBinanceClient, baseUrl: string, ttlMs = MARKETS_TTL_MS): Promise<void> {
  // An account's view reads the markets of the client it is a view of.
  const ex = sharedOf.get(client) ?? client;
  let entry = marketsCache.get(baseUrl);
  if (entry && loadedFrom.get(ex) === entry && Date.now() - entry.at <= ttlMs) return;
  if (!entry || Date.now() - entry.at > ttlMs) {
    const loading = ex.loadMarkets(true) as Promise<Record<string, MarketInterface>>;
    const fresh: TCached = { at: Date.now(), markets: loading };
    entry = fresh;
    marketsCache.set(baseUrl, fresh);
    loading.catch(() => {
      if (marketsCache.get(baseUrl) === fresh) marketsCache.delete(baseUrl);
    });
    await loading;
    loadedFrom.set(ex, fresh);
    if (ex.options.adjustForTimeDifference === true) clocks.set(baseUrl, Number(ex.options.timeDifference) || 0);
    return;
  }
  const markets = await entry.markets;
  ex.setMarkets(markets);
  const clock = clocks.get(baseUrl);
  if (clock !== undefined && ex.options.adjustForTimeDifference === true) ex.options.timeDifference = clock;
  loadedFrom.set(ex, entry);
}

const inFlight = new Map<string, Promise<unknown>>();
/** The last answer of each shared read and when its request was sent, for callers that accept an age. */
const answered = new Map<string, { sentAt: number; answer: Promise<unknown> }>();
/**
 * Public reads every user makes alike (all prices, a symbol's mark price): callers while one is in
 * flight share its answer, so a fan-out sends a few instead of one per user. A caller that accepts
 * an answer up to `maxAgeMs` old (a fan-out's copies: hundreds a second, weight on the IP they all
 * share) also gets the last one while it is that young, counted from when its request was sent;
 * by default (0) never an answer older than the request it joined.
 */
export function sharedRead<T>(key: string, load: () => Promise<T>, maxAgeMs = 0): Promise<T> {
  const running = inFlight.get(key);
  if (running) return running as Promise<T>;
  const last = answered.get(key);
  if (maxAgeMs > 0 && last && Date.now() - last.sentAt <= maxAgeMs) return last.answer as Promise<T>;
  const sentAt = Date.now();
  const p = load().finally(() => inFlight.delete(key));
  inFlight.set(key, p);
  p.then(() => answered.set(key, { sentAt, answer: p }), () => undefined);
  return p;
}

/** Tests only: forget every cached exchangeInfo, clock, pause and budget. */
export function clearMarketsCacheForTests(): void {
  marketsCache.clear();
  sharedClients.clear();
  answered.clear();
  clocks.clear();
  pausedUntil.clear();
  clearBinanceLimitsForTests();
}

type TFilter = { filterType?: string } & Record<string, unknown>;

/** A decimal string from Binance's raw filter (exact) or, failing that, ccxt's parsed number. */
function exact(raw: unknown, parsed: number | undefined): string {
  if (typeof raw === "string" && raw !== "") return str(dec(raw));
  if (typeof parsed === "number" && Number.isFinite(parsed)) return str(dec(parsed.toString()));
  return "0";
}

/** TMarketRules from a ccxt market: LOT_SIZE step/minQty, PRICE_FILTER tick, MIN_NOTIONAL notional. */
export function rulesFromMarket(m: MarketInterface, maxLeverage: number | null = null): TMarketRules {
  const filters = ((m.info as { filters?: TFilter[] } | undefined)?.filters ?? []).reduce<Record<string, TFilter>>(
    (acc, f) => (f.filterType ? { ...acc, [f.filterType]: f } : acc),
    {},
  );
  const notional = filters.MIN_NOTIONAL ?? filters.NOTIONAL;
  return {
    symbol: m.id ?? "",
    amountStep: exact(filters.LOT_SIZE?.stepSize, m.precision.amount),
    priceTick: exact(filters.PRICE_FILTER?.tickSize, m.precision.price),
    minQty: exact(filters.LOT_SIZE?.minQty, m.limits.amount?.min),
    minNotional: exact(notional?.notional ?? notional?.minNotional, m.limits.cost?.min),
    maxLeverage,
  };
}

/** The market of an exchange id ("BTCUSDT"); ccxt throws BadSymbol for an unknown one. */
export function marketById(ex: TBinanceClient, id: string): MarketInterface {
  return ex.market(id);
}

/** Binance's ticker/price rows → symbol → price, only for the symbols asked for. */
export function pricesFrom(rows: unknown, wanted: Set<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const row of Array.isArray(rows) ? rows : [rows]) {
    const { symbol, price } = (row ?? {}) as { symbol?: unknown; price?: unknown };
    if (typeof symbol !== "string" || !wanted.has(symbol) || typeof price !== "string") continue;
    const p = dec(price);
    if (p.gt(0)) out.set(symbol, str(p));
  }
  return out;
}

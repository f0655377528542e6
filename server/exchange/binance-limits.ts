// Binance USDⓈ-M's request limits, kept on our side so a live fan-out paces itself instead of
// meeting a 429 (and a 418 ban if anything keeps sending). Two budgets:
// - request weight per IP per calendar minute (2,400; every client of the process shares one IP, so
//   the budget is per base URL), reconciled with the X-MBX-USED-WEIGHT-1M header Binance returns;
// - orders per account per 10 s and per minute (300 / 1,200), per API key.
// We spend at most SAFETY of each: other tools on the same IP or account may spend a little too.
// Two lanes, each first come, first served (users of an earlier signal are not overtaken): the
// protective lane (stop and take-profit placements, cancels, order look-ups, the mark price a stop
// is checked against) is always admitted before the normal one, so a burst of entries and their
// preparation never holds back the orders that protect positions already open.

import { createHash } from "node:crypto";

export const SAFETY = 0.9;

export type TBinanceLimits = { weightPerMinute: number; ordersPer10s: number; ordersPerMinute: number };
export const BINANCE_DEFAULT_LIMITS: TBinanceLimits = { weightPerMinute: 2400, ordersPer10s: 300, ordersPerMinute: 1200 };

type TClock = { now: () => number; sleep: (ms: number) => Promise<void> };
const realClock: TClock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

/** Request weight of a USDⓈ-M REST call (Binance's docs; placements weigh 0 on the IP and count as orders). */
export function requestWeight(method: string, path: string, hasSymbol: boolean): number {
  switch (`${method} ${path}`) {
    case "POST /fapi/v1/order":
    case "POST /fapi/v1/algoOrder":
      return 0;
    case "GET /fapi/v1/openOrders":
    case "GET /fapi/v1/openAlgoOrders":
    case "GET /fapi/v1/ticker/24hr":
      return hasSymbol ? 1 : 40;
    case "GET /fapi/v1/premiumIndex":
      return hasSymbol ? 1 : 10;
    case "GET /fapi/v1/ticker/price":
    case "GET /fapi/v2/ticker/price":
      return hasSymbol ? 1 : 2;
    case "GET /fapi/v1/positionSide/dual":
      return 30;
    case "GET /fapi/v1/exchangeInfo":
      return 1;
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

export function isOrderPlacement(method: string, path: string): boolean {
  return method === "POST" && (path === "/fapi/v1/order" || path === "/fapi/v1/algoOrder" || path === "/fapi/v1/batchOrders");
}

/** Which lane a request waits in. */
export type TLane = "protective" | "normal";

/**
 * A call that protects an open position: a reduce-only placement (stop via the Algo API, take-profit
 * limit), a cancel, an order look-up, the mark price a stop is checked against.
 */
export function laneOf(method: string, path: string, params: Record<string, unknown> = {}): TLane {
  if (method === "DELETE") return "protective";
  const route = `${method} ${path}`;
  if (route === "GET /fapi/v1/order" || route === "GET /fapi/v1/algoOrder" || route === "POST /fapi/v1/algoOrder") return "protective";
  if (route === "GET /fapi/v1/premiumIndex" && params.symbol !== undefined) return "protective";
  if (route === "POST /fapi/v1/order") {
    const flag = (v: unknown) => v === true || v === "true";
    if (flag(params.reduceOnly) || flag(params.closePosition)) return "protective";
    // Hedge mode sends no reduceOnly: a SELL on the LONG side (a BUY on the SHORT) closes.
    const text = (v: unknown) => (typeof v === "string" ? v.toUpperCase() : "");
    const side = text(params.side);
    const ps = text(params.positionSide);
    if ((side === "SELL" && ps === "LONG") || (side === "BUY" && ps === "SHORT")) return "protective";
  }
  return "normal";
}

/**
 * Admission in two FIFO lanes. `tryAdmit` says, for the head of the chosen lane, 0 (admitted) or how
 * long to wait; the choice is made again after every wait, so a protective call that arrives while
 * a normal one waits for room goes first.
 */
class Lanes {
  private readonly waiting: Record<TLane, Array<{ tryAdmit: () => number; done: () => void }>> = { protective: [], normal: [] };
  private pumping = false;
  constructor(private readonly sleep: (ms: number) => Promise<void>) {}

  enqueue(lane: TLane, tryAdmit: () => number): Promise<void> {
    // Nobody ahead in its lane (or, for the normal lane, anywhere): no need to queue when it fits.
    // A protective call does not wait out the sleep of a normal call that is waiting for room.
    const ahead = lane === "protective" ? this.waiting.protective.length : this.waiting.protective.length + this.waiting.normal.length;
    if (ahead === 0 && tryAdmit() <= 0) return Promise.resolve();
    return new Promise<void>((done) => {
      this.waiting[lane].push({ tryAdmit, done });
      if (!this.pumping) void this.pump();
    });
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      for (;;) {
        const lane = this.waiting.protective.length > 0 ? this.waiting.protective : this.waiting.normal;
        const head = lane[0];
        if (!head) return;
        const wait = head.tryAdmit();
        if (wait <= 0) {
          lane.shift();
          head.done();
          continue;
        }
        await this.sleep(wait);
      }
    } finally {
      this.pumping = false;
    }
  }
}

/** The IP's request weight in Binance's calendar minute. */
export class WeightBudget {
  private minute = -1;
  private used = 0;
  private readonly lanes: Lanes;
  constructor(
    public limit: number,
    private readonly clock: TClock = realClock,
  ) {
    this.lanes = new Lanes((ms) => this.clock.sleep(ms));
  }

  private roll(now: number): void {
    const minute = Math.floor(now / 60_000);
    if (minute !== this.minute) Object.assign(this, { minute, used: 0 });
  }

  /** Waits until `weight` fits in this minute's budget (protective calls first), then counts it. */
  take(weight: number, lane: TLane = "normal"): Promise<void> {
    if (weight <= 0) return Promise.resolve();
    return this.lanes.enqueue(lane, () => {
      const now = this.clock.now();
      this.roll(now);
      // A request heavier than the whole budget still goes, alone, at the start of a minute.
      if (this.used + weight <= Math.floor(this.limit * SAFETY) || this.used === 0) {
        this.used += weight;
        return 0;
      }
      return (this.minute + 1) * 60_000 - now + 20;
    });
  }

  /** Binance's own count (X-MBX-USED-WEIGHT-1M) for the current minute: never believe less than it. */
  observe(usedWeight: number): void {
    if (!Number.isFinite(usedWeight) || usedWeight < 0) return;
    this.roll(this.clock.now());
    this.used = Math.max(this.used, usedWeight);
  }

  usedThisMinute(): number {
    this.roll(this.clock.now());
    return this.used;
  }

  /** True while `weight` more keeps this minute's use under half of what we allow ourselves. */
  hasHalfToSpare(weight: number): boolean {
    return this.usedThisMinute() + weight <= Math.floor((this.limit * SAFETY) / 2);
  }
}

/** An account's order placements in the last 10 s and minute (sliding, as Binance counts them). */
export class OrderBudget {
  /** When each order of the last minute was sent; moved to its answer's time once it came back. */
  private sent: Array<{ at: number }> = [];
  private readonly lanes: Lanes;
  constructor(
    public per10s: number,
    public perMinute: number,
    private readonly clock: TClock = realClock,
  ) {
    this.lanes = new Lanes((ms) => this.clock.sleep(ms));
  }

  /**
   * Waits until one more order fits in the account's 10 s and minute (protective orders first), then
   * counts it. Call the returned function when the answer came: Binance counted the order when it
   * arrived, somewhere before that, and a window measured from the send could end before Binance's.
   */
  async take(lane: TLane = "normal"): Promise<() => void> {
    const slot = { at: 0 };
    await this.lanes.enqueue(lane, () => {
      const now = this.clock.now();
      this.sent = this.sent.filter((x) => x.at > now - 60_000);
      const in10s = this.sent.filter((x) => x.at > now - 10_000).map((x) => x.at).sort((a, b) => a - b);
      const all = this.sent.map((x) => x.at).sort((a, b) => a - b);
      const over10s = in10s.length >= Math.floor(this.per10s * SAFETY);
      const overMinute = all.length >= Math.floor(this.perMinute * SAFETY);
      if (!over10s && !overMinute) {
        slot.at = now;
        this.sent.push(slot);
        return 0;
      }
      const until = Math.max(over10s ? in10s[0]! + 10_000 : 0, overMinute ? all[0]! + 60_000 : 0);
      return until - now + 1;
    });
    return () => {
      slot.at = Math.max(slot.at, this.clock.now());
    };
  }
}

// ---- the process's budgets: one weight budget per base URL, one order budget per base URL + key ----
const weights = new Map<string, WeightBudget>();
const orders = new Map<string, OrderBudget>();
const limitsByUrl = new Map<string, TBinanceLimits>();

const limitsFor = (baseUrl: string) => limitsByUrl.get(baseUrl) ?? BINANCE_DEFAULT_LIMITS;

export function weightBudget(baseUrl: string, clock?: TClock): WeightBudget {
  let b = weights.get(baseUrl);
  if (!b) weights.set(baseUrl, (b = new WeightBudget(limitsFor(baseUrl).weightPerMinute, clock)));
  return b;
}

export function orderBudget(baseUrl: string, apiKey: string, clock?: TClock): OrderBudget {
  // Keyed by a digest: a user's API key stays only in the call that needs it, not in a process-wide map.
  const key = `${baseUrl} ${createHash("sha256").update(apiKey).digest("hex").slice(0, 24)}`;
  let b = orders.get(key);
  const l = limitsFor(baseUrl);
  if (!b) orders.set(key, (b = new OrderBudget(l.ordersPer10s, l.ordersPerMinute, clock)));
  return b;
}

type TRateLimitRow = { rateLimitType?: unknown; interval?: unknown; intervalNum?: unknown; limit?: unknown };

/** The limits exchangeInfo announces (they are Binance's to change), applied to the budgets. */
export function learnLimits(baseUrl: string, rateLimits: unknown): void {
  if (!Array.isArray(rateLimits)) return;
  const next = { ...limitsFor(baseUrl) };
  for (const row of rateLimits as TRateLimitRow[]) {
    const limit = Number(row.limit);
    if (!Number.isFinite(limit) || limit <= 0) continue;
    const span = `${String(row.intervalNum)} ${String(row.interval)}`;
    if (row.rateLimitType === "REQUEST_WEIGHT" && span === "1 MINUTE") next.weightPerMinute = limit;
    if (row.rateLimitType === "ORDERS" && span === "10 SECOND") next.ordersPer10s = limit;
    if (row.rateLimitType === "ORDERS" && span === "1 MINUTE") next.ordersPerMinute = limit;
  }
  limitsByUrl.set(baseUrl, next);
  const w = weights.get(baseUrl);
  if (w) w.limit = next.weightPerMinute;
  for (const [key, b] of orders) {
    if (key.startsWith(`${baseUrl} `)) Object.assign(b, { per10s: next.ordersPer10s, perMinute: next.ordersPerMinute });
  }
}

/** Tests only: forget every budget and learned limit. */
export function clearBinanceLimitsForTests(): void {
  weights.clear();
  orders.clear();
  limitsByUrl.clear();
}

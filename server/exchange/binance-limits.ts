// Binance USDⓈ-M's request limits, kept on our side so a live fan-out paces itself instead of
// meeting a 429 (and a 418 ban if anything keeps sending). Two budgets:
// - request weight per IP per calendar minute (2,400; every client of the process shares one IP, so
//   the budget is per base URL), reconciled with the X-MBX-USED-WEIGHT-1M header Binance returns;
// - orders per account per 10 s and per minute (300 / 1,200), per API key.
// We spend at most SAFETY of each: other tools on the same IP or account may spend a little too.
// Requests are admitted first come, first served, so users of an earlier signal are not overtaken.

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

/** FIFO admission: each caller waits for the ones before it, then for room in the budget. */
class Queue {
  private tail: Promise<void> = Promise.resolve();
  enqueue(admit: () => Promise<void>): Promise<void> {
    const turn = this.tail.then(admit);
    this.tail = turn.catch(() => undefined);
    return turn;
  }
}

/** The IP's request weight in Binance's calendar minute. */
export class WeightBudget {
  private minute = -1;
  private used = 0;
  private readonly queue = new Queue();
  constructor(
    public limit: number,
    private readonly clock: TClock = realClock,
  ) {}

  private roll(now: number): void {
    const minute = Math.floor(now / 60_000);
    if (minute !== this.minute) Object.assign(this, { minute, used: 0 });
  }

  /** Waits until `weight` fits in this minute's budget, then counts it. */
  take(weight: number): Promise<void> {
    if (weight <= 0) return Promise.resolve();
    return this.queue.enqueue(async () => {
      for (;;) {
        const now = this.clock.now();
        this.roll(now);
        // A request heavier than the whole budget still goes, alone, at the start of a minute.
        if (this.used + weight <= Math.floor(this.limit * SAFETY) || this.used === 0) {
          this.used += weight;
          return;
        }
        await this.clock.sleep((this.minute + 1) * 60_000 - now + 20);
      }
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
}

/** An account's order placements in the last 10 s and minute (sliding, as Binance counts them). */
export class OrderBudget {
  private sent: number[] = [];
  private readonly queue = new Queue();
  constructor(
    public per10s: number,
    public perMinute: number,
    private readonly clock: TClock = realClock,
  ) {}

  take(): Promise<void> {
    return this.queue.enqueue(async () => {
      for (;;) {
        const now = this.clock.now();
        this.sent = this.sent.filter((t) => t > now - 60_000);
        const in10s = this.sent.filter((t) => t > now - 10_000);
        const over10s = in10s.length >= Math.floor(this.per10s * SAFETY);
        const overMinute = this.sent.length >= Math.floor(this.perMinute * SAFETY);
        if (!over10s && !overMinute) {
          this.sent.push(now);
          return;
        }
        const until = Math.max(over10s ? in10s[0]! + 10_000 : 0, overMinute ? this.sent[0]! + 60_000 : 0);
        await this.clock.sleep(until - now + 1);
      }
    });
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

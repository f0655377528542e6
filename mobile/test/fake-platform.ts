// A fake of the platform's REST API for component and client tests: answers the paths the app
// calls with the platform's wire shapes, records every request, and enforces what the real one
// does (X-API-KEY on app routes, bearer tokens that expire, refresh tokens spent on use).
import type { TFetch } from "../src/api/http";
import type { TSignal, TSignalEvent, TUser } from "../src/api/schemas";

export type TRecorded = { method: string; path: string; query: URLSearchParams; headers: Record<string, string>; body: unknown };
type TAnswer = { status: number; body?: unknown; headers?: Record<string, string> };
type THandler = (req: TRecorded) => TAnswer | undefined | Promise<TAnswer>;

export const API_KEY = "test-app-key";

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

export function makeUser(over: Partial<TUser> = {}): TUser {
  return {
    id: 7,
    username: "alice",
    email: "alice@example.com",
    role: "USER",
    plan: "TRIAL",
    plan_expires_at: null,
    is_active: true,
    telegram_handle: null,
    created_at: "2026-12-01T10:00:00.000Z",
    ...over,
  };
}

let signalSeq = 0;
export function makeSignal(over: Partial<TSignal> = {}): TSignal {
  signalSeq += 1;
  return {
    id: `00000000-0000-4000-8000-${String(signalSeq).padStart(12, "0")}`,
    symbol: "BTCUSDT",
    direction: "LONG",
    entry: "68500",
    entry_low: "68500",
    entry_high: "68500",
    targets: ["69000", "69500", "70000"],
    stop_loss: "68000",
    leverage: 10,
    confidence: null,
    trade_type: "FUTURES",
    duration: "SHORT",
    source: "API",
    status: "OPEN",
    outcome: null,
    targets_count: 3,
    targets_hit: 0,
    realized_profit_pct: "0",
    locked: false,
    unlocks_at: null,
    created_at: "2026-12-04T12:00:00.000Z",
    closed_at: null,
    ...over,
  };
}

export function lockedSignal(unlocksAt: string, over: Partial<TSignal> = {}): TSignal {
  return makeSignal({ entry: null, entry_low: null, entry_high: null, targets: null, stop_loss: null, locked: true, unlocks_at: unlocksAt, ...over });
}

export function makeEvent(signalId: string, over: Partial<TSignalEvent> = {}): TSignalEvent {
  return { id: `ev-${Math.random().toString(36).slice(2)}`, signal_id: signalId, type: "TP_HIT", target: 1, price: "69000", profit_pct: "7.2993", created_at: "2026-12-04T13:00:00.000Z", ...over };
}

/** The fake: routes are `"GET /api/signals"` → handler; unknown routes answer 404 like the platform. */
export function fakePlatform(routes: Record<string, THandler> = {}) {
  const requests: TRecorded[] = [];
  const fetch: TFetch = async (input, init) => {
    const u = new URL(input);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((init.headers ?? {}) as Record<string, string>)) headers[k.toLowerCase()] = v;
    const req: TRecorded = {
      method: init.method ?? "GET",
      path: u.pathname,
      query: u.searchParams,
      headers,
      body: typeof init.body === "string" ? (JSON.parse(init.body) as unknown) : undefined,
    };
    requests.push(req);
    const handler = routes[`${req.method} ${req.path}`] ?? matchParam(routes, req);
    const answer = (await handler?.(req)) ?? { status: 404, body: { error: "not_found", message: "Not found" } };
    return json(answer.status, answer.body, answer.headers);
  };
  return { fetch, requests, routes };
}

function matchParam(routes: Record<string, THandler>, req: TRecorded): THandler | undefined {
  for (const [key, handler] of Object.entries(routes)) {
    const [method, pattern] = key.split(" ");
    if (method !== req.method || !pattern?.includes(":")) continue;
    const re = new RegExp(`^${pattern.replace(/:[a-z_]+/g, "[^/]+")}$`);
    if (re.test(req.path)) return handler;
  }
  return undefined;
}

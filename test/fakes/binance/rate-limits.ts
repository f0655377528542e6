// Binance's limits and the scripted failures: request weight per IP per minute, orders per account
// per 10 s and per minute (429 with Retry-After, then 418 bans for a client that keeps sending), and
// the queue of rejectNext / rateLimitNext / dropNext scripts matched to requests.
import type { TAnswer, TFakeTarget, TParams, TScript, TState } from "./state";

export function createRateLimits(st: TState) {
  const { weightUsed, orderCounts, scripts, serverNow } = st;
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
      w.bannedUntil = now + st.limits.banMs; // kept sending after a 429
      return { headers: {}, answer: { status: 418, headers: { "retry-after": retry(w.bannedUntil) }, body: { code: -1003, msg: `Way too many requests; IP(${ip}) banned until ${w.bannedUntil}. Please use the websocket for live updates to avoid bans.` } } };
    }
    w.used += weightOf(method, path, p);
    const headers: Record<string, string> = { "x-mbx-used-weight-1m": String(w.used) };
    if (w.used > st.limits.weightPerMinute) {
      w.waitUntil = (minute + 1) * 60_000;
      return { headers, answer: { status: 429, headers: { ...headers, "retry-after": retry(w.waitUntil) }, body: { code: -1003, msg: `Too many requests; current limit of IP(${ip}) is ${st.limits.weightPerMinute} requests per minute. Please use the websocket for live updates to avoid polling the API.` } } };
    }
    if (isPlacement(method, path) && apiKey !== null) {
      const recent = (orderCounts.get(apiKey) ?? []).filter((t) => t > now - 60_000);
      const in10s = recent.filter((t) => t > now - 10_000).length;
      if (in10s >= st.limits.ordersPer10s || recent.length >= st.limits.ordersPerMinute) {
        const over10s = in10s >= st.limits.ordersPer10s;
        const until = over10s ? recent.filter((t) => t > now - 10_000)[0]! + 10_000 : recent[0]! + 60_000;
        const [limit, interval] = over10s ? [st.limits.ordersPer10s, "10 SECOND"] : [st.limits.ordersPerMinute, "1 MINUTE"];
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

  return { rateCheck, isPlacement, takeScript };
}

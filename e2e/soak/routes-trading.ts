// The README's API table, second half: signals in (REST, signed webhook, Telegram channel) and
// out (feed, stream), trading (preview, execute, close, positions, orders, the trades log),
// safety and risk, and the tRPC endpoint.
import { createHmac } from "node:crypto";
import type { TRng } from "./prng";
import { type TEntry, type TState, type TUser, someone, tradeIdea, uuid } from "./state";

const remember = (list: string[], id: unknown, max = 50) => {
  if (typeof id !== "string") return;
  list.push(id);
  if (list.length > max) list.shift();
};
const aSignal = (s: TState, r: TRng) => (s.signals.length ? r.pick(s.signals) : uuid(r));
/** {signal_id} of a recent signal, or a manual trade of the caller's own. */
const tradeBody = (s: TState, r: TRng) => {
  if (s.signals.length && r.chance(0.3)) return { signal_id: r.pick(s.signals) };
  const { entry: _entry, ...idea } = tradeIdea(r);
  return idea;
};
const openedBy = (a: { status: number; json: any }, actor: TUser | undefined) => {
  if (actor && a.status >= 200 && a.status < 300 && typeof a.json?.position?.id === "string") remember(actor.positions, a.json.position.id);
};
/** An own open position (taken off the list: it is being closed), or an id that is nobody's. */
const closable = (s: TState, r: TRng) => {
  const holders = [...s.users, s.admin].filter((u) => u.positions.length > 0);
  if (holders.length === 0) return { as: someone(s, r), id: uuid(r) };
  const owner = r.pick(holders);
  return { as: r.chance(0.2) ? s.admin : owner, id: owner.positions.shift()! };
};
/** One of someone's positions (open or since closed), or an id that is nobody's. */
const anyPosition = (s: TState, r: TRng) => {
  const holders = [...s.users, s.admin].filter((u) => u.positions.length > 0);
  if (holders.length === 0) return { as: someone(s, r), id: uuid(r) };
  const owner = r.pick(holders);
  return { as: owner, id: r.pick(owner.positions) };
};

function webhookCall(s: TState, r: TRng) {
  const raw = JSON.stringify({ id: `soak-${r.hex(12)}`, ...tradeIdea(r) });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac("sha256", s.secrets.webhook).update(`${timestamp}.${raw}`).digest("hex");
  return { path: "/api/webhook/signal", raw, headers: { "x-timestamp": timestamp, "x-signature": `sha256=${signature}` } };
}

function channelPost(s: TState, r: TRng, secret: string) {
  const idea = tradeIdea(r);
  const text = r.pick([
    `#${idea.symbol.replace("USDT", "/USDT")} ${idea.direction === "LONG" ? "Long" : "Short"}\nEntry: ${idea.entry}\nTargets: ${idea.targets[0]}\nSL: ${idea.stop_loss}`,
    "Good morning, traders. Markets are quiet today.",
    `${idea.symbol} looks interesting, entry maybe soon`,
  ]);
  const update = { update_id: r.int(1, 1e9), channel_post: { message_id: r.int(1, 1e9), chat: { id: s.secrets.channelId }, text } };
  return { path: "/api/telegram/webhook", body: update, headers: { "x-telegram-bot-api-secret-token": secret } };
}

export const TRADING_ROUTES: TEntry[] = [
  { route: "GET /api/signals", make: (s, r) => ({ path: `/api/signals?limit=${r.int(1, 50)}${r.pick(["", "&symbol=BTCUSDT", "&status=OPEN"])}`, token: someone(s, r).access }), bad: (s, r) => ({ path: "/api/signals?limit=abc", token: someone(s, r).access, invalid: true }) },
  {
    route: "POST /api/signals",
    make: (s, r) => ({ path: "/api/signals", token: s.admin.access, body: { ...tradeIdea(r), leverage: r.int(1, 10) } }),
    bad: (s, r) => ({ path: "/api/signals", token: s.admin.access, body: { ...tradeIdea(r), targets: [] }, invalid: true }),
    after: (s, a) => a.status === 201 && remember(s.signals, a.json.signal?.id),
  },
  { route: "GET /api/signals/:id", make: (s, r) => ({ path: `/api/signals/${aSignal(s, r)}`, token: someone(s, r).access }) },
  { route: "GET /api/signals/stream", make: (s, r) => ({ path: "/api/signals/stream", token: someone(s, r).access, stream: true }) },
  {
    route: "POST /api/signal-events",
    make: (s, r) => ({ path: "/api/signal-events", token: s.admin.access, body: { signal_id: aSignal(s, r), type: r.pick(["TP_HIT", "TP_HIT", "CLOSED"]), target: 1 } }),
    bad: (s, r) => ({ path: "/api/signal-events", token: s.admin.access, body: { signal_id: aSignal(s, r), type: "MOON" }, invalid: true }),
  },
  { route: "POST /api/webhook/signal", make: (s, r) => webhookCall(s, r), bad: (s, r) => ({ ...webhookCall(s, r), headers: { "x-timestamp": "1", "x-signature": "sha256=00" }, invalid: true }) },
  { route: "POST /api/telegram/webhook", make: (s, r) => channelPost(s, r, s.secrets.telegram), bad: (s, r) => ({ ...channelPost(s, r, "wrong-secret"), invalid: true }) },
  { route: "GET /api/admin/signal-stats", make: (s, r) => ({ path: `/api/admin/signal-stats?days=${r.int(1, 365)}`, token: s.admin.access }), bad: (s) => ({ path: "/api/admin/signal-stats?days=0", token: s.admin.access, invalid: true }) },
  { route: "GET /api/admin/unparsed-posts", make: (s, r) => ({ path: `/api/admin/unparsed-posts?limit=${r.int(1, 200)}`, token: s.admin.access }) },
  { route: "POST /api/trade/preview", make: (s, r) => ({ path: "/api/trade/preview", token: someone(s, r, ["VIP", "PREMIUM"]).access, body: { ...tradeIdea(r), per_trade_usdt: "150" } }), bad: (s, r) => ({ path: "/api/trade/preview", token: someone(s, r, ["VIP"]).access, body: { symbol: "BTCUSDT" }, invalid: true }) },
  ...(["execute", "market"] as const).map((verb): TEntry => ({
    route: `POST /api/trade/${verb}`,
    make: (s, r) => { const u = someone(s, r, ["PREMIUM"]); return { path: `/api/trade/${verb}`, token: u.access, body: tradeBody(s, r), actor: u }; },
    bad: (s, r) => ({ path: `/api/trade/${verb}`, token: someone(s, r, ["TRIAL"]).access, body: tradeBody(s, r), invalid: true }),
    after: (_s, a, c) => openedBy(a, c.actor),
  })),
  { route: "POST /api/trade/close", make: (s, r) => { const { as, id } = closable(s, r); return { path: "/api/trade/close", token: as.access, body: { position_id: id, reason: "soak" } }; }, bad: (s, r) => ({ path: "/api/trade/close", token: someone(s, r).access, body: { position_id: "42" }, invalid: true }) },
  { route: "POST /api/positions/:id/close", make: (s, r) => { const { as, id } = closable(s, r); return { path: `/api/positions/${id}/close`, token: as.access, ...(r.chance(0.5) ? { body: { reason: "soak" } } : {}) }; } },
  { route: "GET /api/positions", make: (s, r) => ({ path: `/api/positions?status=${r.pick(["open", "closed", "failed", "all"])}&page=1&per_page=${r.int(1, 500)}`, token: someone(s, r).access }), bad: (s, r) => ({ path: "/api/positions?per_page=501", token: someone(s, r).access, invalid: true }) },
  { route: "GET /api/positions/history", make: (s, r) => ({ path: `/api/positions/history?days=${r.int(1, 365)}`, token: someone(s, r).access }), bad: (s, r) => ({ path: "/api/positions/history?days=400", token: someone(s, r).access, invalid: true }) },
  { route: "GET /api/positions/:userId", make: (s, r) => { const u = someone(s, r); return { path: `/api/positions/${u.id}?status=all`, token: r.chance(0.3) ? s.admin.access : u.access }; } },
  { route: "GET /api/orders/:positionId", make: (s, r) => { const { as, id } = anyPosition(s, r); return { path: `/api/orders/${id}`, token: as.access }; } },
  {
    route: "POST /api/trades/execute",
    make: (s, r) => ({ path: "/api/trades/execute", token: someone(s, r).access, body: { symbol: "BTCUSDT", side: r.pick(["BUY", "SELL"]), qty: `0.0${r.int(1, 9)}`, price: "60000", result: r.pick(["filled", 12.5]) } }),
    bad: (s, r) => ({ path: "/api/trades/execute", token: someone(s, r).access, body: { symbol: "BTCUSDT", side: "HOLD", qty: "-1", price: "0" }, invalid: true }),
  },
  { route: "GET /api/trades", make: (s, r) => ({ path: `/api/trades?page=1&per_page=${r.int(1, 100)}`, token: someone(s, r).access }) },
  { route: "GET /api/safety/status", make: (s, r) => ({ path: "/api/safety/status", token: someone(s, r).access }) },
  // Mostly "off": a kill switch left on would turn the rest of the round's trades into 409s.
  { route: "POST /api/safety/toggle", make: (s, r) => ({ path: "/api/safety/toggle", token: s.admin.access, body: { kill_switch: r.chance(0.2), reason: "soak test" } }), bad: (s) => ({ path: "/api/safety/toggle", token: s.admin.access, body: { kill_switch: "yes" }, invalid: true }) },
  { route: "GET /api/safety/widget", make: (s, r) => ({ path: "/api/safety/widget", token: someone(s, r).access }) },
  { route: "GET /api/risk/limits/me", make: (s, r) => ({ path: "/api/risk/limits/me", token: someone(s, r).access }) },
  { route: "PUT /api/risk/limits/me", make: (s, r) => ({ path: "/api/risk/limits/me", token: someone(s, r, ["PREMIUM"]).access, body: { max_daily_trades: r.int(200, 500) } }), bad: (s, r) => ({ path: "/api/risk/limits/me", token: someone(s, r).access, body: { max_daily_trades: 0 }, invalid: true }) },
  { route: "GET /api/risk/events", make: (s, r) => ({ path: `/api/risk/events?page=1&limit=${r.int(1, 200)}`, token: s.admin.access }), bad: (s) => ({ path: "/api/risk/events?since=yesterday", token: s.admin.access, invalid: true }) },
  { route: "GET /api/trpc/*", make: (s, r) => ({ path: `/api/trpc/${r.pick(["me.get", "me.subscription", "safety.widget", "safety.status"])}`, token: someone(s, r).access }) },
];

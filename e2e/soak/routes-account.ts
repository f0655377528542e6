// The README's API table, first half: health, accounts, settings, subscriptions, exchange
// connections, payments, partners, notifications. Each entry makes a valid call as a fitting user
// (and, on request, a wrong one); `after` files what the answer created.
import { type TEntry, type TState, type TUser, someone, uuid } from "./state";
import type { TRng } from "./prng";

const tokens = (u: TUser, json: any) => {
  if (json?.access_token) u.access = json.access_token;
  if (json?.refresh_token) u.refresh = json.refresh_token;
};
const SETTINGS_BODIES: Record<string, (r: TRng) => object> = {
  general: (r) => ({ notify_signals: r.chance(0.5), notify_trades: r.chance(0.5) }),
  risk: (r) => ({ per_trade_usdt: String(r.int(120, 250)), cooldown_minutes: 0 }),
  strategy: (r) => ({ trailing_stop_pct: `${r.int(1, 5)}.5`, move_sl_to_entry_after_tp1: r.chance(0.5) }),
  dca: (r) => ({ steps: r.int(0, 5), step_pct: "2.5" }),
};
const SETTINGS_BAD: Record<string, object> = {
  general: { username: "x" },
  risk: { leverage: 500 },
  strategy: { tp_split: ["60", "60"] },
  dca: { steps: -1 },
};
const paperConnection = (r: TRng) => ({ provider: "binance_futures", mode: "paper", leverage_default: r.int(1, 10), margin_mode: r.pick(["ISOLATED", "CROSSED"]), hedge_mode: false });
const ownerOrAdmin = (s: TState, r: TRng, plans: TUser["plan"][] = ["TRIAL", "VIP", "PREMIUM"]) => {
  const owner = someone(s, r, plans);
  return { owner, as: r.chance(0.25) ? s.admin : owner };
};

const settings: TEntry[] = Object.keys(SETTINGS_BODIES).flatMap((group): TEntry[] => [
  { route: `GET /api/users/:id/${group}`, make: (s, r) => { const { owner, as } = ownerOrAdmin(s, r); return { path: `/api/users/${owner.id}/${group}`, token: as.access }; } },
  {
    route: `PUT /api/users/:id/${group}`,
    make: (s, r) => { const { owner, as } = ownerOrAdmin(s, r); return { path: `/api/users/${owner.id}/${group}`, token: as.access, body: SETTINGS_BODIES[group]!(r) }; },
    bad: (s, r) => { const u = someone(s, r); return { path: `/api/users/${u.id}/${group}`, token: u.access, body: SETTINGS_BAD[group], invalid: true }; },
  },
]);

export const ACCOUNT_ROUTES: TEntry[] = [
  { route: "GET /api/ping", make: () => ({ path: "/api/ping" }) },
  { route: "GET /api/health", make: () => ({ path: "/api/health" }) },
  { route: "GET /api/health/live", make: () => ({ path: "/api/health/live" }) },
  {
    route: "POST /api/auth/register",
    make: (s, r) => { const tag = r.hex(10); return { path: "/api/auth/register", body: { username: `soak_${tag}`, email: `soak-${tag}@verzek.test`, password: `pw-${tag}` } }; },
    bad: (_s, r) => ({ path: "/api/auth/register", body: { username: "ok_name", email: `not-an-email-${r.hex(4)}`, password: "short" }, invalid: true }),
    after: (s, a, c) => {
      const b = c.body as { email: string; password: string } | undefined;
      if (a.status === 201 && b && s.users.length < 40) s.users.push({ id: a.json.user.id, email: b.email, password: b.password, plan: "TRIAL", access: a.json.access_token, refresh: a.json.refresh_token, positions: [] });
    },
  },
  {
    route: "POST /api/auth/login",
    make: (s, r) => { const u = someone(s, r, ["TRIAL", "VIP", "PREMIUM"]); return { path: "/api/auth/login", body: { email: u.email, password: u.password }, actor: u }; },
    bad: (s, r) => ({ path: "/api/auth/login", body: { email: someone(s, r).email, password: "wrong-password" }, invalid: true }),
    after: (_s, a, c) => c.actor && a.status === 200 && tokens(c.actor, a.json),
  },
  {
    route: "POST /api/auth/refresh",
    solo: true,
    make: (s, r) => { const u = someone(s, r, ["TRIAL", "VIP", "PREMIUM"]); return { path: "/api/auth/refresh", body: { refresh_token: u.refresh }, actor: u }; },
    bad: (_s, r) => ({ path: "/api/auth/refresh", body: { refresh_token: r.hex(40) }, invalid: true }),
    after: (_s, a, c) => c.actor && a.status === 200 && tokens(c.actor, a.json),
  },
  { route: "GET /api/auth/me", make: (s, r) => ({ path: "/api/auth/me", token: someone(s, r).access }), bad: (_s, r) => ({ path: "/api/auth/me", token: r.hex(30), invalid: true }) },
  {
    route: "GET /api/users",
    make: (s, r) => ({ path: `/api/users?page=1&per_page=${r.int(5, 50)}${r.pick(["", "&plan=VIP", "&role=USER", "&q=soak"])}`, token: s.admin.access }),
    bad: (s, r) => ({ path: "/api/users", token: someone(s, r, ["TRIAL"]).access, invalid: true }),
  },
  ...settings,
  { route: "GET /api/users/:id/subscription", make: (s, r) => { const u = someone(s, r); return { path: `/api/users/${u.id}/subscription`, token: u.access }; } },
  {
    route: "PUT /api/users/:id/subscription",
    make: (s, r) => { const u = someone(s, r, ["TRIAL", "VIP", "PREMIUM"]); return { path: `/api/users/${u.id}/subscription`, token: s.admin.access, body: { plan: u.plan } }; },
    bad: (s, r) => { const u = someone(s, r, ["VIP"]); return { path: `/api/users/${u.id}/subscription`, token: u.access, body: { plan: "PREMIUM" }, invalid: true }; },
  },
  { route: "GET /api/users/:id/exchanges", make: (s, r) => { const { owner, as } = ownerOrAdmin(s, r); return { path: `/api/users/${owner.id}/exchanges`, token: as.access }; } },
  { route: "PUT /api/users/:id/exchanges", make: (s, r) => { const { owner, as } = ownerOrAdmin(s, r, ["PREMIUM"]); return { path: `/api/users/${owner.id}/exchanges`, token: as.access, body: paperConnection(r) }; } },
  { route: "DELETE /api/users/:id/exchanges", make: (s, r) => { const { owner, as } = ownerOrAdmin(s, r); return { path: `/api/users/${owner.id}/exchanges`, token: as.access }; } },
  { route: "POST /api/exchanges/connect", make: (s, r) => ({ path: "/api/exchanges/connect", token: someone(s, r, ["PREMIUM"]).access, body: paperConnection(r) }), bad: (s, r) => ({ path: "/api/exchanges/connect", token: someone(s, r, ["PREMIUM"]).access, body: { mode: "binance_mainnet" }, invalid: true }) },
  { route: "POST /api/exchanges", make: (s, r) => ({ path: "/api/exchanges", token: someone(s, r, ["PREMIUM"]).access, body: paperConnection(r) }) },
  { route: "GET /api/exchanges/me", make: (s, r) => ({ path: "/api/exchanges/me", token: someone(s, r).access }) },
  { route: "PUT /api/exchanges/me", make: (s, r) => ({ path: "/api/exchanges/me", token: someone(s, r, ["PREMIUM"]).access, body: paperConnection(r) }), bad: (s, r) => ({ path: "/api/exchanges/me", token: someone(s, r, ["TRIAL"]).access, body: paperConnection(r), invalid: true }) },
  { route: "DELETE /api/exchanges/me", make: (s, r) => ({ path: "/api/exchanges/me", token: someone(s, r, ["TRIAL", "VIP"]).access }) },
  { route: "POST /api/exchanges/validate", make: (s, r) => ({ path: "/api/exchanges/validate", token: someone(s, r, ["PREMIUM"]).access }) },
  { route: "GET /api/users/:id/balance/:exchange", make: (s, r) => { const { owner, as } = ownerOrAdmin(s, r, ["PREMIUM"]); return { path: `/api/users/${owner.id}/balance/${r.pick(["binance", "binance_futures", "binanceusdm"])}`, token: as.access }; }, bad: (s, r) => { const u = someone(s, r, ["PREMIUM"]); return { path: `/api/users/${u.id}/balance/kraken`, token: u.access, invalid: true }; } },
  { route: "GET /api/users/:id/exchanges/:exchange/leverage", make: (s, r) => { const { owner, as } = ownerOrAdmin(s, r); return { path: `/api/users/${owner.id}/exchanges/binance_futures/leverage`, token: as.access }; } },
  { route: "PUT /api/users/:id/exchanges/:exchange/leverage", make: (s, r) => { const { owner, as } = ownerOrAdmin(s, r, ["PREMIUM"]); return { path: `/api/users/${owner.id}/exchanges/binance_futures/leverage`, token: as.access, body: { leverage: r.int(1, 10) } }; }, bad: (s, r) => { const u = someone(s, r, ["PREMIUM"]); return { path: `/api/users/${u.id}/exchanges/binance_futures/leverage`, token: u.access, body: { leverage: 0 }, invalid: true }; } },
  { route: "GET /api/plans", make: () => ({ path: "/api/plans" }) },
  {
    route: "POST /api/payments/usdt/initiate",
    // Mostly signed in: anonymous submissions are limited to 20 an hour per address, and the soak has one.
    make: (s, r) => { const u = someone(s, r, ["VIP", "PREMIUM"]); return { path: "/api/payments/usdt/initiate", body: { email: u.email, plan: u.plan, tx_hash: r.hex(64), network: "TRC20" }, actor: u, token: r.chance(0.8) ? u.access : undefined }; },
    bad: (s, r) => ({ path: "/api/payments/usdt/initiate", body: { email: someone(s, r).email, plan: "TRIAL", tx_hash: "abc", network: "ERC20" }, invalid: true }),
    after: (s, a, c) => {
      if (a.status !== 201 || !c.actor) return;
      s.pending.push({ txHash: (c.body as { tx_hash: string }).tx_hash, id: a.json.payment.id, owner: c.actor });
      s.payments.push({ id: a.json.payment.id, owner: c.actor });
    },
  },
  { route: "GET /api/payments/:id", make: (s, r) => { const p = s.payments.length ? r.pick(s.payments) : null; return { path: `/api/payments/${p?.id ?? uuid(r)}`, token: p && r.chance(0.6) ? p.owner.access : undefined }; } },
  { route: "GET /api/payments/me", make: (s, r) => ({ path: "/api/payments/me", token: someone(s, r).access }) },
  { route: "POST /api/payments/usdt/verify", make: (s, r) => ({ path: "/api/payments/usdt/verify", token: s.admin.access, body: { tx_hash: s.pending.shift()?.txHash ?? r.hex(64) } }) },
  { route: "POST /api/payments/usdt/reject", make: (s, r) => ({ path: "/api/payments/usdt/reject", token: s.admin.access, body: { tx_hash: s.pending.shift()?.txHash ?? r.hex(64), reason: "The amount did not match the plan's price" } }) },
  { route: "GET /api/admin/payments", make: (s, r) => ({ path: `/api/admin/payments?page=1&per_page=20${r.pick(["", "&status=PENDING", "&status=CONFIRMED"])}`, token: s.admin.access }), bad: (s) => ({ path: "/api/admin/payments?status=LOST", token: s.admin.access, invalid: true }) },
  { route: "GET /api/admin/partners", make: (s) => ({ path: "/api/admin/partners?page=1&per_page=20", token: s.admin.access }) },
  {
    route: "POST /api/admin/partners",
    make: (s, r) => { const tag = r.hex(8); return { path: "/api/admin/partners", token: s.admin.access, body: { name: `Soak partner ${tag}`, referral_code: `soak-${tag}` } }; },
    bad: (s) => ({ path: "/api/admin/partners", token: s.admin.access, body: { name: "", referral_code: "x" }, invalid: true }),
    after: (s, a) => a.status === 201 && s.partners.push(a.json.id ?? a.json.partner?.id),
  },
  ...(["GET", "PUT", "PATCH", "DELETE"] as const).map((method): TEntry => ({
    route: `${method} /api/admin/partners/:id`,
    make: (s, r) => {
      const id = s.partners.length ? r.pick(s.partners) : r.int(100_000, 200_000);
      const body = method === "PUT" || method === "PATCH" ? { name: `Soak partner renamed ${r.hex(4)}` } : undefined;
      return { path: `/api/admin/partners/${id}`, token: s.admin.access, body };
    },
    after: (s, a, c) => { if (method === "DELETE" && a.status === 200) s.partners = s.partners.filter((p) => !c.path.endsWith(`/${p}`)); },
  })),
  { route: "GET /api/notifications/me", make: (s, r) => ({ path: `/api/notifications/me?limit=${r.int(1, 100)}${r.chance(0.5) ? "&unread=true" : ""}`, token: someone(s, r).access }) },
  { route: "POST /api/notifications/me/read", make: (s, r) => ({ path: "/api/notifications/me/read", token: someone(s, r).access, body: {} }), bad: (s, r) => ({ path: "/api/notifications/me/read", token: someone(s, r).access, body: { ids: ["one"] }, invalid: true }) },
];

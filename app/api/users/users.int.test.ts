import { describe, expect, it } from "vitest";
import { open } from "@/server/crypto/secret-box";
import { db } from "@/server/db/client";
import { dumpDatabase } from "@/test/helpers/database-dump";
import { call, expectError, type TResult } from "@/test/helpers/http";
import { createAdmin, createUser, uniq } from "@/test/helpers/factories";
import { GET as listRoute } from "./route";
import * as generalRoute from "./[id]/general/route";
import * as riskRoute from "./[id]/risk/route";
import * as strategyRoute from "./[id]/strategy/route";
import * as dcaRoute from "./[id]/dca/route";
import * as subscriptionRoute from "./[id]/subscription/route";
import * as exchangesRoute from "./[id]/exchanges/route";

type TRoutes = { GET: Parameters<typeof call>[0]; PUT: Parameters<typeof call>[0] };

const SETTINGS = { general: generalRoute, risk: riskRoute, strategy: strategyRoute, dca: dcaRoute } as const;
const ALL_GROUPS = { ...SETTINGS, subscription: subscriptionRoute, exchanges: exchangesRoute } as const;
type TGroup = keyof typeof ALL_GROUPS;

const get = (routes: TRoutes, id: number | string, token?: string) => call(routes.GET, { token, params: { id: String(id) } });
const put = (routes: TRoutes, id: number | string, token: string | undefined, body: unknown, headers?: Record<string, string>) =>
  call(routes.PUT, { method: "PUT", token, params: { id: String(id) }, body, headers });
const list = (token: string | undefined, query = "") => call(listRoute, { token, path: `/api/users${query}` });
const fieldOf = (res: TResult) => expectError(res, 400, "invalid_input").field;

/** The largest id parseUserId accepts: valid, but no test database grows that far. */
const UNKNOWN_ID = 2_147_483_647;

describe("GET /api/users", () => {
  /** Three users sharing a search tag, created oldest-last so newest-first cannot be id order by accident. */
  async function seedTagged() {
    const tag = `t${uniq()}`;
    const premium = await createUser({ plan: "PREMIUM" });
    const admin = await createUser({ role: "ADMIN" });
    const trial = await createUser();
    const now = Date.now();
    const rows = [
      { u: premium.user, name: `${tag}_premium`, createdAt: new Date(now - 1 * 60_000) },
      { u: admin.user, name: `${tag}_admin`, createdAt: new Date(now - 2 * 60_000) },
      { u: trial.user, name: `${tag}_trial`, createdAt: new Date(now - 3 * 60_000) },
    ];
    for (const r of rows) await db().user.update({ where: { id: r.u.id }, data: { username: r.name, createdAt: r.createdAt } });
    return { tag, newestFirst: rows.map((r) => r.u.id), premium: premium.user, admin: admin.user, trial: trial.user };
  }

  it("answers 401 without a token and 403 for a non-admin", async () => {
    expectError(await list(undefined), 401, "unauthorized");
    const { token } = await createUser({ plan: "PREMIUM" });
    expectError(await list(token), 403, "forbidden");
  });

  it("pages newest first with page, per_page and total", async () => {
    const { token } = await createAdmin();
    const { tag, newestFirst } = await seedTagged();
    const page1 = await list(token, `?q=${tag}&per_page=2&page=1`);
    expect(page1.status).toBe(200);
    expect(page1.body).toMatchObject({ page: 1, per_page: 2, total: 3 });
    expect(page1.body.users.map((u: { id: number }) => u.id)).toEqual(newestFirst.slice(0, 2));
    const page2 = await list(token, `?q=${tag}&per_page=2&page=2`);
    expect(page2.body).toMatchObject({ page: 2, per_page: 2, total: 3 });
    expect(page2.body.users.map((u: { id: number }) => u.id)).toEqual(newestFirst.slice(2));
    const page3 = await list(token, `?q=${tag}&per_page=2&page=3`);
    expect(page3.body.users).toEqual([]);
    expect(page3.body.total).toBe(3);
  });

  it("defaults to page 1 of 20 and never exposes secrets", async () => {
    const { token } = await createAdmin();
    const res = await list(token);
    expect(res.status).toBe(200);
    expect(res.body.page).toBe(1);
    expect(res.body.per_page).toBe(20);
    expect(res.body.total).toBeGreaterThanOrEqual(1);
    expect(res.body.users.length).toBeGreaterThanOrEqual(1);
    expect(res.body.users.length).toBeLessThanOrEqual(20);
    expect(Object.keys(res.body.users[0]).sort()).toEqual(
      ["created_at", "email", "id", "is_active", "plan", "plan_expires_at", "role", "telegram_handle", "username"],
    );
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|password/i);
  });

  it("filters by q (username or email, any case), plan and role", async () => {
    const { token } = await createAdmin();
    const { tag, premium, admin, trial } = await seedTagged();
    const byName = await list(token, `?q=${tag.toUpperCase()}`);
    expect(byName.body.total).toBe(3);
    const byEmail = await list(token, `?q=${encodeURIComponent(trial.email.toUpperCase())}`);
    expect(byEmail.body.users.map((u: { id: number }) => u.id)).toEqual([trial.id]);
    const byPlan = await list(token, `?q=${tag}&plan=PREMIUM`);
    expect(byPlan.body).toMatchObject({ total: 1, users: [{ id: premium.id, plan: "PREMIUM" }] });
    const byRole = await list(token, `?q=${tag}&role=ADMIN`);
    expect(byRole.body).toMatchObject({ total: 1, users: [{ id: admin.id, role: "ADMIN" }] });
    const both = await list(token, `?q=${tag}&role=USER&plan=TRIAL`);
    expect(both.body.users.map((u: { id: number }) => u.id)).toEqual([trial.id]);
    const none = await list(token, `?q=${tag}&plan=VIP`);
    expect(none.body).toMatchObject({ total: 0, users: [] });
  });

  // list-users.ts passes q to Prisma's `contains`, which becomes ILIKE '%q%' without escaping
  // LIKE's own wildcards: '%' matches anything and '_' any one character.
  it("treats % and _ in q as literal characters, not LIKE wildcards", async () => {
    const { token } = await createAdmin();
    const { tag } = await seedTagged();
    expect((await list(token, `?q=${tag}%25premium`)).body.total).toBe(0);
    expect((await list(token, `?q=${tag}_premium`)).body.total).toBe(1);
    expect((await list(token, `?q=${tag}_premiu_`)).body.total).toBe(0);
  });

  // PostgreSQL refuses the NUL byte in text; the schema lets it through, so the query fails with 500.
  it("answers 400 naming q, not 500, for a q containing a NUL byte", async () => {
    const { token } = await createAdmin();
    expect(fieldOf(await list(token, "?q=a%00b"))).toBe("q");
  });

  it.each([
    ["per_page=0", "per_page"],
    ["per_page=1000", "per_page"],
    ["per_page=101", "per_page"],
    ["per_page=abc", "per_page"],
    ["per_page=2.5", "per_page"],
    ["page=-1", "page"],
    ["page=0", "page"],
    ["page=abc", "page"],
    ["page=", "page"],
    ["page=NaN", "page"],
    ["page=Infinity", "page"],
    ["plan=GOLD", "plan"],
    ["plan=vip", "plan"],
    ["role=ROOT", "role"],
    [`q=${"x".repeat(101)}`, "q"],
  ])("answers 400 naming the field for ?%s", async (query, field) => {
    const { token } = await createAdmin();
    const res = await list(token, `?${query}`);
    expect(fieldOf(res)).toBe(field);
    expect(res.body.message).toContain(field);
  });
});

describe("who may use /api/users/:id/<group>", () => {
  const groups = Object.keys(ALL_GROUPS) as TGroup[];

  it.each(groups)("%s: the owner reads their own group", async (group) => {
    const { user, token } = await createUser();
    expect((await get(ALL_GROUPS[group], user.id, token)).status).toBe(200);
  });

  it.each(groups)("%s: an admin reads anyone's group", async (group) => {
    const { user } = await createUser();
    const admin = await createAdmin();
    expect((await get(ALL_GROUPS[group], user.id, admin.token)).status).toBe(200);
  });

  it.each(groups)("%s: another user gets 403, whether or not the id exists", async (group) => {
    const { user } = await createUser();
    const other = await createUser({ plan: "PREMIUM" });
    const routes = ALL_GROUPS[group];
    expectError(await get(routes, user.id, other.token), 403, "forbidden");
    const missing = expectError(await get(routes, UNKNOWN_ID, other.token), 403, "forbidden");
    expect(missing.message).toBe(expectError(await get(routes, user.id, other.token), 403).message);
    expectError(await put(routes, user.id, other.token, {}), 403, "forbidden");
    expectError(await put(routes, UNKNOWN_ID, other.token, {}), 403, "forbidden");
  });

  it.each(groups)("%s: an admin asking for an unknown id gets 404", async (group) => {
    const admin = await createAdmin();
    expectError(await get(ALL_GROUPS[group], UNKNOWN_ID, admin.token), 404, "not_found");
    expectError(await put(ALL_GROUPS[group], UNKNOWN_ID, admin.token, {}), 404, "not_found");
  });

  it.each(groups)("%s: answers 401 without a token", async (group) => {
    const { user } = await createUser();
    expectError(await get(ALL_GROUPS[group], user.id, undefined), 401, "unauthorized");
    expectError(await put(ALL_GROUPS[group], user.id, undefined, {}), 401, "unauthorized");
  });

  it.each(groups.flatMap((g) => ["abc", "0", "99999999999", "2147483648", "-1", "1.5", "01", "1e3", " 1", ""].map((id) => [g, id] as const)))(
    "%s: id %j → 400 naming id, for the owner and for an admin",
    async (group, id) => {
      const owner = await createUser();
      const admin = await createAdmin();
      expect(fieldOf(await get(ALL_GROUPS[group], id, owner.token))).toBe("id");
      expect(fieldOf(await get(ALL_GROUPS[group], id, admin.token))).toBe("id");
    },
  );
});

describe("GET/PUT /api/users/:id/general|risk|strategy|dca", () => {
  it("GET answers each group with SPEC's defaults", async () => {
    const { user, token } = await createUser();
    expect((await get(generalRoute, user.id, token)).body).toEqual({
      username: user.username,
      telegram_handle: null,
      notify_signals: true,
      notify_trades: true,
      notify_payments: true,
      telegram_linked: false,
      telegram_username: null,
    });
    expect((await get(riskRoute, user.id, token)).body).toMatchObject({
      capital_usdt: "100",
      per_trade_usdt: "5",
      leverage: 5,
      max_concurrent_trades: 5,
      sizing_mode: "FIXED",
    });
    expect((await get(strategyRoute, user.id, token)).body).toMatchObject({
      auto_trade_enabled: false,
      tp_split: [],
      move_sl_to_entry_after_tp1: false,
      allowed_trade_types: ["FUTURES"],
    });
    expect((await get(dcaRoute, user.id, token)).body).toEqual({ enabled: false, steps: 0, step_pct: "1", size_multiplier: "1" });
  });

  it("PUT takes a subset and answers the whole group", async () => {
    const { user, token } = await createUser();
    const res = await put(riskRoute, user.id, token, { leverage: 20, max_concurrent_trades: 50 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...(await get(riskRoute, user.id, token)).body, leverage: 20, max_concurrent_trades: 50 });
    expect(Object.keys(res.body)).toHaveLength(12);
    const stored = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.leverage).toBe(20);
    expect(stored.maxConcurrentTrades).toBe(50);
    expect(stored.capitalUsdt.toString()).toBe("100");
  });

  it("PUT of an empty object changes nothing and answers the group", async () => {
    const { user, token } = await createUser();
    const before = (await get(dcaRoute, user.id, token)).body;
    const res = await put(dcaRoute, user.id, token, {});
    expect(res.status).toBe(200);
    expect(res.body).toEqual(before);
  });

  it("lets an admin change another user's settings", async () => {
    const { user, token } = await createUser();
    const admin = await createAdmin();
    expect((await put(dcaRoute, user.id, admin.token, { enabled: true, steps: 3, step_pct: "2.5", size_multiplier: 1.5 })).status).toBe(200);
    expect((await get(dcaRoute, user.id, token)).body).toEqual({ enabled: true, steps: 3, step_pct: "2.5", size_multiplier: "1.5" });
    expect((await get(dcaRoute, admin.user.id, admin.token)).body.enabled).toBe(false);
  });

  it("keeps decimals exact as strings, from a string or a JSON number", async () => {
    const { user, token } = await createUser();
    const res = await put(riskRoute, user.id, token, { capital_usdt: "1234.56789012", per_trade_usdt: 12.5 });
    expect(res.status).toBe(200);
    expect(res.body.capital_usdt).toBe("1234.56789012");
    expect(res.body.per_trade_usdt).toBe("12.5");
    expect((await get(riskRoute, user.id, token)).body.capital_usdt).toBe("1234.56789012");
    const stored = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.capitalUsdt.toString()).toBe("1234.56789012");
    const big = await put(riskRoute, user.id, token, { capital_usdt: "999999999.99999999" });
    expect(big.body.capital_usdt).toBe("999999999.99999999");
  });

  it("saves all or nothing: one invalid field leaves every field as it was", async () => {
    const { user, token } = await createUser();
    const before = (await get(riskRoute, user.id, token)).body;
    expect(fieldOf(await put(riskRoute, user.id, token, { leverage: 10, max_concurrent_trades: 51 }))).toBe("max_concurrent_trades");
    expect(fieldOf(await put(riskRoute, user.id, token, { capital_usdt: "500", leverage: "10" }))).toBe("leverage");
    expect(fieldOf(await put(riskRoute, user.id, token, { leverage: 10, bogus: 1 }))).toBe("bogus");
    expect((await get(riskRoute, user.id, token)).body).toEqual(before);
    const general = (await get(generalRoute, user.id, token)).body;
    expect(fieldOf(await put(generalRoute, user.id, token, { username: `ok_${uniq()}`, notify_trades: "no" }))).toBe("notify_trades");
    expect((await get(generalRoute, user.id, token)).body).toEqual(general);
  });

  it("refuses per_trade_usdt above capital_usdt, whichever side moves", async () => {
    const { user, token } = await createUser();
    expect(fieldOf(await put(riskRoute, user.id, token, { per_trade_usdt: "100.00000001" }))).toBe("per_trade_usdt");
    expect(fieldOf(await put(riskRoute, user.id, token, { capital_usdt: "4.99", leverage: 7 }))).toBe("per_trade_usdt");
    expect(fieldOf(await put(riskRoute, user.id, token, { capital_usdt: "50", per_trade_usdt: "60" }))).toBe("per_trade_usdt");
    expect((await get(riskRoute, user.id, token)).body).toMatchObject({ capital_usdt: "100", per_trade_usdt: "5", leverage: 5 });
    const ok = await put(riskRoute, user.id, token, { capital_usdt: "1000", per_trade_usdt: "1000" });
    expect(ok.body).toMatchObject({ capital_usdt: "1000", per_trade_usdt: "1000" });
  });

  it("accepts tp_split summing to 100 or empty, and refuses other sums", async () => {
    const { user, token } = await createUser();
    const ok = await put(strategyRoute, user.id, token, { tp_split: [50, "30", "20.00"] });
    expect(ok.status).toBe(200);
    expect(ok.body.tp_split).toEqual(["50", "30", "20"]);
    expect(fieldOf(await put(strategyRoute, user.id, token, { tp_split: [50, 40] }))).toBe("tp_split");
    expect(fieldOf(await put(strategyRoute, user.id, token, { tp_split: [60, 50] }))).toBe("tp_split");
    expect(fieldOf(await put(strategyRoute, user.id, token, { tp_split: ["33.33", "33.33", "33.33"] }))).toBe("tp_split");
    expect((await get(strategyRoute, user.id, token)).body.tp_split).toEqual(["50", "30", "20"]);
    expect((await put(strategyRoute, user.id, token, { tp_split: [] })).body.tp_split).toEqual([]);
  });

  it("cleans up general fields: telegram '@' dropped, null clears, notifications toggle", async () => {
    const { user, token } = await createUser();
    const res = await put(generalRoute, user.id, token, { telegram_handle: "@Trader_one", notify_signals: false });
    expect(res.body).toMatchObject({ telegram_handle: "Trader_one", notify_signals: false, notify_trades: true });
    expect((await put(generalRoute, user.id, token, { telegram_handle: null })).body.telegram_handle).toBeNull();
  });

  it("changes the username, and answers 409 when another account has it in any case", async () => {
    const a = await createUser();
    const b = await createUser();
    const fresh = `Fresh_${uniq()}`;
    expect((await put(generalRoute, b.user.id, b.token, { username: ` ${fresh} ` })).body.username).toBe(fresh);
    expect(expectError(await put(generalRoute, a.user.id, a.token, { username: fresh.toLowerCase() }), 409, "conflict").field).toBe("username");
    expect(expectError(await put(generalRoute, a.user.id, a.token, { username: fresh.toUpperCase() }), 409, "conflict").field).toBe("username");
    // a's own name in another case is still a's
    expect((await put(generalRoute, a.user.id, a.token, { username: a.user.username.toUpperCase() })).body.username).toBe(a.user.username.toUpperCase());
    const byB = await put(generalRoute, b.user.id, b.token, { username: a.user.username.toLowerCase() });
    expect(expectError(byB, 409, "conflict").field).toBe("username");
    expect((await get(generalRoute, b.user.id, b.token)).body.username).toBe(fresh);
  });

  it("lets only one of two racing renames to one name (in different cases) win", async () => {
    const a = await createUser();
    const b = await createUser();
    const name = `Race_${uniq()}`;
    const results = await Promise.all([
      put(generalRoute, a.user.id, a.token, { username: name }),
      put(generalRoute, b.user.id, b.token, { username: name.toLowerCase() }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await db().user.count({ where: { username: { equals: name, mode: "insensitive" } } })).toBe(1);
  });

  it.each([
    ["a JSON array", "[]"],
    ["JSON null", "null"],
    ["a JSON string", '"leverage"'],
  ])("answers 400 for %s as the body", async (_label, body) => {
    const { user, token } = await createUser();
    expect(fieldOf(await put(riskRoute, user.id, token, body, { "content-type": "application/json" }))).toBe("body");
  });

  it("answers 400 for malformed JSON and a non-JSON content type", async () => {
    const { user, token } = await createUser();
    expectError(await put(riskRoute, user.id, token, "{leverage: 5", { "content-type": "application/json" }), 400, "invalid_json");
    expectError(await put(riskRoute, user.id, token, "leverage=5", { "content-type": "application/x-www-form-urlencoded" }), 415, "unsupported_media_type");
  });

  it("refuses a JSON number too large for a double (1e400) instead of storing Infinity", async () => {
    const { user, token } = await createUser();
    const res = await put(riskRoute, user.id, token, '{"capital_usdt": 1e400}', { "content-type": "application/json" });
    expect(fieldOf(res)).toBe("capital_usdt");
  });

  type TBad = [keyof typeof SETTINGS, Record<string, unknown>, string];
  const bad: TBad[] = [
    // general
    ["general", { username: "ab" }, "username"],
    ["general", { username: "x".repeat(33) }, "username"],
    ["general", { username: "has space" }, "username"],
    ["general", { username: "semi;colon" }, "username"],
    ["general", { username: 42 }, "username"],
    ["general", { username: null }, "username"],
    ["general", { telegram_handle: "abc" }, "telegram_handle"],
    ["general", { telegram_handle: "bad handle!" }, "telegram_handle"],
    ["general", { telegram_handle: 12345 }, "telegram_handle"],
    ["general", { notify_signals: 1 }, "notify_signals"],
    ["general", { notify_trades: "true" }, "notify_trades"],
    ["general", { notify_payments: null }, "notify_payments"],
    ["general", { email: "new@example.test" }, "email"],
    ["general", { role: "ADMIN" }, "role"],
    // risk
    ["risk", { capital_usdt: "NaN" }, "capital_usdt"],
    ["risk", { capital_usdt: "Infinity" }, "capital_usdt"],
    ["risk", { capital_usdt: "-Infinity" }, "capital_usdt"],
    ["risk", { capital_usdt: "1e400" }, "capital_usdt"],
    ["risk", { capital_usdt: "1e3" }, "capital_usdt"],
    ["risk", { capital_usdt: "0x10" }, "capital_usdt"],
    ["risk", { capital_usdt: "" }, "capital_usdt"],
    ["risk", { capital_usdt: "12,5" }, "capital_usdt"],
    ["risk", { capital_usdt: "-1" }, "capital_usdt"],
    ["risk", { capital_usdt: -1 }, "capital_usdt"],
    ["risk", { capital_usdt: "1000000001" }, "capital_usdt"],
    ["risk", { capital_usdt: true }, "capital_usdt"],
    ["risk", { capital_usdt: null }, "capital_usdt"],
    ["risk", { capital_usdt: ["100"] }, "capital_usdt"],
    ["risk", { per_trade_usdt: "0" }, "per_trade_usdt"],
    ["risk", { per_trade_usdt: -5 }, "per_trade_usdt"],
    ["risk", { leverage: "10" }, "leverage"],
    ["risk", { leverage: 126 }, "leverage"],
    ["risk", { leverage: 0 }, "leverage"],
    ["risk", { leverage: -5 }, "leverage"],
    ["risk", { leverage: 2.5 }, "leverage"],
    ["risk", { leverage: 1e300 }, "leverage"],
    ["risk", { max_concurrent_trades: 51 }, "max_concurrent_trades"],
    ["risk", { max_concurrent_trades: 0 }, "max_concurrent_trades"],
    ["risk", { max_daily_trades: 501 }, "max_daily_trades"],
    ["risk", { per_symbol_limit: 51 }, "per_symbol_limit"],
    ["risk", { cooldown_minutes: -1 }, "cooldown_minutes"],
    ["risk", { cooldown_minutes: 1441 }, "cooldown_minutes"],
    ["risk", { max_account_exposure_pct: 101 }, "max_account_exposure_pct"],
    ["risk", { max_account_exposure_pct: "100.01" }, "max_account_exposure_pct"],
    ["risk", { max_account_exposure_pct: 0 }, "max_account_exposure_pct"],
    ["risk", { daily_loss_limit_pct: "150" }, "daily_loss_limit_pct"],
    ["risk", { daily_loss_limit_pct: "-10" }, "daily_loss_limit_pct"],
    ["risk", { risk_per_trade_pct: "NaN" }, "risk_per_trade_pct"],
    ["risk", { risk_per_trade_pct: 1000 }, "risk_per_trade_pct"],
    ["risk", { reduce_to_fit_exposure: 0 }, "reduce_to_fit_exposure"],
    ["risk", { sizing_mode: "fixed" }, "sizing_mode"],
    ["risk", { sizing_mode: "KELLY" }, "sizing_mode"],
    ["risk", { stop_loss: 5 }, "stop_loss"],
    // strategy
    ["strategy", { auto_trade_enabled: "yes" }, "auto_trade_enabled"],
    ["strategy", { auto_trade_enabled: 1 }, "auto_trade_enabled"],
    ["strategy", { tp_split: "50,50" }, "tp_split"],
    ["strategy", { tp_split: [50, 60] }, "tp_split"],
    ["strategy", { tp_split: [-10, 110] }, "tp_split.0"],
    ["strategy", { tp_split: [0, 100] }, "tp_split.0"],
    ["strategy", { tp_split: ["NaN", 100] }, "tp_split.0"],
    ["strategy", { tp_split: [50, "Infinity"] }, "tp_split.1"],
    ["strategy", { tp_split: Array.from({ length: 11 }, () => "10") }, "tp_split"],
    ["strategy", { move_sl_to_entry_after_tp1: "false" }, "move_sl_to_entry_after_tp1"],
    ["strategy", { trailing_stop_enabled: null }, "trailing_stop_enabled"],
    ["strategy", { trailing_stop_pct: 0 }, "trailing_stop_pct"],
    ["strategy", { trailing_stop_pct: 101 }, "trailing_stop_pct"],
    ["strategy", { allowed_trade_types: [] }, "allowed_trade_types"],
    ["strategy", { allowed_trade_types: ["MARGIN"] }, "allowed_trade_types.0"],
    ["strategy", { allowed_trade_types: "FUTURES" }, "allowed_trade_types"],
    ["strategy", { leverage: 10 }, "leverage"],
    // dca
    ["dca", { enabled: "true" }, "enabled"],
    ["dca", { enabled: 1 }, "enabled"],
    ["dca", { steps: 11 }, "steps"],
    ["dca", { steps: -1 }, "steps"],
    ["dca", { steps: "3" }, "steps"],
    ["dca", { steps: 1.5 }, "steps"],
    ["dca", { step_pct: 0 }, "step_pct"],
    ["dca", { step_pct: 51 }, "step_pct"],
    ["dca", { step_pct: "Infinity" }, "step_pct"],
    ["dca", { size_multiplier: 0 }, "size_multiplier"],
    ["dca", { size_multiplier: 11 }, "size_multiplier"],
    ["dca", { size_multiplier: "-2" }, "size_multiplier"],
    ["dca", { dca_steps: 3 }, "dca_steps"],
  ];

  it.each(bad)("%s: %j → 400 naming %s, nothing saved", async (group, body, field) => {
    const { user, token } = await createUser();
    const routes = SETTINGS[group];
    const before = (await get(routes, user.id, token)).body;
    const res = await put(routes, user.id, token, body);
    expect(fieldOf(res)).toBe(field);
    expect(res.body.message).toContain(field);
    expect((await get(routes, user.id, token)).body).toEqual(before);
  });

  // Every decimal column has a fixed scale (capital_usdt 8 places, percentages 2, size_multiplier 3):
  // a value with more places must be refused or kept exactly, never silently rounded into a value
  // the validation would have refused (0 where "> 0" is required, a tp_split that no longer sums to 100).
  it.each([
    ["risk", { risk_per_trade_pct: "0.001" }, "risk_per_trade_pct"],
    ["risk", { max_account_exposure_pct: "12.345" }, "max_account_exposure_pct"],
    ["risk", { capital_usdt: "1000.123456789" }, "capital_usdt"],
    ["dca", { size_multiplier: "0.0001" }, "size_multiplier"],
    ["strategy", { tp_split: ["33.333", "33.333", "33.334"] }, "tp_split"],
  ] as const)("%s %j: more decimal places than the column keeps are refused or kept exact, never rounded", async (group, body, field) => {
    const { user, token } = await createUser();
    const res = await put(SETTINGS[group], user.id, token, body);
    if (res.status === 200) {
      expect(res.body[field]).toEqual((body as Record<string, unknown>)[field]);
      expect((await get(SETTINGS[group], user.id, token)).body[field]).toEqual((body as Record<string, unknown>)[field]);
    } else {
      expect(fieldOf(res)).toMatch(new RegExp(`^${field}(\\.\\d+)?$`));
    }
  });
});

describe("GET/PUT /api/users/:id/subscription", () => {
  const sub = subscriptionRoute;
  const DAY = 86_400_000;
  const auditsFor = (userId: number) => db().auditEvent.findMany({ where: { target: `user:${userId}` }, orderBy: { id: "asc" } });

  it("lets the owner read their plan, expiry and role", async () => {
    const { user, token } = await createUser();
    const res = await get(sub, user.id, token);
    expect(res.body).toEqual({ plan: "TRIAL", effective_plan: "TRIAL", plan_expires_at: null, role: "USER" });
  });

  it("reports an expired paid plan as effectively TRIAL", async () => {
    const { user, token } = await createUser({ plan: "VIP", planExpiresAt: new Date(Date.now() - 60_000) });
    expect((await get(sub, user.id, token)).body).toMatchObject({ plan: "VIP", effective_plan: "TRIAL" });
  });

  it("refuses PUT by the owner who is not an admin, even on their own account", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    expectError(await put(sub, user.id, token, { plan: "PREMIUM" }), 403, "forbidden");
    expectError(await put(sub, user.id, token, { role: "ADMIN" }), 403, "forbidden");
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { role: true } })).toEqual({ role: "USER" });
    expect(await auditsFor(user.id)).toEqual([]);
  });

  it("upgrades to VIP for 30 days from now when no expiry is given, and writes an audit event", async () => {
    const { user, token } = await createUser();
    const admin = await createAdmin();
    const t0 = Date.now();
    const res = await put(sub, user.id, admin.token, { plan: "VIP" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ plan: "VIP", effective_plan: "VIP", role: "USER" });
    const expires = Date.parse(res.body.plan_expires_at);
    expect(expires).toBeGreaterThanOrEqual(t0 + 30 * DAY - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 30 * DAY + 1000);
    expect((await get(sub, user.id, token)).body).toEqual(res.body);
    const audits = await auditsFor(user.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorId: admin.user.id, action: "user.subscription.update", details: { plan: "VIP" } });
  });

  it("keeps an explicit future expiry, and TRIAL clears the expiry", async () => {
    const { user } = await createUser();
    const admin = await createAdmin();
    const until = new Date(Date.now() + 90 * DAY);
    until.setUTCMilliseconds(0);
    const premium = await put(sub, user.id, admin.token, { plan: "PREMIUM", plan_expires_at: until.toISOString() });
    expect(premium.body).toMatchObject({ plan: "PREMIUM", plan_expires_at: until.toISOString() });
    const trial = await put(sub, user.id, admin.token, { plan: "TRIAL" });
    expect(trial.body).toEqual({ plan: "TRIAL", effective_plan: "TRIAL", plan_expires_at: null, role: "USER" });
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).planExpiresAt).toBeNull();
    expect(await auditsFor(user.id)).toHaveLength(2);
  });

  it.each([
    [{ plan: "VIP", plan_expires_at: new Date(Date.now() - 86_400_000).toISOString() }, "plan_expires_at"],
    [{ plan_expires_at: "2001-01-01T00:00:00Z" }, "plan_expires_at"],
    [{ plan_expires_at: "tomorrow" }, "plan_expires_at"],
    [{ plan_expires_at: "2031-02-30T00:00:00Z" }, "plan_expires_at"],
    [{ plan_expires_at: 1893456000000 }, "plan_expires_at"],
    [{ plan: "GOLD" }, "plan"],
    [{ plan: "vip" }, "plan"],
    [{ plan: null }, "plan"],
    [{ role: "OWNER" }, "role"],
    [{ plan: "VIP", is_active: false }, "is_active"],
  ])("answers 400 for %j naming %s, changing nothing and auditing nothing", async (body, field) => {
    const { user } = await createUser({ plan: "VIP" });
    const admin = await createAdmin();
    const before = await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { plan: true, planExpiresAt: true, role: true } });
    expect(fieldOf(await put(sub, user.id, admin.token, body))).toBe(field);
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { plan: true, planExpiresAt: true, role: true } })).toEqual(before);
    expect(await auditsFor(user.id)).toEqual([]);
  });

  it("does not let an admin remove their own ADMIN role", async () => {
    const admin = await createAdmin();
    const res = await put(sub, admin.user.id, admin.token, { role: "USER", plan: "VIP" });
    expect(fieldOf(res)).toBe("role");
    expect(await db().user.findUniqueOrThrow({ where: { id: admin.user.id }, select: { role: true, plan: true } })).toEqual({ role: "ADMIN", plan: "TRIAL" });
    expect((await put(sub, admin.user.id, admin.token, { plan: "PREMIUM" })).body).toMatchObject({ plan: "PREMIUM", role: "ADMIN" });
  });

  it("lets an admin promote another user, who then has admin access", async () => {
    const { user, token } = await createUser();
    const admin = await createAdmin();
    expect((await put(sub, user.id, admin.token, { role: "ADMIN" })).body.role).toBe("ADMIN");
    expect((await list(token)).status).toBe(200);
    expect((await put(sub, user.id, admin.token, { role: "USER" })).body.role).toBe("USER");
    expectError(await list(token), 403, "forbidden");
  });
});

describe("GET/PUT /api/users/:id/exchanges", () => {
  const ex = exchangesRoute;
  const newKeys = () => ({ api_key: `Key${uniq()}${uniq()}ABCDEF`, api_secret: `Sec${uniq()}${uniq()}${uniq()}XYZ` });
  const WIRE_KEYS = ["account_id", "connected", "exchange", "has_api_key", "hedge_mode", "is_paper", "leverage", "leverage_default", "margin_mode", "message", "mode", "provider", "updated_at", "validated_at"];

  async function dumpExchangeTable(): Promise<string> {
    const rows = await db().$queryRawUnsafe<Record<string, unknown>[]>("SELECT * FROM exchange_connections");
    const json = await db().$queryRawUnsafe<{ row: string }[]>("SELECT row_to_json(t)::text AS row FROM exchange_connections t");
    return JSON.stringify(rows, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) + json.map((r) => r.row).join("\n");
  }

  it("GET answers {connected:false} before anything is saved", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const res = await get(ex, user.id, token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ connected: false });
  });

  it.each([
    ["TRIAL", { plan: "TRIAL" as const }],
    ["VIP", { plan: "VIP" as const }],
    ["an expired PREMIUM", { plan: "PREMIUM" as const, planExpiresAt: new Date(Date.now() - 60_000) }],
  ])("refuses PUT by %s user with 403 upgrade_required PREMIUM and stores nothing", async (_label, overrides) => {
    const { user, token } = await createUser(overrides);
    const res = await put(ex, user.id, token, { mode: "paper", ...newKeys() });
    expectError(res, 403, "upgrade_required");
    expect(res.body.required_plan).toBe("PREMIUM");
    expect(await db().exchangeConnection.count({ where: { userId: user.id } })).toBe(0);
  });

  it("saves settings for PREMIUM, returns no key material and stores the keys encrypted", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const keys = newKeys();
    const res = await put(ex, user.id, token, {
      provider: "binance_futures",
      mode: "binance_testnet",
      leverage_default: 20,
      margin_mode: "CROSSED",
      hedge_mode: true,
      ...keys,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      connected: true,
      provider: "binance_futures",
      mode: "binance_testnet",
      has_api_key: true,
      leverage_default: 20,
      margin_mode: "CROSSED",
      hedge_mode: true,
      validated_at: null,
    });
    expect(Object.keys(res.body).sort()).toEqual(WIRE_KEYS);
    const stored = await db().exchangeConnection.findUniqueOrThrow({ where: { userId: user.id } });
    for (const body of [res.body, (await get(ex, user.id, token)).body]) {
      const text = JSON.stringify(body);
      for (const secret of [keys.api_key, keys.api_secret, stored.apiKeyEnc!, stored.apiSecretEnc!]) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/"api_key"|"api_secret"|_enc"|ciphertext|secret/);
    }

    for (const dump of [await dumpExchangeTable(), await dumpDatabase()]) {
      expect(dump).toContain(stored.apiKeyEnc!);
      expect(dump).not.toContain(keys.api_key);
      expect(dump).not.toContain(keys.api_secret);
      expect(dump).not.toContain(Buffer.from(keys.api_key).toString("base64"));
      expect(dump).not.toContain(Buffer.from(keys.api_secret).toString("base64"));
    }
    expect(stored.apiKeyEnc).toMatch(/^[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+$/);
    expect(stored.secretsKeyId).toMatch(/^[0-9a-f]{16}$/);
    expect(open({ ciphertext: stored.apiKeyEnc!, keyId: stored.secretsKeyId! })).toBe(keys.api_key);
    expect(open({ ciphertext: stored.apiSecretEnc!, keyId: stored.secretsKeyId! })).toBe(keys.api_secret);
  });

  it("keeps the keys across updates that do not send them, and replaces them when new ones come", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const first = newKeys();
    await put(ex, user.id, token, { mode: "binance_testnet", ...first });
    const before = await db().exchangeConnection.findUniqueOrThrow({ where: { userId: user.id } });
    const modeOnly = await put(ex, user.id, token, { mode: "binance_mainnet", leverage_default: 3 });
    expect(modeOnly.body).toMatchObject({ mode: "binance_mainnet", leverage_default: 3, has_api_key: true, margin_mode: "ISOLATED" });
    expect((await db().exchangeConnection.findUniqueOrThrow({ where: { userId: user.id } })).apiKeyEnc).toBe(before.apiKeyEnc);
    const second = newKeys();
    await put(ex, user.id, token, second);
    const after = await db().exchangeConnection.findUniqueOrThrow({ where: { userId: user.id } });
    expect(after.apiKeyEnc).not.toBe(before.apiKeyEnc);
    expect(open({ ciphertext: after.apiKeyEnc!, keyId: after.secretsKeyId! })).toBe(second.api_key);
    expect(await db().exchangeConnection.count({ where: { userId: user.id } })).toBe(1);
  });

  it("saves a paper connection without keys", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const res = await put(ex, user.id, token, { mode: "paper", hedge_mode: false });
    expect(res.body).toMatchObject({ connected: true, mode: "paper", has_api_key: false, leverage_default: 5 });
  });

  it.each([
    [{ api_key: "A".repeat(20) }, "api_secret"],
    [{ api_secret: "B".repeat(20) }, "api_key"],
    [{ mode: "binance_mainnet" }, "api_key"],
    [{ mode: "binance_testnet", leverage_default: 10 }, "api_key"],
    [{ mode: "live" }, "mode"],
    [{ mode: "PAPER" }, "mode"],
    [{ leverage_default: 126 }, "leverage_default"],
    [{ leverage_default: 0 }, "leverage_default"],
    [{ leverage_default: "20" }, "leverage_default"],
    [{ leverage_default: 2.5 }, "leverage_default"],
    [{ margin_mode: "crossing" }, "margin_mode"],
    [{ hedge_mode: "true" }, "hedge_mode"],
    [{ provider: "kraken" }, "provider"],
    [{ api_key: "short", api_secret: "B".repeat(20) }, "api_key"],
    [{ api_key: "A".repeat(20), api_secret: "has spaces in it!!" }, "api_secret"],
    [{ api_key: 1234567890123456, api_secret: "B".repeat(20) }, "api_key"],
    [{ passphrase: "x" }, "passphrase"],
  ])("PREMIUM PUT %j → 400 naming %s, nothing stored", async (body, field) => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    expect(fieldOf(await put(ex, user.id, token, body))).toBe(field);
    expect(await db().exchangeConnection.count({ where: { userId: user.id } })).toBe(0);
  });

  // exchanges/route.ts loads another user's plan with getActiveUser(), which throws INVALID_TOKEN
  // (401) for a disabled account: the admin's own valid session is answered "invalid_token".
  it("an admin editing a disabled PREMIUM user's connection does not get 401 invalid_token", async () => {
    const target = await createUser({ plan: "PREMIUM", isActive: false });
    const admin = await createAdmin();
    expect((await put(riskRoute, target.user.id, admin.token, { leverage: 9 })).status).toBe(200);
    const res = await put(ex, target.user.id, admin.token, { mode: "paper", leverage_default: 9 });
    expect(res.status).not.toBe(401);
    expect(res.body).toMatchObject({ connected: true, leverage_default: 9 });
  });

  it("lets an admin set up a PREMIUM user's connection, but gates on that user's plan", async () => {
    const premium = await createUser({ plan: "PREMIUM" });
    const trial = await createUser();
    const admin = await createAdmin();
    const ok = await put(ex, premium.user.id, admin.token, { mode: "paper", leverage_default: 7 });
    expect(ok.body).toMatchObject({ connected: true, leverage_default: 7 });
    expect((await get(ex, premium.user.id, premium.token)).body).toMatchObject({ connected: true, leverage_default: 7 });
    const gated = await put(ex, trial.user.id, admin.token, { mode: "paper" });
    expect(expectError(gated, 403, "upgrade_required")).toMatchObject({ required_plan: "PREMIUM" });
  });
});

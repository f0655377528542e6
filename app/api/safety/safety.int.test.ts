// The safety and risk routes: kill switch status and admin toggle (audit + alerts), the widget,
// the user's limits (PUT validated, nothing saved on bad input) and the admin's risk events list.
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createUser, uniq } from "@/test/helpers/factories";
import { call, expectError } from "@/test/helpers/http";
import { insertPosition } from "@/test/helpers/positions";
import { setEnv } from "@/test/helpers/signals";
import { badTokens } from "@/test/helpers/tokens";
import { GET as eventsRoute } from "../risk/events/route";
import { GET as getLimits, PUT as putLimits } from "../risk/limits/me/route";
import { GET as statusRoute } from "./status/route";
import { POST as toggleRoute } from "./toggle/route";
import { GET as widgetRoute } from "./widget/route";

afterEach(async () => {
  await db().safetyState.upsert({ where: { id: 1 }, create: { id: 1 }, update: { killSwitch: false, reason: null } });
});

describe("kill switch", () => {
  it("a non-admin cannot toggle it (403)", async () => {
    const { token } = await createUser({ plan: "PREMIUM" });
    expectError(await call(toggleRoute, { method: "POST", token, body: { kill_switch: true } }), 403, "forbidden");
    expect((await db().safetyState.findUnique({ where: { id: 1 } }))?.killSwitch ?? false).toBe(false);
  });

  it("an admin toggle is audited, alerts the admin and VIP chats once, and shows in status and widget", async () => {
    setEnv({ ADMIN_CHAT_ID: "-100111", VIP_CHAT_ID: "-100222" });
    const { user: admin, token } = await createUser({ role: "ADMIN" });
    const on = await call(toggleRoute, { method: "POST", token, body: { kill_switch: true, reason: "exchange outage" } });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ kill_switch: true, reason: "exchange outage", max_dd_limit: 35 });
    const again = await call(toggleRoute, { method: "POST", token, body: { kill_switch: true } });
    expect(again.body).toMatchObject({ kill_switch: true, reason: "exchange outage" });
    expect(await db().auditEvent.findMany({ where: { actorId: admin.id }, select: { action: true } })).toEqual([{ action: "safety.kill_switch.on" }]);
    const alerts = await db().outboxMessage.findMany({ where: { kind: "kill_switch", target: { in: ["-100111", "-100222"] } }, select: { target: true, body: true }, orderBy: { target: "asc" } });
    expect(alerts).toEqual([
      { target: "-100111", body: "🚨 GLOBAL HALT ENABLED\nReason: exchange outage" },
      { target: "-100222", body: "🚨 GLOBAL HALT ENABLED\nReason: exchange outage" },
    ]);
    const { token: userToken } = await createUser();
    expect((await call(statusRoute, { token: userToken })).body).toMatchObject({ kill_switch: true, drawdown_24h_pct: expect.stringMatching(/^\d+(\.\d+)?$/), jobs: expect.any(Array) });
    const widget = await call(widgetRoute, { token: userToken });
    expect(Object.keys(widget.body).sort()).toEqual(["blocks", "kill_switch", "max_dd_limit", "timestamp", "today_dd_pct", "today_trades"]);
    expect(widget.body).toMatchObject({ kill_switch: true, max_dd_limit: 35 });
    const off = await call(toggleRoute, { method: "POST", token, body: { kill_switch: false } });
    expect(off.body).toMatchObject({ kill_switch: false });
    expect(await db().auditEvent.count({ where: { actorId: admin.id } })).toBe(2);
  });
});

describe("status and widget without a token (SEED 9.1, 9.6)", () => {
  it("anyone reads the platform-wide figures; who switched it and why, and the jobs' errors, only admins", async () => {
    const { token: adminToken } = await createUser({ role: "ADMIN" });
    await call(toggleRoute, { method: "POST", token: adminToken, body: { kill_switch: true, reason: "exchange outage" } });
    // A job row of this test's own (on PGlite every file shares the database): removed below.
    const job = `test-job-${uniq()}`;
    await db().jobRun.create({ data: { name: job, lastRunAt: new Date(), lastStatus: "error", lastError: "connect ECONNREFUSED 10.0.0.9:443" } });
    const { token: userToken } = await createUser();
    for (const token of [undefined, userToken]) {
      const status = await call(statusRoute, { token });
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({ kill_switch: true, max_dd_limit: 35, drawdown_24h_pct: expect.any(String), jobs: expect.any(Array) });
      expect(status.body).not.toHaveProperty("reason");
      expect(status.body).not.toHaveProperty("changed_by");
      expect(JSON.stringify(status.body)).not.toMatch(/exchange outage|ECONNREFUSED|last_error/);
      const widget = await call(widgetRoute, { token });
      expect(widget.status).toBe(200);
      expect(widget.body).toMatchObject({ kill_switch: true, max_dd_limit: 35 });
    }
    const full = await call(statusRoute, { token: adminToken });
    expect(full.body).toMatchObject({ kill_switch: true, reason: "exchange outage", changed_by: expect.any(Number), changed_by_kind: "admin" });
    expect(full.body.jobs).toContainEqual(expect.objectContaining({ name: job, last_error: "connect ECONNREFUSED 10.0.0.9:443" }));
    await db().jobRun.delete({ where: { name: job } });
  });

  it("a token that is sent must be valid: forged or expired → 401", async () => {
    const { user } = await createUser();
    for (const token of Object.values(await badTokens(user))) expectError(await call(statusRoute, { token }), 401);
  });
});

describe("GET/PUT /api/risk/limits/me", () => {
  it("takes the runbook's body as written (SEED 9.3: cooldown_minutes_after_loss)", async () => {
    const { user, token } = await createUser();
    const body = { max_daily_trades: 1, max_concurrent_trades: 1, per_symbol_limit: 1, max_account_exposure_pct: 10, cooldown_minutes_after_loss: 30 };
    const res = await call(putLimits, { method: "PUT", token, body });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ max_daily_trades: 1, max_concurrent_trades: 1, per_symbol_limit: 1, max_account_exposure_pct: "10", cooldown_minutes: 30 });
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { cooldownMinutes: true } })).toEqual({ cooldownMinutes: 30 });
    expect(expectError(await call(putLimits, { method: "PUT", token, body: { cooldown_minutes_after_los: 30 } }), 400).field).toBe("cooldown_minutes_after_los");
  });

  it("shows the settings with the current exposure, open trades and today's count", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    await insertPosition(user.id, { margin: "30" });
    const res = await call(getLimits, { token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ max_concurrent_trades: 5, max_daily_trades: 50, max_account_exposure_pct: "80", per_symbol_limit: 5, cooldown_minutes: 15, daily_loss_limit_pct: "25", current: { open_trades: 1, exposure_usdt: "30", today_trades: 1, today_pnl_pct: "0" } });
  });

  it("saves valid limits", async () => {
    const { user, token } = await createUser();
    const res = await call(putLimits, { method: "PUT", token, body: { max_concurrent_trades: 3, cooldown_minutes: 0, reduce_to_fit_exposure: true } });
    expect(res.body).toMatchObject({ max_concurrent_trades: 3, cooldown_minutes: 0, reduce_to_fit_exposure: true });
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { maxConcurrentTrades: true } })).toEqual({ maxConcurrentTrades: 3 });
  });

  it.each([
    ["max_concurrent_trades", -1],
    ["max_concurrent_trades", 51],
    ["max_daily_trades", "10"],
    ["daily_loss_limit_pct", 100.5],
    ["max_account_exposure_pct", "NaN"],
    ["cooldown_minutes", 1.5],
  ])("%s = %j → 400 naming the field, nothing saved", async (field, value) => {
    const { user, token } = await createUser();
    const before = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    const res = await call(putLimits, { method: "PUT", token, body: { per_symbol_limit: 2, [field]: value } });
    expect(expectError(res, 400).field).toBe(field);
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id } })).toEqual(before);
  });
});

describe("GET /api/risk/events (admin)", () => {
  it("lists events newest first since a time, paginated; 403 for a user", async () => {
    const { user } = await createUser();
    // An hour ahead: no other test's event falls in the window (PGlite shares one database).
    const t0 = new Date(Date.now() + 3_600_000);
    await db().riskEvent.createMany({ data: [1, 2, 3].map((i) => ({ userId: user.id, kind: "max_concurrent_trades", symbol: "BTCUSDT", reason: `r${i}`, createdAt: new Date(t0.getTime() + i * 1000) })) });
    const { token } = await createUser({ role: "ADMIN" });
    const since = encodeURIComponent(new Date(t0.getTime() + 1500).toISOString());
    const page1 = await call(eventsRoute, { token, path: `/api/risk/events?since=${since}&limit=1` });
    expect(page1.body).toMatchObject({ total: 2, page: 1, limit: 1, events: [{ user_id: user.id, kind: "max_concurrent_trades", symbol: "BTCUSDT", reason: "r3" }] });
    const page2 = await call(eventsRoute, { token, path: `/api/risk/events?since=${since}&limit=1&page=2` });
    expect(page2.body.events.map((e: { reason: string }) => e.reason)).toEqual(["r2"]);
    expectError(await call(eventsRoute, { token, path: "/api/risk/events?since=yesterday" }), 400, "invalid_input");
    const { token: userToken } = await createUser();
    expectError(await call(eventsRoute, { token: userToken }), 403);
  });
});

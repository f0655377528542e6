// The daily report: figures checked by hand on a small fixed dataset on a day of its own (a random
// UTC day in 1975–2009, so no other test file's rows fall in it), the day's edges at 23:59:59.999
// and 00:00:00.000, idempotence (the job twice, the job and an admin's POST), the outbox texts, who
// sees what through GET /api/reports/daily, and bad input.
import { randomInt } from "node:crypto";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as route from "@/app/api/reports/daily/route";
import { db } from "@/server/db/client";
import { createAdmin, createUser } from "@/test/helpers/factories";
import { call, expectError } from "@/test/helpers/http";
import { insertPosition } from "@/test/helpers/positions";
import { recordJobEvents, setEnv, uniqueChatId, uniqueSymbol } from "@/test/helpers/signals";
import { generateDailyReport, runDailyReportJob } from "./daily-report";

const DAY = new Date(Date.UTC(1975 + randomInt(0, 35), randomInt(0, 12), randomInt(1, 29)));
const date = DAY.toISOString().slice(0, 10);
const at = (ms: number) => new Date(DAY.getTime() + ms);
const H = 3_600_000;
const NEXT = 24 * H;
const chats = { vip: uniqueChatId(), trial: uniqueChatId() };

let admin: Awaited<ReturnType<typeof createAdmin>>;
let best: string;

async function signal(symbol: string, createdAt: Date, status: "HIT_TP" | "HIT_SL" | "CANCELLED" | "OPEN", profit: string, closedAt: Date | null) {
  const s = await db().signal.create({
    data: { symbol, direction: "LONG", entryLow: "100", entryHigh: "100", targets: ["103"], stopLoss: "98", source: "ADMIN", status, realizedProfitPct: profit, createdAt, closedAt },
    select: { id: true },
  });
  return s.id;
}

beforeAll(async () => {
  admin = await createAdmin();
  const { user } = await createUser({ plan: "PREMIUM" });
  best = await signal(uniqueSymbol(), at(0), "HIT_TP", "3", at(10 * H)); // created at 00:00:00.000: in the day
  const worst = await signal(uniqueSymbol(), at(8 * H), "HIT_SL", "-2", at(NEXT - 1)); // closed at 23:59:59.999: in the day
  await signal(uniqueSymbol(), at(12 * H), "HIT_TP", "9", at(NEXT)); // closed at 00:00:00.000 the next day: not in it
  await signal(uniqueSymbol(), at(-1), "CANCELLED", "0", at(H)); // created the day before, closed in the day
  await db().signalEvent.createMany({
    data: [
      { signalId: best, type: "TP_HIT", targetIndex: 1, dedupeKey: "t1", createdAt: at(5 * H) },
      { signalId: best, type: "ALL_TP", dedupeKey: "all", createdAt: at(10 * H) },
      { signalId: worst, type: "SL_HIT", dedupeKey: "sl", createdAt: at(NEXT - 1) },
    ],
  });
  const closed = (mode: "PAPER" | "BINANCE_TESTNET", pnl: string, closedAt: Date) =>
    insertPosition(user.id, { mode, status: "CLOSED", remainingQty: "0", realizedPnl: pnl, closedAt, openedAt: at(0) });
  await closed("PAPER", "10", at(2 * H));
  await closed("PAPER", "-4", at(NEXT - 1));
  await closed("BINANCE_TESTNET", "2.5", at(3 * H));
  await closed("PAPER", "100", at(NEXT)); // the next day
  await db().riskEvent.createMany({
    data: [
      { userId: user.id, kind: "USER_BLOCKED", rule: "max_concurrent_trades", reason: "t", createdAt: at(H) },
      { userId: user.id, kind: "USER_BLOCKED", rule: "max_concurrent_trades", reason: "t", createdAt: at(2 * H) },
      { userId: user.id, kind: "USER_BLOCKED", rule: "cooldown", reason: "t", createdAt: at(NEXT - 1) },
      { userId: user.id, kind: "USER_BLOCKED", rule: "cooldown", reason: "t", createdAt: at(NEXT) },
    ],
  });
});

beforeEach(() => {
  setEnv({ VIP_CHAT_ID: chats.vip, TRIAL_CHAT_ID: chats.trial });
  recordJobEvents();
});

const outbox = () => db().outboxMessage.findMany({ where: { kind: "daily_report", target: { in: [chats.vip, chats.trial] } }, select: { target: true, body: true } });

describe("the daily report", () => {
  it("computes the UTC day by hand, stores it once and posts it once to each group (the job twice, then an admin's POST)", async () => {
    expect(await runDailyReportJob(at(NEXT + 60_000))).toEqual({ date, created: true });
    expect(await runDailyReportJob(at(NEXT + 2 * H))).toEqual({ date, created: false });
    const posted = await call(route.POST, { method: "POST", path: "/api/reports/daily", token: admin.token, body: { date } });
    expect(posted.status).toBe(200);
    expect(posted.body.created).toBe(false);
    expect(await db().dailyReport.count({ where: { day: DAY } })).toBe(1);

    const r = posted.body.report;
    expect(r.signals).toEqual({
      calls: 3,
      targets_hit: 2,
      stop_losses: 1,
      closed: 3,
      wins: 1,
      losses: 1,
      win_rate: "33.33",
      average_profit_pct: "0.33",
      total_profit_pct: "1.00",
      best: { id: best, symbol: expect.any(String), direction: "LONG", profit_pct: "3.00" },
      worst: expect.objectContaining({ profit_pct: "-2.00" }),
    });
    expect(r.auto_trader).toEqual({
      trades: 3,
      wins: 2,
      losses: 1,
      realized_pnl_usdt: "8.50",
      paper: { trades: 2, wins: 1, losses: 1, realized_pnl_usdt: "6.00" },
      live: { trades: 1, wins: 1, losses: 0, realized_pnl_usdt: "2.50" },
    });
    expect(r.safety).toMatchObject({ blocked_trades: 3, blocked_by_rule: { max_concurrent_trades: 2, cooldown: 1 }, kill_switch: expect.any(Boolean) });

    const messages = await outbox();
    expect(messages).toHaveLength(2);
    const vip = messages.find((m) => m.target === chats.vip)!.body;
    const trial = messages.find((m) => m.target === chats.trial)!.body;
    expect(vip).toContain(`📅 DAILY REPORT — ${date} (UTC)`);
    expect(vip).toContain("✅ Wins: 1 · ❌ Losses: 1");
    expect(vip).toContain("📊 Win rate: 33.33%");
    expect(vip).toContain("💰 Average profit: +0.33% · Total: +1.00%");
    expect(vip).toContain("🤖 Auto-trader: 3 trades · 2 wins · 1 losses · P&L +8.50 USDT (paper +6.00, live +2.50)");
    expect(vip).toContain("blocked trades 3 (max_concurrent_trades 2, cooldown 1)");
    expect(trial).toContain("📊 Win rate: 33.33%");
    expect(trial).not.toContain("Auto-trader");
  });

  it("a day without data is a report of zeros with no win rate", async () => {
    const empty = new Date(DAY.getTime() - 400 * NEXT).toISOString().slice(0, 10);
    const res = await generateDailyReport(empty, new Date());
    expect(res.report.signals).toMatchObject({ calls: 0, closed: 0, win_rate: null, average_profit_pct: null, total_profit_pct: "0.00", best: null });
    expect(res.report.auto_trader).toMatchObject({ trades: 0, realized_pnl_usdt: "0.00" });
  });

  it("GET /api/reports/daily: a paid plan sees all of it, TRIAL the results part, ?date= one day", async () => {
    const vip = await createUser({ plan: "VIP" });
    const full = await call(route.GET, { path: `/api/reports/daily?date=${date}`, token: vip.token });
    expect(full.status).toBe(200);
    expect(full.body.view).toBe("full");
    expect(full.body.reports).toHaveLength(1);
    expect(full.body.reports[0]).toMatchObject({ date, signals: { calls: 3 }, auto_trader: { trades: 3 }, safety: { blocked_trades: 3 } });

    const trial = await createUser();
    const teaser = await call(route.GET, { path: `/api/reports/daily?date=${date}`, token: trial.token });
    expect(teaser.body.view).toBe("results");
    expect(teaser.body.reports[0].signals.wins).toBe(1);
    expect(teaser.body.reports[0].auto_trader).toBeUndefined();
    expect(teaser.body.reports[0].safety).toBeUndefined();

    const list = await call(route.GET, { path: "/api/reports/daily?limit=366", token: admin.token });
    expect(list.body.reports.map((r: { date: string }) => r.date)).toContain(date);
  });

  it("bad input and the wrong caller get a 4xx {error, message}; nothing is stored", async () => {
    const user = await createUser({ plan: "VIP" });
    expectError(await call(route.GET, { path: "/api/reports/daily" }), 401);
    expect(expectError(await call(route.GET, { path: "/api/reports/daily?date=2026-13-01", token: user.token }), 400).message).toContain("date");
    expect(expectError(await call(route.GET, { path: "/api/reports/daily?limit=0", token: user.token }), 400).message).toContain("limit");
    expectError(await call(route.GET, { path: "/api/reports/daily?date=1999-01-01", token: user.token }), 404, "not_found");
    expectError(await call(route.POST, { method: "POST", path: "/api/reports/daily", token: user.token, body: {} }), 403);
    const today = new Date().toISOString().slice(0, 10);
    expect(expectError(await call(route.POST, { method: "POST", path: "/api/reports/daily", token: admin.token, body: { date: today } }), 400).message).toContain("not over");
    expectError(await call(route.POST, { method: "POST", path: "/api/reports/daily", token: admin.token, body: { date: "2999-01-01" } }), 400);
    expectError(await call(route.POST, { method: "POST", path: "/api/reports/daily?date=yesterday", token: admin.token }), 400);
    // A body without a date leaves the choice to ?date= (requestedReportDay).
    expectError(await call(route.POST, { method: "POST", path: `/api/reports/daily?date=${today}`, token: admin.token, body: {} }), 400);
    expectError(await call(route.POST, { method: "POST", path: "/api/reports/daily", token: admin.token, body: "{not json" }), 400);
    expectError(await call(route.POST, { method: "POST", path: "/api/reports/daily", token: admin.token, body: { date: 20260101 } }), 400);
    // Other files may store today's report meanwhile (PGlite runs them side by side): no day after now is stored.
    expect(await db().dailyReport.count({ where: { day: { gt: new Date() } } })).toBe(0);
  });
});

// The uptime monitor on a real database, with a clock each test moves (never the wall clock's
// minutes): a part going down posts ONE alert, staying down posts nothing, coming back posts ONE
// recovery with how long it was down — delivered to the admin chat by the real outbox deliverer and
// grammy against the fake Bot API. Each part's check (payment chain against the fake TronGrid, job
// lag, a stalled Telegram queue, the price feed, an unreachable database); two monitors at once; the
// job registered and listed by /api/safety/status; uptime over 24 h / 7 d in /api/health's admin
// detail and in the daily report.
import { randomInt } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { jobs } from "@/inngest/functions";
import { uptimeMonitor } from "@/inngest/functions/uptime-monitor";
import { GET as health } from "@/app/api/health/route";
import { GET as safetyStatus } from "@/app/api/safety/status/route";
import { db } from "@/server/db/client";
import { createInProcessRunner } from "@/server/jobs/in-process";
import { deliverOutboxOnce, type TSend } from "@/server/notifications/deliver-outbox";
import { enqueueOutbox } from "@/server/notifications/outbox";
import { generateDailyReport } from "@/server/reports/daily-report";
import { createTelegramSender } from "@/server/telegram/sender";
import { recordPriceFeedStatus } from "@/server/trading/market-data";
import { startFakeTelegram, type TFakeTelegram } from "@/test/fakes/telegram";
import { FAKE_RECEIVING_ADDRESS, startFakeTronGrid, type TFakeTronGrid } from "@/test/fakes/trongrid";
import { createAdmin, createUser } from "@/test/helpers/factories";
import { call, expectError } from "@/test/helpers/http";
import { recordJobEvents, setEnv, uniqueChatId } from "@/test/helpers/signals";
import { partUptimes } from "./uptime";
import { resetUptimeMonitorMemory, runUptimeMonitor } from "./uptime-monitor";

const MIN = 60_000;
const DAY = 86_400_000;
let tg: TFakeTelegram;
let tron: TFakeTronGrid;
let adminChat: string;

/**
 * A clock of this test's own, starting now (the outbox stamps its rows with the database's clock,
 * which the Telegram check compares with the monitor's).
 */
function clockAt(base = Date.now()) {
  return (minutes: number) => new Date(base + minutes * MIN);
}

/** The other parts up at `at`: a heartbeat job run and a price-feed answer then. */
async function othersUp(at: Date) {
  await heartbeatAt(at);
  await recordPriceFeedStatus(true, null, at);
}
const heartbeatAt = (at: Date) =>
  db().jobRun.upsert({ where: { name: "heartbeat" }, create: { name: "heartbeat", lastRunAt: at, lastStatus: "ok", runCount: 1 }, update: { lastRunAt: at } });
/** What the admin chat shows: the fake Bot API keeps the HTML as sent. */
const shown = () => tg.sentTo(adminChat).map((m) => m.text.replace(/<[^>]+>/g, ""));

const sender = (): TSend => {
  const s = createTelegramSender({ token: tg.token, apiRoot: tg.apiRoot });
  return (chatId, html) => s.sendMessage(chatId, html);
};
/** Delivers everything queued (1.1 s apart in a clock of its own, as the outbox test does). */
async function deliverAll() {
  let t = Date.now() + 60 * MIN;
  for (let i = 0; i < 50 && (await db().outboxMessage.count({ where: { status: "PENDING" } })) > 0; i++) {
    t += 1100;
    const now = new Date(t);
    await deliverOutboxOnce(sender(), { now: () => now, sleep: async () => undefined });
  }
}
/** One monitor run, then the deliverer's (as the platform runs them): Telegram stays up. */
async function run(options: Parameters<typeof runUptimeMonitor>[0]) {
  const report = await runUptimeMonitor(options);
  await deliverAll();
  return report;
}
const adminTexts = (kind = "uptime") =>
  db()
    .outboxMessage.findMany({ where: { target: adminChat, kind }, orderBy: { id: "asc" }, select: { body: true } })
    .then((rows) => rows.map((r) => r.body));

beforeEach(async () => {
  tg = await startFakeTelegram();
  tron = await startFakeTronGrid();
  adminChat = uniqueChatId();
  setEnv({ TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot, ADMIN_CHAT_ID: adminChat, TRIAL_CHAT_ID: uniqueChatId(), VIP_CHAT_ID: uniqueChatId(), USDT_TRC20_ADDRESS: FAKE_RECEIVING_ADDRESS, TRON_API_URL: tron.apiUrl });
  recordJobEvents();
  resetUptimeMonitorMemory();
  await db().uptimeOutage.deleteMany();
  await db().uptimePart.deleteMany();
  await db().outboxMessage.deleteMany({ where: { OR: [{ status: "PENDING" }, { dedupeKey: { startsWith: "uptime:heartbeat:" } }] } });
});

afterEach(async () => {
  await db().outboxMessage.deleteMany({ where: { target: adminChat, status: "PENDING" } });
  await tg.close();
  await tron.close();
});

describe("uptime monitor", () => {
  it("posts one alert when a part goes down, nothing while it stays down, one recovery with the downtime", async () => {
    const t = clockAt();
    await othersUp(t(5));
    expect((await run({ now: t(0) })).changes).toEqual([]); // first look, all up: silent
    expect((await run({ now: t(0) })).checks.map((c) => [c.part, c.status])).toEqual([
      ["database", "up"],
      ["jobs", "up"],
      ["telegram", "up"],
      ["price_feed", "up"],
      ["payment_chain", "up"],
    ]);

    tron.goDown();
    expect((await run({ now: t(1) })).changes).toEqual([{ part: "payment_chain", to: "down" }]);
    expect((await run({ now: t(2) })).changes).toEqual([]);
    expect((await run({ now: t(3) })).changes).toEqual([]);
    tron.comeBack();
    expect((await run({ now: t(5) })).changes).toEqual([{ part: "payment_chain", to: "up", down_ms: 4 * MIN }]);
    expect((await run({ now: t(6) })).changes).toEqual([]);

    const outages = await db().uptimeOutage.findMany();
    expect(outages.map((o) => [o.part, o.startedAt, o.endedAt])).toEqual([["payment_chain", t(1), t(5)]]);
    expect((await partUptimes({ w: { from: t(0), to: t(5) } })).payment_chain.w).toEqual({ pct: "20.00", down_ms: 4 * MIN, outages: 1 });

    await deliverAll();
    const stamp = (d: Date) => d.toISOString().replace("T", " ").slice(0, 19);
    const texts = shown().filter((x) => !x.startsWith("💓"));
    expect(texts).toHaveLength(2);
    expect(texts[0]).toMatch(new RegExp(`^🔴 DOWN: Payment chain API \\(TronGrid\\)\\n.+\\nSince ${stamp(t(1))} UTC$`));
    expect(texts[1]).toBe(`🟢 BACK UP: Payment chain API (TronGrid) after 4 min\nDown from ${stamp(t(1))} to ${stamp(t(5))} UTC`);
    // The day's heartbeat, once however many runs (twice when this test's minutes cross midnight).
    const beats = shown().filter((x) => x.startsWith("💓"));
    const days = [...new Set([0, 1, 2, 3, 5, 6].map((m) => t(m).toISOString().slice(0, 10)))];
    expect(beats.map((b) => /Monitor heartbeat — (\d{4}-\d{2}-\d{2})/.exec(b)?.[1])).toEqual(days);
    expect(beats[0]).toContain("🟢 Database: up");
  });

  it("two monitors at once open one outage and post one alert", async () => {
    const t = clockAt();
    await othersUp(t(0));
    await run({ now: t(0) });
    tron.failNext(10, 503);
    const runs = await Promise.all([runUptimeMonitor({ now: t(1) }), runUptimeMonitor({ now: t(1) })]);
    expect(runs.flatMap((r) => r.changes)).toEqual([{ part: "payment_chain", to: "down" }]);
    expect(await db().uptimeOutage.count({ where: { part: "payment_chain", endedAt: null } })).toBe(1);
    expect(await adminTexts()).toEqual([expect.stringContaining("HTTP 503")]);
  });

  it("the job engine is down when the every-minute heartbeat job has not run for 5 minutes", async () => {
    const t = clockAt();
    await othersUp(t(0));
    await run({ now: t(0) });
    expect((await run({ now: t(5) })).changes).toEqual([]); // exactly 5 min: not yet
    const down = await run({ now: t(6) });
    expect(down.changes).toEqual([{ part: "jobs", to: "down" }]);
    expect(down.checks.find((c) => c.part === "jobs")?.detail).toBe("the every-minute heartbeat job last ran 6 min ago");
    await othersUp(t(8));
    expect((await run({ now: t(8) })).changes).toEqual([{ part: "jobs", to: "up", down_ms: 2 * MIN }]);
    expect(await adminTexts()).toEqual([expect.stringMatching(/^🔴 <b>DOWN: Job engine<\/b>\nthe every-minute heartbeat job last ran 6 min ago/), expect.stringMatching(/^🟢 <b>BACK UP: Job engine<\/b> after 2 min/)]);
  });

  it("the price feed is down as the trading jobs last found it, and says nothing once that is stale", async () => {
    const t = clockAt();
    await othersUp(t(0));
    await run({ now: t(0) });
    await recordPriceFeedStatus(false, "Binance unavailable: HTTP 502", t(1));
    const down = await run({ now: t(1) });
    expect(down.changes).toEqual([{ part: "price_feed", to: "down" }]);
    expect(await adminTexts()).toEqual([expect.stringContaining("Binance unavailable: HTTP 502")]);
    await heartbeatAt(t(31));
    const stale = await run({ now: t(31) }); // last asked 11 min ago: off, the state stays
    expect(stale.checks.find((c) => c.part === "price_feed")?.status).toBe("off");
    expect(stale.changes).toEqual([]);
    await recordPriceFeedStatus(true, null, t(32));
    expect((await run({ now: t(32) })).changes).toEqual([{ part: "price_feed", to: "up", down_ms: 31 * MIN }]);
  });

  it("Telegram is down when the oldest waiting message's queue delivered nothing for 10 minutes; its alerts arrive once it is back", async () => {
    const now = Date.now();
    const t = (m: number) => new Date(now + m * MIN);
    await othersUp(t(20));
    await runUptimeMonitor({ now: t(0) });
    tg.goDown();
    await db().$transaction((tx) => enqueueOutbox(tx, [{ audience: "admin", kind: "test", body: "hello", dedupeKey: `uptime-test:${now}` }]));
    await deliverOutboxOnce(sender(), { now: () => t(0), sleep: async () => undefined }); // fails: Telegram unreachable
    expect((await runUptimeMonitor({ now: t(9) })).changes).toEqual([]);
    const down = await runUptimeMonitor({ now: t(11) });
    expect(down.changes).toEqual([{ part: "telegram", to: "down" }]);
    expect(down.checks.find((c) => c.part === "telegram")?.detail).toMatch(/message\(s\) waiting, the oldest for 1[01] min, none delivered/);
    tg.comeBack();
    await deliverAll();
    await othersUp(t(70));
    expect((await runUptimeMonitor({ now: t(70) })).changes).toEqual([{ part: "telegram", to: "up", down_ms: 59 * MIN }]);
    await deliverAll();
    const texts = shown();
    expect(texts.filter((x) => x.startsWith("🔴 DOWN: Telegram delivery"))).toHaveLength(1);
    expect(texts.filter((x) => x.startsWith("🟢 BACK UP: Telegram delivery after 59 min"))).toHaveLength(1);
  });

  it("an unreachable database is remembered and posted as one message when it answers again", async () => {
    const t = clockAt();
    await othersUp(t(0));
    await run({ now: t(0) });
    const dbDown = async () => [{ part: "database" as const, status: "down" as const, detail: "connect ECONNREFUSED 127.0.0.1:5432" }];
    expect((await run({ now: t(1), checks: dbDown })).changes).toEqual([{ part: "database", to: "down" }]);
    expect((await run({ now: t(2), checks: dbDown })).changes).toEqual([]);
    expect(await db().uptimeOutage.count()).toBe(0); // nothing could be stored meanwhile
    await othersUp(t(4));
    expect((await run({ now: t(4) })).changes).toEqual([{ part: "database", to: "up", down_ms: 3 * MIN }]);
    expect((await run({ now: t(5) })).changes).toEqual([]);
    expect(await adminTexts()).toEqual([expect.stringMatching(/^🔴→🟢 <b>Database was unreachable<\/b> for 3 min\nconnect ECONNREFUSED 127\.0\.0\.1:5432\nFrom /)]);
    expect((await db().uptimeOutage.findMany()).map((o) => [o.part, o.startedAt, o.endedAt])).toEqual([["database", t(1), t(4)]]);
  });

  it("runs as the registered job and shows in /api/safety/status's job list", async () => {
    expect(jobs.map((j) => j.id)).toContain("uptime-monitor");
    expect(uptimeMonitor.triggers).toEqual([{ cron: "* * * * *" }]);
    const runner = createInProcessRunner(jobs);
    try {
      const result = (await runner.run(uptimeMonitor, { name: "inngest/scheduled.timer", data: {} })) as { down: string[] };
      expect(result.down).toEqual(expect.any(Array));
    } finally {
      await runner.stop();
    }
    const res = await call(safetyStatus, { path: "/api/safety/status" });
    expect(res.status).toBe(200);
    expect((res.body.jobs as { name: string; last_status: string }[]).find((j) => j.name === "uptime-monitor")).toMatchObject({ last_status: "ok" });
  });
});

describe("uptime in /api/health and the daily report", () => {
  async function outage(part: string, firstCheckedAt: Date, startedAt: Date, endedAt: Date | null) {
    await db().uptimePart.upsert({
      where: { part },
      create: { part, status: endedAt ? "up" : "down", since: endedAt ?? startedAt, checkedAt: endedAt ?? startedAt, firstCheckedAt },
      update: {},
    });
    await db().uptimeOutage.create({ data: { part, startedAt, endedAt } });
  }

  it("an admin sees each part's uptime over 24 h and 7 d; anyone else the parts only; a bad token is a 401", async () => {
    const now = Date.now();
    await outage("payment_chain", new Date(now - 2 * DAY), new Date(now - 3 * 3_600_000), new Date(now - 3 * 3_600_000 + 48 * MIN));
    const { token } = await createAdmin();
    const res = await call(health, { path: "/api/health", token });
    expect(res.status).toBe(200);
    const parts = (res.body.uptime as { parts: Record<string, unknown>[] }).parts;
    expect(parts.map((p) => p.part)).toEqual(["database", "jobs", "telegram", "price_feed", "payment_chain"]);
    const chain = parts.find((p) => p.part === "payment_chain")!;
    expect(chain).toMatchObject({ status: "up", outages_7d: 1, label: "Payment chain API (TronGrid)" });
    // 48 of the last 1,440 minutes; 48 of the 2,880 minutes since the monitor first looked.
    expect(Number(chain.uptime_24h_pct)).toBeCloseTo(96.67, 1);
    expect(Number(chain.uptime_7d_pct)).toBeCloseTo(98.33, 1);
    expect(parts.find((p) => p.part === "database")).toMatchObject({ status: "unknown", uptime_24h_pct: null });

    const anonymous = await call(health, { path: "/api/health" });
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.uptime).toBeUndefined();
    const user = await createUser();
    expect((await call(health, { path: "/api/health", token: user.token })).body.uptime).toBeUndefined();
    expectError(await call(health, { path: "/api/health", token: "not-a-token" }), 401);
  });

  it("the daily report carries each part's uptime for its day and the 7 days to its end", async () => {
    const day = Date.UTC(1960 + randomInt(0, 10), randomInt(0, 12), randomInt(1, 28));
    await outage("payment_chain", new Date(day - 10 * DAY), new Date(day + 5 * 3_600_000), new Date(day + 5 * 3_600_000 + 72 * MIN));
    const date = new Date(day).toISOString().slice(0, 10);
    const result = await generateDailyReport(date, new Date(day + DAY + 3_600_000));
    expect(result.report.uptime?.payment_chain).toEqual({ day_pct: "95.00", week_pct: "99.29", outages: 1 });
    expect(result.report.uptime?.database).toEqual({ day_pct: null, week_pct: null, outages: 0 });
    const [vip] = await db().outboxMessage.findMany({ where: { dedupeKey: { startsWith: `daily-report:${date}:vip` } }, select: { body: true } });
    expect(vip?.body).toContain("🖥 Uptime (day / 7 d): Payment chain API (TronGrid) 95.00% / 99.29%");
  });
});

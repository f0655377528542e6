// Several app processes on one PostgreSQL, in the in-process job mode (SPEC §12; issue 18 "More
// than one app process"): every process runs every cron, so each cron's effect must happen once
// however many processes run it at the same moment. Real Node processes (test/workers/app-process.ts,
// the platform's own job list and runner) fire the same cron at the same instant, 2 and then 3 of
// them, against a fresh database of this file; Telegram, TronGrid and Binance are the local fakes,
// reached by their base URLs. Each scenario checks the effect in the database and in what the fake
// Telegram received after the processes' own deliverers (also racing) have sent the outbox.
//
// Skipped on PGlite: the embedded database serves one session, so the processes would take turns
// and the race under test would never happen.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { resetEnvForTests } from "@/server/env";
import { signalCreated } from "@/server/jobs/catalog";
import { setEventDispatcher } from "@/server/jobs/events";
import { initiatePayment } from "@/server/payments/initiate-payment";
import { createInvoice } from "@/server/payments/invoices";
import { openPaperCopies, prepareSignalCopy } from "@/server/trading/auto-trade";
import { startFakeBinance, type TFakeBinance } from "@/test/fakes/binance";
import { startFakeTelegram, type TFakeTelegram } from "@/test/fakes/telegram";
import { FAKE_RECEIVING_ADDRESS, startFakeTronGrid, type TFakeTronGrid } from "@/test/fakes/trongrid";
import { startAppProcess as startWorker, stopAppProcesses, type TAppProcess as TWorker } from "@/test/helpers/app-process";
import { createUser } from "@/test/helpers/factories";
import { anonymousSubmitter } from "@/test/helpers/payments";
import { insertPosition } from "@/test/helpers/positions";
import { uniqueChatId } from "@/test/helpers/signals";
import { createTrader, long100, storeSignal } from "@/test/helpers/trading";

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
// Three Node processes compile the server with tsx before anything races: slow on a busy machine.
const START_MS = 240_000;
const SCENARIO_MS = 120_000;
const embedded = process.env.DATABASE_EMBEDDED === "1";

// Symbols of the fake Binance priced at 100, one per scenario and process count, so no scenario's
// positions are crossed by another's price moves.
const SYMBOLS = ["FANA", "FANB", "MONA", "MONB"].map((base) => ({
  symbol: `${base}USDT`, base, price: "100.00", tickSize: "0.01", stepSize: "0.001", minQty: "0.001", maxQty: "100000", marketMaxQty: "100000", minNotional: "5", maxLeverage: 75,
}));

let workers: TWorker[] = [];
let telegram: TFakeTelegram;
let tron: TFakeTronGrid;
let binance: TFakeBinance;
const chats = { vip: uniqueChatId(), trial: uniqueChatId(), admin: uniqueChatId() };

/** The first `n` processes run `job` (its cron trigger, or `event`) starting at the same instant. */
async function fire<T = Record<string, unknown>>(n: number, job: string, event?: Record<string, unknown>): Promise<T[]> {
  const at = Date.now() + 300;
  return (await Promise.all(workers.slice(0, n).map((w) => w.request({ job, at, event })))) as T[];
}

/** Waits until the outbox rows `where` picks are all sent (by whichever processes), then until no job runs anywhere. */
async function delivered(dedupeKeyPrefix: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const pending = await db().outboxMessage.count({ where: { dedupeKey: { startsWith: dedupeKeyPrefix }, status: "PENDING" } });
    if (pending === 0) break;
    if (Date.now() > deadline) throw new Error(`${pending} outbox message(s) ${dedupeKeyPrefix}… still pending`);
    // The processes' minute sweeper, as every process would run it: messages whose nudge went to
    // a process that was still busy are sent now too.
    await fire(workers.length, "deliver-notifications");
  }
  await Promise.all(workers.map((w) => w.request({ idle: true })));
}

const sentTo = (chat: string, includes: string) => telegram.sentTo(chat).filter((m) => m.text.includes(includes));
const sum = <T>(rows: T[], pick: (r: T) => number) => rows.reduce((a, r) => a + pick(r), 0);

describe.skipIf(embedded)("several app processes in the in-process job mode: each cron's effect happens once", () => {
  beforeAll(async () => {
    [telegram, tron, binance] = await Promise.all([startFakeTelegram(), startFakeTronGrid(), startFakeBinance({ symbols: SYMBOLS })]);
    const config = {
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      VIP_CHAT_ID: chats.vip,
      TRIAL_CHAT_ID: chats.trial,
      ADMIN_CHAT_ID: chats.admin,
      TRON_API_URL: tron.apiUrl,
      USDT_TRC20_ADDRESS: FAKE_RECEIVING_ADDRESS,
      PLAN_PRICE_VIP: "49",
      PLAN_PRICE_PREMIUM: "99",
      BINANCE_FUTURES_BASE: binance.baseUrl,
      GLOBAL_MAX_DD_PCT: "35",
      AUTO_RESUME: "0",
    };
    // This process stores the scenarios' data under the same configuration the app processes run with.
    Object.assign(process.env, config);
    resetEnvForTests();
    setEventDispatcher(async () => undefined);
    workers = await Promise.all([0, 1, 2].map(() => startWorker(config)));
  }, START_MS);

  afterAll(async () => {
    await stopAppProcesses(workers);
    await Promise.all([telegram?.close(), tron?.close(), binance?.close()]);
  }, SCENARIO_MS);

  // This process has no job engine: what it stores (a payment, a signal) waits for the app processes' crons.
  beforeEach(() => setEventDispatcher(async () => undefined));

  describe.each([2, 3])("%i processes", (n) => {
    it("the daily report: one stored day, one post to each group", async () => {
      const day = new Date(Date.now() - DAY).toISOString().slice(0, 10);
      // The previous round stored yesterday: start from a day not reported yet.
      await db().dailyReport.deleteMany({ where: { day: new Date(`${day}T00:00:00.000Z`) } });
      await db().outboxMessage.deleteMany({ where: { dedupeKey: { startsWith: `daily-report:${day}` } } });
      const vipBefore = sentTo(chats.vip, day).length;
      const trialBefore = sentTo(chats.trial, day).length;

      const runs = await fire<{ date: string; created: boolean }>(n, "post-daily-report");

      expect(runs.map((r) => r.date)).toEqual(Array(n).fill(day));
      expect(runs.filter((r) => r.created)).toHaveLength(1);
      expect(await db().dailyReport.count({ where: { day: new Date(`${day}T00:00:00.000Z`) } })).toBe(1);
      expect(await db().outboxMessage.count({ where: { dedupeKey: { startsWith: `daily-report:${day}` } } })).toBe(2);
      await delivered(`daily-report:${day}`);
      expect(sentTo(chats.vip, day).length - vipBefore).toBe(1);
      expect(sentTo(chats.trial, day).length - trialBefore).toBe(1);
    }, SCENARIO_MS);

    it("the circuit breaker: one halt decision, one GLOBAL_HALT event, one alert to each chat", async () => {
      // The drawdown is system-wide: the platform has only this scenario's trades and traders.
      await db().position.deleteMany({});
      await db().user.updateMany({ data: { autoTradeEnabled: false } });
      await db().safetyState.upsert({ where: { id: 1 }, create: { id: 1 }, update: { killSwitch: false, reason: null, changedById: null, recoveringSince: null, breakerArmed: true } });
      const since = new Date();
      const a = await createTrader({ autoTradeEnabled: true, capitalUsdt: "100" });
      await createTrader({ autoTradeEnabled: true, capitalUsdt: "100" });
      await insertPosition(a.id, { status: "CLOSED", remainingQty: "0", realizedPnl: "-70", closedAt: new Date(Date.now() - 10 * MIN), openedAt: new Date(Date.now() - 15 * MIN) });
      const adminBefore = sentTo(chats.admin, "GLOBAL HALT").length;
      const vipBefore = sentTo(chats.vip, "GLOBAL HALT").length;
      try {
        const runs = await fire<{ action: string; kill_switch: boolean }>(n, "circuit-breaker");

        expect(runs.filter((r) => r.action === "halted")).toHaveLength(1);
        expect(runs.filter((r) => r.action === "none")).toHaveLength(n - 1);
        expect(runs.every((r) => r.kill_switch)).toBe(true);
        expect(await db().riskEvent.count({ where: { kind: "GLOBAL_HALT", createdAt: { gte: since } } })).toBe(1);
        expect(await db().auditEvent.count({ where: { action: "safety.kill_switch.on", createdAt: { gte: since } } })).toBe(1);
        const alerts = await db().outboxMessage.findMany({ where: { kind: "kill_switch", createdAt: { gte: since } }, select: { dedupeKey: true } });
        expect(alerts).toHaveLength(2);
        await delivered(alerts[0]!.dedupeKey.replace(/:(admin|vip)$/, ""));
        expect(sentTo(chats.admin, "GLOBAL HALT").length - adminBefore).toBe(1);
        expect(sentTo(chats.vip, "GLOBAL HALT").length - vipBefore).toBe(1);
      } finally {
        await db().user.updateMany({ where: { autoTradeEnabled: true }, data: { autoTradeEnabled: false } });
        await db().safetyState.update({ where: { id: 1 }, data: { killSwitch: false, reason: null, changedById: null, recoveringSince: null, breakerArmed: true } });
        await db().position.deleteMany({});
      }
    }, SCENARIO_MS);

    it("one signal's fan-out run by every process at once: each copy opened once, no false risk refusal, one announcement", async () => {
      const symbol = SYMBOLS[n === 2 ? 0 : 1]!.symbol;
      await db().user.updateMany({ where: { autoTradeEnabled: true }, data: { autoTradeEnabled: false } });
      // max_concurrent_trades 1: a process that counted another's copy of this very signal as an
      // open trade would refuse the user (a USER_BLOCKED event for a copy that is open).
      const traders = [];
      for (let i = 0; i < 40; i++) traders.push(await createTrader({ autoTradeEnabled: true }));
      const ids = traders.map((t) => t.id);
      await db().user.updateMany({ where: { id: { in: ids } }, data: { maxConcurrentTrades: 1 } });
      const signal = await storeSignal(long100(symbol));
      try {
        const event = signalCreated.create({ signalId: signal.id }, { id: `signal-created-${signal.id}` });

        const runs = await fire<{ paper: { opened: number; failed: number } }>(n, "auto-trade-signal", event);

        expect(sum(runs, (r) => r.paper.opened)).toBe(traders.length);
        const positions = await db().position.findMany({ where: { signalId: signal.id }, select: { userId: true, status: true, orders: { select: { kind: true, fills: { select: { id: true } } } } } });
        expect(positions.map((p) => p.userId).sort((x, y) => x - y)).toEqual(ids);
        expect(positions.every((p) => p.status === "OPEN")).toBe(true);
        for (const p of positions) {
          const entries = p.orders.filter((o) => o.kind === "ENTRY");
          expect(entries).toHaveLength(1);
          expect(entries[0]!.fills).toHaveLength(1);
        }
        expect(await db().riskEvent.count({ where: { userId: { in: ids } } })).toBe(0);
        expect(await db().outboxMessage.count({ where: { dedupeKey: { startsWith: `autotrade-opened:${signal.id}` } } })).toBe(1);
        await delivered(`autotrade-opened:${signal.id}`);
        await delivered(`signal:${signal.id}`);
        expect(sentTo(chats.vip, `opened on #${symbol}`)).toHaveLength(1);
        // The signal's own broadcast, held for the fan-out and released by it: once to each group.
        expect(await db().outboxMessage.findMany({ where: { dedupeKey: { startsWith: `signal:${signal.id}` } }, select: { status: true, attempts: true } })).toEqual([
          { status: "SENT", attempts: 1 },
          { status: "SENT", attempts: 1 },
        ]);
      } finally {
        await db().user.updateMany({ where: { id: { in: ids } }, data: { autoTradeEnabled: false } });
      }
    }, SCENARIO_MS);

    it("the paper monitor: one fill per take-profit crossed, one close per stop crossed, one announcement", async () => {
      const symbol = SYMBOLS[n === 2 ? 2 : 3]!.symbol;
      await db().user.updateMany({ where: { autoTradeEnabled: true }, data: { autoTradeEnabled: false } });
      const traders = [];
      for (let i = 0; i < 30; i++) traders.push(await createTrader({ autoTradeEnabled: true }));
      const ids = traders.map((t) => t.id);
      const signal = await storeSignal(long100(symbol));
      // The copies are opened here, at the fake's price of 100 (not part of the race).
      const market = await prepareSignalCopy(signal.id);
      expect((await openPaperCopies(market!)).opened).toBe(traders.length);
      await db().user.updateMany({ where: { id: { in: ids } }, data: { autoTradeEnabled: false } });
      const fillsOf = (kind: "TAKE_PROFIT" | "STOP_LOSS") => db().fill.count({ where: { order: { kind, position: { signalId: signal.id } } } });

      // 111 crosses the first target (110) of every copy, and nothing else.
      binance.setPrice(symbol, "111");
      const first = await fire<{ ticks: { fills: number; closed: number }[] }>(n, "monitor-paper-positions");
      expect(sum(first, (r) => sum(r.ticks, (t) => t.fills))).toBe(traders.length);
      expect(await fillsOf("TAKE_PROFIT")).toBe(traders.length);
      expect(await db().position.count({ where: { signalId: signal.id, status: "OPEN", targetsHit: 1 } })).toBe(traders.length);

      // 89 is past the stop (90): every copy closes, once.
      binance.setPrice(symbol, "89");
      const second = await fire<{ ticks: { fills: number; closed: number }[] }>(n, "monitor-paper-positions");
      expect(sum(second, (r) => sum(r.ticks, (t) => t.closed))).toBe(traders.length);
      expect(await fillsOf("STOP_LOSS")).toBe(traders.length);
      expect(await fillsOf("TAKE_PROFIT")).toBe(traders.length);
      expect(await db().position.count({ where: { signalId: signal.id, status: "CLOSED" } })).toBe(traders.length);
      // Each closed trade counted once in its owner's day.
      const days = await db().dailyPnl.findMany({ where: { userId: { in: ids } }, select: { trades: true } });
      expect(days.map((d) => d.trades)).toEqual(Array(traders.length).fill(1));
      expect(await db().outboxMessage.count({ where: { dedupeKey: { startsWith: `autotrade-closed:${signal.id}` } } })).toBe(1);
      await delivered(`autotrade-closed:${signal.id}`);
      expect(sentTo(chats.vip, `closed on #${symbol}`)).toHaveLength(1);
    }, SCENARIO_MS);

    it("the payment sweep: each due payment checked once, one plan credit (30 days, not 60), one confirmation", async () => {
      const payments = [];
      for (let i = 0; i < 4; i++) {
        const { user } = await createUser();
        const invoice = await createInvoice(user.id, "VIP", new Date(Date.now() - 10 * MIN));
        const hash = tron.addTransfer({ amountUsdt: invoice.amount, timestamp: Date.now() });
        const payment = await initiatePayment({ email: user.email, plan: "VIP", tx_hash: hash, network: "TRC20" }, anonymousSubmitter());
        payments.push({ id: payment.id, userId: user.id, hash });
      }
      // Nobody verified them at submission (no job engine in this process): all are due now.
      await db().payment.updateMany({ where: { id: { in: payments.map((p) => p.id) } }, data: { nextCheckAt: new Date(Date.now() - 1000) } });

      const runs = await fire<{ checked: number; confirmed: number }>(n, "sweep-payments");

      expect(sum(runs, (r) => r.checked)).toBe(payments.length);
      expect(sum(runs, (r) => r.confirmed)).toBe(payments.length);
      const now = Date.now();
      for (const p of payments) {
        const row = await db().payment.findUniqueOrThrow({ where: { id: p.id }, include: { user: true } });
        expect(row.status).toBe("CONFIRMED");
        expect(row.user!.plan).toBe("VIP");
        // One credit of 30 days; a second would have stacked to 60.
        expect(Math.abs(row.user!.planExpiresAt!.getTime() - (now + 30 * DAY))).toBeLessThan(10 * MIN);
        expect(await db().userNotification.count({ where: { userId: p.userId, kind: "payment_confirmed" } })).toBe(1);
        expect(tron.calls.filter((c) => JSON.stringify(c.body).includes(p.hash) || c.path.includes(p.hash)).length).toBeLessThanOrEqual(2);
      }
      await delivered("payment-confirmed:");
      for (const p of payments) {
        // The VIP chat's and the admin chat's announcement, each sent once (claimed once: attempts 1).
        const rows = await db().outboxMessage.findMany({ where: { dedupeKey: { startsWith: `payment-confirmed:${p.id}:` } }, select: { status: true, attempts: true } });
        expect(rows).toEqual([{ status: "SENT", attempts: 1 }, { status: "SENT", attempts: 1 }]);
      }
    }, SCENARIO_MS);

    it("renewal reminders: one in-app notice and one Telegram DM per user", async () => {
      const users: { id: number; telegramUserId: bigint }[] = [];
      for (let i = 0; i < 4; i++) {
        const { user } = await createUser({ plan: "VIP", planExpiresAt: new Date(Date.now() + 2 * DAY) });
        const telegramUserId = BigInt(8_000_000_000 + Math.floor(Math.random() * 1_000_000_000));
        await db().user.update({ where: { id: user.id }, data: { telegramUserId } });
        users.push({ id: user.id, telegramUserId });
      }

      const runs = await fire<{ reminded: number }>(n, "membership-reminders");

      // Other scenarios' users are not due (their plans end in 30 days), so the count is ours.
      expect(sum(runs, (r) => r.reminded)).toBe(users.length);
      for (const u of users) {
        expect(await db().userNotification.count({ where: { userId: u.id, kind: "plan_reminder" } })).toBe(1);
        expect(await db().outboxMessage.count({ where: { dedupeKey: { startsWith: `plan-reminder:3d:${u.id}:` } } })).toBe(1);
      }
      for (const u of users) await delivered(`plan-reminder:3d:${u.id}:`);
      for (const u of users) expect(telegram.sentTo(String(u.telegramUserId))).toHaveLength(1);
    }, SCENARIO_MS);

    it("plan expiry: each user expired once, one notice, one admin message, one removal from the VIP group", async () => {
      const users: { id: number; telegramUserId: bigint }[] = [];
      for (let i = 0; i < 6; i++) {
        const { user } = await createUser({ plan: "VIP", planExpiresAt: new Date(Date.now() - MIN) });
        const telegramUserId = BigInt(7_000_000_000 + Math.floor(Math.random() * 1_000_000_000));
        await db().user.update({ where: { id: user.id }, data: { telegramUserId, vipGrantedAt: new Date(Date.now() - 30 * DAY) } });
        users.push({ id: user.id, telegramUserId });
      }

      const runs = await fire<{ expired: { user_id: number }[] }>(n, "expire-subscriptions");

      const expired = runs.flatMap((r) => r.expired.map((e) => e.user_id)).filter((id) => users.some((u) => u.id === id));
      expect(expired.sort((a, b) => a - b)).toEqual(users.map((u) => u.id).sort((a, b) => a - b));
      for (const u of users) {
        expect((await db().user.findUniqueOrThrow({ where: { id: u.id } })).plan).toBe("TRIAL");
        expect(await db().userNotification.count({ where: { userId: u.id, kind: "plan_expired" } })).toBe(1);
        expect(await db().outboxMessage.count({ where: { dedupeKey: { startsWith: `plan-expired:${u.id}:` } } })).toBe(1);
        expect(await db().outboxMessage.count({ where: { dedupeKey: { startsWith: `vip-remove:${u.id}:` } } })).toBe(3); // ban, unban, the user's DM
      }
      for (const u of users) await delivered(`vip-remove:${u.id}:`);
      await delivered("plan-expired:");
      for (const u of users) {
        const bans = telegram.calls.filter((c) => c.method === "banChatMember" && Number(c.params.user_id) === Number(u.telegramUserId));
        expect(bans).toHaveLength(1);
      }
    }, SCENARIO_MS);
  });
});

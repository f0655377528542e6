// The seed's risk acceptance tests, end to end through the routes and the jobs as the platform runs
// them (in-process runner; the price feed on the local fake Binance):
//   B — strict limits: the second trade is blocked and recorded as a USER_BLOCKED risk event;
//   C — a loss past the global limit: the circuit breaker halts trading and alerts both chats, and
//       every later trade (fan-out and manual) is refused with GLOBAL_BLOCKED.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as executeTrade } from "@/app/api/trade/execute/route";
import { POST as recordEvent } from "@/app/api/signal-events/route";
import { POST as publish } from "@/app/api/signals/route";
import type { TJob, TJobEvent } from "@/server/jobs/job";
import { autoTradeSignal } from "@/inngest/functions/auto-trade-signal";
import { circuitBreaker } from "@/inngest/functions/circuit-breaker";
import { tradeSignalEvent } from "@/inngest/functions/trade-signal-event";
import { db } from "@/server/db/client";
import { createInProcessRunner } from "@/server/jobs/in-process";
import { drainJobs } from "@/test/helpers/jobs";
import { startFakeBinance, type TFakeBinance } from "@/test/fakes/binance";
import { createAdmin } from "@/test/helpers/factories";
import { call, expectError } from "@/test/helpers/http";
import { recordJobEvents, setEnv, uniqueChatId } from "@/test/helpers/signals";
import { createTrader } from "@/test/helpers/trading";

let fake: TFakeBinance;
let admin: { token: string };
beforeAll(async () => {
  fake = await startFakeBinance();
  admin = await createAdmin();
});
afterAll(async () => {
  await fake.close();
});

let chats: { vip: string; admin: string };
let events: TJobEvent[];
beforeEach(async () => {
  // Both scenarios measure the whole platform: no positions or traders from another test.
  await db().position.deleteMany({});
  await db().riskEvent.deleteMany({});
  await db().user.updateMany({ data: { autoTradeEnabled: false } });
  await db().safetyState.upsert({ where: { id: 1 }, create: { id: 1 }, update: { killSwitch: false, reason: null, changedById: null, recoveringSince: null, breakerArmed: true } });
  chats = { vip: uniqueChatId(), admin: uniqueChatId() };
  setEnv({ BINANCE_FUTURES_BASE: fake.baseUrl, VIP_CHAT_ID: chats.vip, ADMIN_CHAT_ID: chats.admin, TRIAL_CHAT_ID: uniqueChatId() });
  events = recordJobEvents();
});
// Files may share one database (PGlite): leave no auto-trader and no halt behind.
afterEach(async () => {
  await db().user.updateMany({ where: { autoTradeEnabled: true }, data: { autoTradeEnabled: false } });
  await db().safetyState.update({ where: { id: 1 }, data: { killSwitch: false, reason: null } });
});

const JOBS: TJob[] = [autoTradeSignal, tradeSignalEvent, circuitBreaker];

const drainJobsNow = () => drainJobs(events, JOBS);

async function postSignal(body: Record<string, unknown>): Promise<string> {
  const res = await call(publish, { method: "POST", path: "/api/signals", token: admin.token, body });
  expect(res.status).toBe(201);
  await drainJobsNow();
  return (res.body as { signal: { id: string } }).signal.id;
}

const ethLong = (stop = 2950) => ({ symbol: "ETHUSDT", direction: "LONG", entry: 3000, targets: [3030, 3060], stop_loss: stop, leverage: 5 });
const dogeLong = { symbol: "DOGEUSDT", direction: "LONG", entry: 0.15, targets: [0.152, 0.154], stop_loss: 0.147, leverage: 5 };
const positionsOf = (userId: number) =>
  db().position.findMany({ where: { userId }, orderBy: { openedAt: "asc" }, select: { status: true, failureCode: true, failureReason: true, realizedPnl: true } });

describe("acceptance B: strict limits block the second trade", () => {
  it("max_concurrent_trades 1: the first signal opens, the second is refused with a USER_BLOCKED event; other traders are untouched", async () => {
    const strict = await createTrader({ autoTradeEnabled: true });
    await db().user.update({ where: { id: strict.id }, data: { maxConcurrentTrades: 1 } });
    const relaxed = await createTrader({ autoTradeEnabled: true });

    await postSignal(ethLong());
    const second = await postSignal(dogeLong);

    expect((await positionsOf(strict.id)).map((p) => [p.status, p.failureCode])).toEqual([["OPEN", null], ["FAILED", "RISK_BLOCKED"]]);
    expect((await positionsOf(relaxed.id)).map((p) => p.status)).toEqual(["OPEN", "OPEN"]);
    const blocked = await db().riskEvent.findMany({ where: { userId: strict.id }, select: { kind: true, rule: true, symbol: true, reason: true, details: true } });
    expect(blocked).toEqual([{ kind: "USER_BLOCKED", rule: "max_concurrent_trades", symbol: "DOGEUSDT", reason: "1 trades already open (limit 1)", details: { signal_id: second } }]);
  });
});

describe("acceptance C: a loss past the global limit halts trading and alerts", () => {
  it("the stop-loss loss trips the breaker: kill switch on, 🚨 to the admin and VIP chats, every later trade GLOBAL_BLOCKED", async () => {
    setEnv({ GLOBAL_MAX_DD_PCT: "5" });
    // 20 USDT × 5x at 3000: 0.033 ETH; a stop 10 % below loses 9.9 USDT + fees ≈ 10 % of the 100 at stake.
    const trader = await createTrader({ autoTradeEnabled: true, perTradeUsdt: "20", capitalUsdt: "100" });
    const signalId = await postSignal(ethLong(2700));
    expect((await positionsOf(trader.id)).map((p) => p.status)).toEqual(["OPEN"]);

    const sl = await call(recordEvent, { method: "POST", path: "/api/signal-events", token: admin.token, body: { signal_id: signalId, type: "SL_HIT", price: 2700 } });
    expect(sl.status).toBe(201);
    await drainJobsNow();
    const [closed] = await positionsOf(trader.id);
    expect(closed).toMatchObject({ status: "CLOSED" });
    expect(closed!.realizedPnl.toNumber()).toBeLessThan(-9.9);

    // The breaker's minute comes.
    const runner = createInProcessRunner([circuitBreaker]);
    const run = await runner.run(circuitBreaker, { name: "cron", data: {} }).finally(() => runner.stop());
    expect(run).toMatchObject({ action: "halted", kill_switch: true });
    const alerts = await db().outboxMessage.findMany({ where: { kind: "kill_switch", target: { in: [chats.admin, chats.vip] } }, select: { target: true, body: true } });
    expect(alerts.map((a) => a.target).sort()).toEqual([chats.admin, chats.vip].sort());
    for (const a of alerts) expect(a.body).toMatch(/^🚨 GLOBAL HALT ENABLED\nReason: 24 h system drawdown \d+(\.\d+)?% reached the 5% limit$/);

    // Halted: the next signal's copy and a manual trade are both refused by the kill switch.
    await postSignal(dogeLong);
    expect((await positionsOf(trader.id)).map((p) => [p.status, p.failureCode])).toEqual([["CLOSED", null], ["FAILED", "RISK_BLOCKED"]]);
    const manual = await call(executeTrade, { method: "POST", token: trader.token, body: { symbol: "DOGEUSDT", direction: "LONG", stop_loss: 0.14, targets: [0.16] } });
    expect(expectError(manual, 409, "risk_blocked")).toMatchObject({ reason: expect.stringMatching(/^trading is halted \(kill switch on: 24 h system drawdown/) });
    const kinds = await db().riskEvent.findMany({ where: { OR: [{ userId: trader.id }, { userId: null }] }, orderBy: { id: "asc" }, select: { kind: true, rule: true } });
    expect(kinds).toEqual([
      { kind: "GLOBAL_HALT", rule: "global_drawdown" },
      { kind: "GLOBAL_BLOCKED", rule: "kill_switch" },
      { kind: "GLOBAL_BLOCKED", rule: "kill_switch" },
    ]);
  });
});

// Telegram's global budget (GLOBAL_CALLS_PER_SECOND = 25, under its ~30 a second per bot) is one
// budget for every app process: two real Node processes (test/workers/app-process.ts, the
// platform's own job list) run the outbox's deliverer at the same instant on one backlog of DMs to
// different chats — no per-chat limit slows anything — against the fake Bot API enforcing 30 calls
// in any second. With the budget in each process's memory they sent 25 a second each and met 429s;
// kept in PostgreSQL, the fake sees at most 25 in any second, both processes sending.
//
// Skipped on PGlite: the embedded database serves one session, so the processes would take turns
// (global-rate.int.test.ts covers two copies of the deliverer in one process, on PGlite too).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { resetEnvForTests } from "@/server/env";
import { setEventDispatcher } from "@/server/jobs/events";
import { dm } from "@/server/membership/bot-calls";
import { busiestSlidingSecond, startFakeTelegram, type TFakeTelegram } from "@/test/fakes/telegram";
import { startAppProcess, stopAppProcesses, type TAppProcess } from "@/test/helpers/app-process";
import { GLOBAL_CALLS_PER_SECOND, type TDeliveryReport } from "./deliver-outbox";
import { enqueueBotCalls } from "./outbox";

// Two Node processes compile the server with tsx before anything races: slow on a busy machine.
const START_MS = 240_000;
const embedded = process.env.DATABASE_EMBEDDED === "1";
const MESSAGES = 200;

let telegram: TFakeTelegram;
let processes: TAppProcess[] = [];

describe.skipIf(embedded)("two app processes deliver one backlog: one Telegram budget between them", () => {
  beforeAll(async () => {
    telegram = await startFakeTelegram();
    const config = { TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot };
    Object.assign(process.env, config);
    resetEnvForTests();
    // This process only stores the backlog: the app processes deliver it.
    setEventDispatcher(async () => undefined);
    processes = await Promise.all([0, 1].map(() => startAppProcess(config)));
  }, START_MS);

  afterAll(async () => {
    await stopAppProcesses(processes);
    await telegram?.close();
  }, 60_000);

  it(`${MESSAGES} DMs to ${MESSAGES} chats, both processes delivering at once: at most ${GLOBAL_CALLS_PER_SECOND} calls in any second, no 429, each sent once`, async () => {
    telegram.enforceLimits({ globalPerSecond: 30 });
    const base = 6_000_000_000 + Math.floor(Math.random() * 1_000_000) * 1000;
    const calls = Array.from({ length: MESSAGES }, (_, i) => dm(base + i, "test_burst", `hello ${i}`, `shared-budget:${base}:${i}`));
    await db().$transaction((tx) => enqueueBotCalls(tx, calls));

    const at = Date.now() + 300;
    const runs = (await Promise.all(processes.map((p) => p.request({ job: "deliver-notifications", at })))) as { telegram: TDeliveryReport }[];
    const elapsedMs = Date.now() - at;

    const busiest = busiestSlidingSecond(telegram.calls);
    console.info(`shared budget, 2 processes: ${telegram.calls.length} calls in ${elapsedMs} ms, busiest second ${busiest}, 429s ${telegram.tooManyRequests()}, sent ${runs.map((r) => r.telegram.sent).join(" + ")}`);
    expect(telegram.tooManyRequests()).toBe(0);
    expect(busiest).toBeLessThanOrEqual(GLOBAL_CALLS_PER_SECOND);
    expect(busiest).toBeGreaterThan(GLOBAL_CALLS_PER_SECOND / 2); // the budget is used, not wasted
    // Both processes delivered: the budget was shared, not taken by one of them.
    expect(runs.every((r) => r.telegram.sent > 0)).toBe(true);
    expect(runs.reduce((n, r) => n + r.telegram.sent, 0)).toBe(MESSAGES);
    expect(telegram.sent).toHaveLength(MESSAGES);
    expect(new Set(telegram.sent.map((m) => m.chatId)).size).toBe(MESSAGES);
    const rows = await db().outboxMessage.findMany({ where: { dedupeKey: { startsWith: `shared-budget:${base}:` } }, select: { status: true, attempts: true } });
    expect(rows.filter((r) => r.status === "SENT" && r.attempts === 1)).toHaveLength(MESSAGES);
    // 200 calls at 25 a second take at least 7 seconds of Telegram's time.
    expect(elapsedMs).toBeGreaterThanOrEqual(7000);
    // The calls of the last second at most, even after a burst: the table stays tiny.
    expect(await db().botApiCall.count()).toBeLessThanOrEqual(GLOBAL_CALLS_PER_SECOND);
  });
});

// The global budget on Bot API calls (GLOBAL_CALLS_PER_SECOND = 25, under Telegram's ~30): a burst
// to many different chats — where no per-chat limit slows anything — still leaves at 25 a second,
// also with two deliverers running at once, in one process or in two (each with its own copy of
// the deliverer's module, as a second process has: the budget is in the database, not in module
// memory), so the fake Bot API enforcing Telegram's 30 a second never answers 429. With the old
// budget in module memory the two copies failed on PostgreSQL (30 calls in a second, 429s); on
// PGlite they took turns on its one session and the shared test clock, which every sleep moves,
// so the old budget passed there. Real separate processes: shared-budget-processes.int.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import { dm } from "@/server/membership/bot-calls";
import { enqueueBotCalls } from "@/server/notifications/outbox";
import { busiestSlidingSecond } from "@/test/fakes/telegram";
import { startMembershipHarness, type TMembershipHarness } from "@/test/helpers/membership";
import { deliverOutbox, GLOBAL_CALLS_PER_SECOND } from "./deliver-outbox";
import { telegramTransport } from "../deliver-telegram";
import { createTelegramSender } from "../telegram/sender";

let h: TMembershipHarness;
beforeEach(async () => {
  h = await startMembershipHarness();
  h.tg.enforceLimits({ globalPerSecond: 30, groupMessagesPerMinute: 20 });
});
afterEach(async () => h.close());

const busiestSecond = () => busiestSlidingSecond(h.tg.calls);

async function enqueueBurst(n: number): Promise<void> {
  const base = 7_000_000_000 + Math.floor(Math.random() * 1_000_000) * 1000;
  const calls = Array.from({ length: n }, (_, i) => dm(base + i, "test_burst", `hello ${i}`, `burst:${base}:${i}`));
  await db().$transaction((tx) => enqueueBotCalls(tx, calls));
}

describe("the global Bot API budget", () => {
  it(`200 DMs to 200 chats, two deliverers at once: at most ${GLOBAL_CALLS_PER_SECOND} calls in any second, no 429, each sent once`, async () => {
    await enqueueBurst(200);
    const start = h.clock.now().getTime();

    const transport = () => telegramTransport(createTelegramSender({ token: h.tg.token, apiRoot: h.tg.apiRoot }));
    const [a, b] = await Promise.all([deliverOutbox(transport(), { clock: h.clock, budgetMs: 120_000 }), deliverOutbox(transport(), { clock: h.clock, budgetMs: 120_000 })]);

    expect(a.sent + b.sent).toBe(200);
    expect(h.tg.tooManyRequests()).toBe(0);
    expect(h.tg.sent).toHaveLength(200);
    expect(new Set(h.tg.sent.map((m) => m.chatId)).size).toBe(200);
    expect(busiestSecond()).toBeLessThanOrEqual(GLOBAL_CALLS_PER_SECOND);
    expect(busiestSecond()).toBeGreaterThan(GLOBAL_CALLS_PER_SECOND / 2); // the budget is used, not wasted
    // 200 calls at 25 a second take at least 7 seconds of Telegram's time.
    expect(h.clock.now().getTime() - start).toBeGreaterThanOrEqual(7000);
  });

  it(`200 DMs, the deliverers of two processes (two copies of the module) at once: one budget of ${GLOBAL_CALLS_PER_SECOND} a second between them, no 429`, async () => {
    await enqueueBurst(200);
    const start = h.clock.now().getTime();
    // A second copy of the deliverer, with its own module state — what another process runs.
    vi.resetModules();
    const other = await import("./deliver-outbox");
    expect(other.deliverOutbox).not.toBe(deliverOutbox);

    const transport = () => telegramTransport(createTelegramSender({ token: h.tg.token, apiRoot: h.tg.apiRoot }));
    const [a, b] = await Promise.all([deliverOutbox(transport(), { clock: h.clock, budgetMs: 120_000 }), other.deliverOutbox(transport(), { clock: h.clock, budgetMs: 120_000 })]);

    expect(h.tg.tooManyRequests()).toBe(0);
    expect(busiestSecond()).toBeLessThanOrEqual(GLOBAL_CALLS_PER_SECOND);
    expect(a.sent + b.sent).toBe(200);
    expect(a.sent).toBeGreaterThan(0);
    expect(b.sent).toBeGreaterThan(0);
    expect(h.tg.sent).toHaveLength(200);
    expect(new Set(h.tg.sent.map((m) => m.chatId)).size).toBe(200);
    expect(h.clock.now().getTime() - start).toBeGreaterThanOrEqual(7000);
    // Lost claims gave their reservations back, so the budget was not wasted on them.
    expect(busiestSecond()).toBeGreaterThan(GLOBAL_CALLS_PER_SECOND / 2);
    // The reservations of the last second at most: the table stays tiny.
    expect(await db().botApiCall.count()).toBeLessThanOrEqual(GLOBAL_CALLS_PER_SECOND);
  });
});

// The per-process budget on Bot API calls (GLOBAL_CALLS_PER_SECOND = 25, under Telegram's ~30):
// a burst to many different chats — where no per-chat limit slows anything — still leaves at 25 a
// second, also with two deliverers running at once in the process, so the fake Bot API enforcing
// Telegram's 30 a second never answers 429.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { dm } from "@/server/membership/bot-calls";
import { enqueueBotCalls } from "@/server/notifications/outbox";
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

/** The most calls the fake saw in any sliding second. */
function busiestSecond(): number {
  const times = h.tg.calls.map((c) => c.at.getTime()).sort((a, b) => a - b);
  let busiest = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 1000) j++;
    busiest = Math.max(busiest, i - j + 1);
  }
  return busiest;
}

describe("the global Bot API budget", () => {
  it(`200 DMs to 200 chats, two deliverers at once: at most ${GLOBAL_CALLS_PER_SECOND} calls in any second, no 429, each sent once`, async () => {
    const base = 7_000_000_000 + Math.floor(Math.random() * 1_000_000) * 1000;
    const calls = Array.from({ length: 200 }, (_, i) => dm(base + i, "test_burst", `hello ${i}`, `burst:${base}:${i}`));
    await db().$transaction((tx) => enqueueBotCalls(tx, calls));
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
});

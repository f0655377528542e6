// Broadcast through the outbox to the local fake Bot API with the real grammy client: what each
// group gets, order per chat, Telegram's limits, outages, and that nothing is lost or sent twice.
// Time is a clock each test owns and moves (shared by the deliverer and the fake Bot API), never
// the wall clock: nothing here depends on how fast the machine is. Every test uses chat ids of its
// own, and starts from an outbox with no one else's pending message and no PREMIUM auto-trader
// (the deliverer serves every chat, and an auto-trader holds a new signal's broadcast): on PGlite
// all test files share one database.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { jobs } from "@/inngest/functions";
import { GET as health } from "@/app/api/health/route";
import { POST as publish } from "@/app/api/signals/route";
import { POST as postEvent } from "@/app/api/signal-events/route";
import { POST as telegramWebhook } from "@/app/api/telegram/webhook/route";
import { db } from "@/server/db/client";
import { logger } from "@/server/logger";
import { createInProcessRunner, type TInProcessRunner } from "@/server/jobs/in-process";
import { setEventDispatcher } from "@/server/jobs/events";
import { createTelegramSender } from "@/server/telegram/sender";
import { createAdmin, uniq } from "@/test/helpers/factories";
import { call } from "@/test/helpers/http";
import { longSignal, recordJobEvents, setEnv, uniqueChatId, uniqueSymbol } from "@/test/helpers/signals";
import { turnOffAllAutoTraders } from "@/test/helpers/trading";
import { parseTelegramHtml, startFakeTelegram, type TFakeTelegram } from "@/test/fakes/telegram";
import { deliverOutboxOnce, deliverOutbox, GROUP_MESSAGES_PER_MINUTE, type TDeliveryClock, type TSend } from "./deliver-outbox";
import { deliverTelegramOutbox } from "../deliver-telegram";
import { enqueueOutbox } from "./outbox";

let tg: TFakeTelegram;
let chats: { trial: string; vip: string; admin: string };
let runner: TInProcessRunner | null = null;

type TTestClock = TDeliveryClock & { advance(ms: number): TTestClock };
/**
 * A clock that stands still until a test moves it. It starts a second ahead of the wall clock, so
 * every message queued before it was made is due; a deliverer's wait passes at once in its time.
 */
function testClock(): TTestClock {
  let t = Date.now() + 1000;
  const c: TTestClock = {
    now: () => new Date(t),
    advance(ms) {
      t += ms;
      return c;
    },
    async sleep(ms) {
      t += ms;
      // Yield, so that a second deliverer sharing the clock runs meanwhile.
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
  return c;
}
/** This test's clock, made after its messages are queued; the fake Bot API reads it too. */
let clock: TTestClock | null = null;
const startClock = () => (clock = testClock());

beforeEach(async () => {
  clock = null;
  tg = await startFakeTelegram({ now: () => clock?.now().getTime() ?? Date.now() });
  // The platform-wide state this file measures (see the header).
  await db().outboxMessage.deleteMany({ where: { status: "PENDING" } });
  await turnOffAllAutoTraders();
  chats = { trial: uniqueChatId(), vip: uniqueChatId(), admin: uniqueChatId() };
  setEnv({
    TRIAL_CHAT_ID: chats.trial,
    VIP_CHAT_ID: chats.vip,
    ADMIN_CHAT_ID: chats.admin,
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.apiRoot,
  });
  recordJobEvents();
});

afterEach(async () => {
  vi.restoreAllMocks();
  await runner?.stop();
  runner = null;
  setEventDispatcher(undefined);
  // Leave no pending message of ours for a later test's deliverer.
  await db().outboxMessage.deleteMany({ where: { target: { in: Object.values(chats) }, status: "PENDING" } });
  await tg.close();
});

const sender = (): TSend => {
  const s = createTelegramSender({ token: tg.token, apiRoot: tg.apiRoot });
  return (chatId, html) => s.sendMessage(chatId, html);
};
const texts = (chatId: string) => tg.sentTo(chatId).map((m) => m.text);
const mine = () => db().outboxMessage.findMany({ where: { target: { in: Object.values(chats) } }, orderBy: { id: "asc" } });
const pendingOfMine = async () => (await mine()).filter((m) => m.status === "PENDING").length;

const sendCallsTo = (chatId: string) => tg.calls.filter((c) => c.method === "sendMessage" && String(c.params.chat_id) === chatId);

/** Delivery passes 1.1 s of the test's time apart until none of our messages is pending. */
async function drain(send: TSend, c: TTestClock = clock ?? startClock(), maxPasses = 200): Promise<void> {
  for (let i = 0; i < maxPasses; i++) {
    if ((await pendingOfMine()) === 0) return;
    await deliverOutboxOnce(send, c.advance(1100));
  }
  throw new Error(`still ${await pendingOfMine()} pending after ${maxPasses} passes`);
}

let adminToken: string | undefined;
async function admin(): Promise<string> {
  adminToken ??= (await createAdmin()).token;
  return adminToken;
}
async function publishSignal(symbol = uniqueSymbol(), extra: Record<string, unknown> = {}) {
  const res = await call(publish, { method: "POST", token: await admin(), body: longSignal(symbol, extra) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.signal as { id: string; symbol: string };
}
async function event(signalId: string, body: Record<string, unknown>) {
  const res = await call(postEvent, { method: "POST", token: await admin(), body: { signal_id: signalId, ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}
const pair = (symbol: string) => ({ base: symbol.slice(0, -4), pair: `${symbol.slice(0, -4)}/USDT` });

describe("broadcast: what each group gets", () => {
  it("VIP gets the full signal, TRIAL the teaser, both in HTML the Bot API accepts; the admin chat nothing", async () => {
    const s = await publishSignal();
    const { base, pair: p } = pair(s.symbol);
    expect((await mine()).map((m) => [m.target, m.kind, m.status])).toEqual([
      [chats.vip, "signal", "PENDING"],
      [chats.trial, "signal_teaser", "PENDING"],
    ]);
    await drain(sender());

    const [vip] = tg.sentTo(chats.vip);
    expect(tg.sentTo(chats.vip)).toHaveLength(1);
    expect(vip!.parseMode).toBe("HTML");
    expect(vip!.text).toBe(
      [`<b>#Signal #${p} $${base}</b>`, "Long 🚀 Lev x10 #Crypto", "Entry: 100 - Stop Loss: 90", "Targets: 110 - 120 - 130"].join("\n"),
    );
    expect(parseTelegramHtml(vip!.text)).toEqual({ text: expect.stringContaining(`#Signal #${p} $${base}\nLong`) });

    const [trial] = tg.sentTo(chats.trial);
    expect(tg.sentTo(chats.trial)).toHaveLength(1);
    expect(trial!.text).toBe([`<b>#${p} / $${base}</b>`, "New #Crypto #Signal Open", "🔑 Details visible for #VIP members"].join("\n"));
    expect(parseTelegramHtml(trial!.text)).not.toHaveProperty("error");
    // The teaser gives none of the prices away.
    expect(trial!.text).not.toMatch(/\b(100|90|110|120|130)\b|Entry|Stop|Targets/);

    expect(tg.sentTo(chats.admin)).toEqual([]);
    for (const m of await mine()) {
      expect(m.status).toBe("SENT");
      expect(m.sentAt).not.toBeNull();
    }
  });

  it("a signal given a confidence word (SEED 10.2) says it back to VIP; a number is a percentage; the teaser says neither", async () => {
    await publishSignal(uniqueSymbol(), { confidence: "High" });
    await publishSignal(uniqueSymbol(), { confidence: 95 });
    await drain(sender());
    const vip = texts(chats.vip);
    expect(vip).toHaveLength(2);
    expect(vip[0]!.split("\n").at(-1)).toBe("Confidence: High");
    expect(vip[1]!.split("\n").at(-1)).toBe("Confidence: 95%");
    for (const text of vip) expect(parseTelegramHtml(text)).not.toHaveProperty("error");
    expect(texts(chats.trial).join("\n")).not.toContain("Confidence");
  });

  it("events go to both groups in order; HIT_TP and HIT_SL also alert the admin chat", async () => {
    const lost = await publishSignal();
    await event(lost.id, { type: "TP_HIT", target: 1 });
    await event(lost.id, { type: "SL_HIT" });
    const won = await publishSignal();
    await event(won.id, { type: "ALL_TP" });
    const cancelled = await publishSignal();
    await event(cancelled.id, { type: "CANCELLED" });
    await drain(sender());

    const tp1 = `#${lost.symbol} - 🚨 Target 1 reached\n💸 Profit collected 100.00%`;
    const sl = `#${lost.symbol} - Stop Loss ⛔️\nLoss: 100.00%`;
    const all = `🏋️ Gained Profit on #${won.symbol} in #VIP\nAll take-profit targets achieved 😎\nProfit: 200.00% 📈`;
    const cancel = `#${cancelled.symbol} - Signal Cancelled ❎`;
    for (const chat of [chats.vip, chats.trial]) {
      const got = texts(chat);
      expect(got).toHaveLength(7);
      expect(got.filter((t) => !t.startsWith("<b>"))).toEqual([tp1, sl, all, cancel]);
      // Each signal's message comes before its events.
      expect(got.findIndex((t) => t.includes(pair(lost.symbol).pair))).toBeLessThan(got.indexOf(tp1));
      expect(got.findIndex((t) => t.includes(pair(won.symbol).pair))).toBeLessThan(got.indexOf(all));
    }
    // Thirds: TP1 then the stop is ⅓·100 + ⅔·(−100) = −33.33 %.
    expect(texts(chats.admin)).toEqual([`⛔️ Stop-loss: ${sl}\nRealized: -33.33%`, `✅ Signal win: ${all}\nRealized: 200.00%`]);
  });

  it("a repeated event queues nothing more", async () => {
    const s = await publishSignal();
    await event(s.id, { type: "TP_HIT", target: 1 });
    const again = await call(postEvent, { method: "POST", token: await admin(), body: { signal_id: s.id, type: "TP_HIT", target: 1 } });
    expect(again.body.created).toBe(false);
    expect(await mine()).toHaveLength(4);
  });

  it("enqueueOutbox stores a message once per dedupe key and skips an audience whose chat is not configured", async () => {
    const key = `test:${uniq()}`;
    const msg = { audience: "vip" as const, kind: "test", body: "<b>hello</b>", dedupeKey: key };
    expect(await db().$transaction((tx) => enqueueOutbox(tx, [msg, { ...msg, audience: "trial" }]))).toBe(2);
    expect(await db().$transaction((tx) => enqueueOutbox(tx, [msg]))).toBe(0);
    setEnv({ ADMIN_CHAT_ID: undefined });
    expect(await db().$transaction((tx) => enqueueOutbox(tx, [{ ...msg, audience: "admin", dedupeKey: `${key}:x` }]))).toBe(0);
    expect(await mine()).toHaveLength(2);
  });
});

describe("delivery: Telegram's limits and failures", () => {
  beforeEach(() => setEnv({ TRIAL_CHAT_ID: undefined, ADMIN_CHAT_ID: undefined }));

  it("waits out a 429's retry_after and keeps the chat's order", async () => {
    const s = await publishSignal();
    await event(s.id, { type: "TP_HIT", target: 1 });
    await event(s.id, { type: "TP_HIT", target: 2 });
    const clock = startClock();
    tg.failNext(1, { code: 429, retryAfter: 30 });

    const first = await deliverOutboxOnce(sender(), clock);
    expect(first).toMatchObject({ sent: 0, deferred: 1 });
    const [head] = await mine();
    expect(head!.lastError).toMatch(/429/);
    expect(head!.nextAttemptAt.getTime() - clock.now().getTime()).toBe(30_000);

    // 20 s later: still waiting, and the next message does not overtake it.
    expect(await deliverOutboxOnce(sender(), clock.advance(20_000))).toMatchObject({ sent: 0 });
    expect(tg.sentTo(chats.vip)).toEqual([]);

    clock.advance(11_000);
    await drain(sender(), clock);
    const got = texts(chats.vip);
    expect(got).toHaveLength(3);
    expect(got[0]).toMatch(/^<b>#Signal/);
    expect(got[1]).toMatch(/Target 1 reached/);
    expect(got[2]).toMatch(/Target 2 reached/);
    expect(sendCallsTo(chats.vip)).toHaveLength(4);
  });

  it("stays behind the Bot API's own per-chat limit: the refused message is retried, not lost", async () => {
    tg.rateLimitPerChatPerMinute(1);
    const s = await publishSignal();
    await event(s.id, { type: "CANCELLED" });
    const clock = startClock();
    await deliverOutboxOnce(sender(), clock);
    await deliverOutboxOnce(sender(), clock.advance(1100));
    expect(texts(chats.vip)).toHaveLength(1);
    const waiting = (await mine()).find((m) => m.status === "PENDING");
    expect(waiting!.lastError).toMatch(/^429/);
    // The fake's window opened 1.1 s ago: retry_after 59 s, waited out to the second.
    expect(waiting!.nextAttemptAt.getTime()).toBe(clock.now().getTime() + 59_000);

    tg.rateLimitPerChatPerMinute(null);
    clock.advance(61_000);
    await drain(sender(), clock);
    expect(texts(chats.vip)).toHaveLength(2);
    expect(texts(chats.vip)[1]).toMatch(/Signal Cancelled/);
  });

  it(`sends at most one message a second to a chat and ${GROUP_MESSAGES_PER_MINUTE} a minute to a group`, async () => {
    const key = uniq();
    await db().$transaction((tx) =>
      enqueueOutbox(
        tx,
        Array.from({ length: GROUP_MESSAGES_PER_MINUTE + 1 }, (_, i) => ({ audience: "vip" as const, kind: "test", body: `message ${i + 1}`, dedupeKey: `${key}:${i}` })),
      ),
    );
    const clock = startClock();
    expect(await deliverOutboxOnce(sender(), clock)).toMatchObject({ sent: 1 });
    // The same instant again: the chat's next message waits a second.
    expect(await deliverOutboxOnce(sender(), clock)).toMatchObject({ sent: 0, deferred: 1, nextAttemptAt: new Date(clock.now().getTime() + 1000) });
    for (let i = 1; i < GROUP_MESSAGES_PER_MINUTE; i++) await deliverOutboxOnce(sender(), clock.advance(1100));
    expect(texts(chats.vip)).toHaveLength(GROUP_MESSAGES_PER_MINUTE);

    // The 21st waits until a minute after the first of the last 20.
    const early = await deliverOutboxOnce(sender(), clock.advance(1100));
    expect(early.sent).toBe(0);
    const [firstSent] = await mine();
    expect(early.nextAttemptAt).toEqual(new Date(firstSent!.sentAt!.getTime() + 60_000));
    await deliverOutboxOnce(sender(), clock.advance(20_000));
    expect(texts(chats.vip)).toHaveLength(GROUP_MESSAGES_PER_MINUTE);

    await deliverOutboxOnce(sender(), clock.advance(61_000));
    expect(texts(chats.vip)).toEqual(Array.from({ length: GROUP_MESSAGES_PER_MINUTE + 1 }, (_, i) => `message ${i + 1}`));
  });

  it("records a permanent refusal (chat not found) and goes on with the chat's next message", async () => {
    vi.spyOn(logger, "warn").mockImplementation(() => undefined);
    tg.failNext(1, { code: 400 });
    const s = await publishSignal();
    await event(s.id, { type: "CANCELLED" });
    await drain(sender());
    const [refused, next] = await mine();
    expect(refused).toMatchObject({ status: "FAILED", lastError: "400: Bad Request: chat not found" });
    expect(next).toMatchObject({ status: "SENT" });
    expect(texts(chats.vip)).toEqual([expect.stringMatching(/Signal Cancelled/)]);
    const res = await call(health, { path: "/api/health" });
    expect(res.body.telegram.outbox.failed).toBeGreaterThanOrEqual(1);
  });

  it("retries a 500 with backoff", async () => {
    tg.failNext(2, { code: 500 });
    await publishSignal();
    const clock = startClock();
    await deliverOutboxOnce(sender(), clock);
    const [afterOne] = await mine();
    expect(afterOne).toMatchObject({ status: "PENDING", attempts: 1, lastError: "500: Internal Server Error" });
    const firstWait = afterOne!.nextAttemptAt.getTime() - clock.now().getTime();
    expect(firstWait).toBeGreaterThan(0);
    // Not a moment before it is due; at the due instant it goes.
    await deliverOutboxOnce(sender(), clock.advance(firstWait - 1));
    expect((await mine())[0]).toMatchObject({ attempts: 1 });
    await deliverOutboxOnce(sender(), clock.advance(1));
    const [afterTwo] = await mine();
    expect(afterTwo).toMatchObject({ status: "PENDING", attempts: 2 });
    expect(afterTwo!.nextAttemptAt.getTime() - clock.now().getTime()).toBe(2 * firstWait);
    await drain(sender(), clock);
    expect(texts(chats.vip)).toHaveLength(1);
  });

  it("two deliverers at once send every message exactly once", async () => {
    setEnv({ TRIAL_CHAT_ID: chats.trial });
    const s = await publishSignal();
    await event(s.id, { type: "TP_HIT", target: 1 });
    await event(s.id, { type: "TP_HIT", target: 2 });
    const clock = startClock();
    await Promise.all([deliverOutbox(sender(), { budgetMs: 60_000, clock }), deliverOutbox(sender(), { budgetMs: 60_000, clock })]);
    for (const chat of [chats.vip, chats.trial]) {
      const got = texts(chat);
      expect(got).toHaveLength(3);
      expect(new Set(got).size).toBe(3);
    }
    expect(await pendingOfMine()).toBe(0);
  });
});

describe("delivery: Telegram down for an hour, then back", () => {
  it("delivers everything once, in order per chat, nothing twice; /api/health shows the backlog meanwhile", async () => {
    tg.goDown();
    const s = await publishSignal();
    await event(s.id, { type: "TP_HIT", target: 1 });
    await event(s.id, { type: "TP_HIT", target: 2 });
    await event(s.id, { type: "SL_HIT" });
    const queued = await mine();
    expect(queued).toHaveLength(9); // VIP 4, TRIAL 4, admin 1

    // An hour of attempts, five minutes apart (the longest backoff).
    const clock = startClock();
    for (let minute = 0; minute <= 60; minute += 5) await deliverOutboxOnce(sender(), clock.advance(5 * 60_000));
    expect(tg.sent.filter((m) => Object.values(chats).includes(m.chatId))).toEqual([]);
    const during = await mine();
    expect(during.every((m) => m.status === "PENDING")).toBe(true);
    const heads = during.filter((m) => m.attempts > 0);
    expect(heads.map((m) => m.target).sort()).toEqual(Object.values(chats).sort());
    for (const h of heads) {
      expect(h.attempts).toBe(13);
      expect(h.lastError).not.toContain(tg.token);
    }

    const res = await call(health, { path: "/api/health" });
    expect(res.body.telegram.status).toBe("configured");
    expect(res.body.telegram.outbox.pending).toBeGreaterThanOrEqual(9);
    expect(new Date(res.body.telegram.outbox.oldest_pending_at).getTime()).toBeLessThanOrEqual(queued[0]!.createdAt.getTime());

    tg.comeBack();
    // Telegram is back; the next attempt comes at most the longest backoff later.
    clock.advance(5 * 60_000);
    await drain(sender(), clock);
    const vip = texts(chats.vip);
    const trial = texts(chats.trial);
    expect(vip).toHaveLength(4);
    expect(vip[0]).toMatch(/^<b>#Signal/);
    expect(vip.slice(1).map((t) => t.split("\n")[0])).toEqual([
      `#${s.symbol} - 🚨 Target 1 reached`,
      `#${s.symbol} - 🚨 Target 2 reached`,
      `#${s.symbol} - Stop Loss ⛔️`,
    ]);
    expect(trial).toHaveLength(4);
    expect(trial[0]).toMatch(/New #Crypto #Signal Open/);
    expect(trial.slice(1)).toEqual(vip.slice(1));
    expect(texts(chats.admin)).toHaveLength(1);
    expect(texts(chats.admin)[0]).toMatch(/^⛔️ Stop-loss/);
    expect((await mine()).every((m) => m.status === "SENT")).toBe(true);

    // Further passes send nothing again.
    for (let i = 0; i < 3; i++) await deliverOutboxOnce(sender(), clock.advance(120_000));
    expect(tg.sent.filter((m) => Object.values(chats).includes(m.chatId))).toHaveLength(9);
  });

  it("deliverTelegramOutbox (the job's transport from configuration) sends once next_attempt_at is due", async () => {
    tg.goDown();
    await publishSignal();
    const clock = startClock();
    // The first backoff (seconds) is past a 500 ms budget: one pass, then it gives up for now.
    expect(await deliverTelegramOutbox({ budgetMs: 500, clock })).toMatchObject({ sent: 0, deferred: 2 });
    expect(await pendingOfMine()).toBe(2);
    tg.comeBack();
    clock.advance(60_000);
    expect(await deliverTelegramOutbox({ budgetMs: 500, clock })).toMatchObject({ sent: 2 });
    expect(texts(chats.vip)).toHaveLength(1);
    expect(texts(chats.trial)).toHaveLength(1);
  });

  it("without a bot token delivery is off and the messages wait", async () => {
    setEnv({ TELEGRAM_BOT_TOKEN: undefined });
    await publishSignal();
    expect(await deliverTelegramOutbox()).toEqual({ skipped: expect.stringMatching(/TELEGRAM_BOT_TOKEN/) });
    expect(await pendingOfMine()).toBe(2);
    const res = await call(health, { path: "/api/health" });
    expect(res.body.telegram.status).toBe("off");
    expect(res.body.telegram.outbox.pending).toBeGreaterThanOrEqual(2);
  });
});

describe("the durable job delivers without anyone waiting on it", () => {
  it("POST /api/signals answers 201 without waiting for Telegram; the job delivers once Telegram answers", async () => {
    runner = createInProcessRunner(jobs);
    const r = runner;
    setEventDispatcher((events) => r.dispatch(events));
    tg.stall();
    // Were the POST waiting on delivery, it would never return: Telegram answers nothing until comeBack().
    const s = await publishSignal();
    expect(await db().signal.count({ where: { id: s.id } })).toBe(1);
    await vi.waitFor(() => expect(sendCallsTo(chats.vip).concat(sendCallsTo(chats.trial)).some((c) => c.status === 0)).toBe(true), {
      timeout: 20_000,
      interval: 50,
    });
    expect((await mine()).map((m) => m.status)).toEqual(["PENDING", "PENDING"]);

    tg.comeBack();
    await vi.waitFor(
      () => {
        expect(texts(chats.vip)).toHaveLength(1);
        expect(texts(chats.trial)).toHaveLength(1);
      },
      { timeout: 20_000, interval: 50 },
    );
    expect(texts(chats.vip)[0]).toContain(pair(s.symbol).pair);
  });

  it("with Telegram up, the signal's own event gets it to both groups (no sweeper runs here)", async () => {
    runner = createInProcessRunner(jobs);
    const r = runner;
    setEventDispatcher((events) => r.dispatch(events));
    const s = await publishSignal();
    await vi.waitFor(() => expect(tg.sentTo(chats.vip).length + tg.sentTo(chats.trial).length).toBe(2), { timeout: 20_000, interval: 50 });
    expect(texts(chats.trial)[0]).toContain(pair(s.symbol).pair);
  });
});

describe("a channel post end to end", () => {
  it("webhook update in → signal stored → both groups get it; a reply 'Target 2 reached' → both groups get the result", async () => {
    const channel = uniqueChatId();
    const secret = `tg-${uniq()}`;
    setEnv({ SIGNAL_CHANNEL_ID: channel, TELEGRAM_WEBHOOK_SECRET: secret });
    const base = `Q${uniq().toUpperCase()}`;
    const update = (messageId: number, text: string, replyTo?: number) => ({
      update_id: messageId,
      channel_post: {
        message_id: messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: Number(channel), type: "channel", title: "Source" },
        text,
        ...(replyTo ? { reply_to_message: { message_id: replyTo, date: 0, chat: { id: Number(channel), type: "channel" } } } : {}),
      },
    });
    const post = (body: unknown) =>
      call(telegramWebhook, { method: "POST", path: "/api/telegram/webhook", body, headers: { "x-telegram-bot-api-secret-token": secret } });

    const text = `#Signal #${base}/USDT $${base}\nLong 🚀 Lev x12 #Crypto\nEntry: 4.812 - Stop Loss: 4.731\nTargets: 4.836 - 4.860 - 4.884 - 4.908 - 4.932`;
    expect((await post(update(501, text))).status).toBe(200);
    const signal = await db().signal.findFirstOrThrow({ where: { symbol: `${base}USDT` } });
    expect(signal).toMatchObject({ source: "TELEGRAM", externalId: `${channel}:501`, leverage: 12 });

    expect((await post(update(502, "🚨 Target 2 reached", 501))).status).toBe(200);
    await drain(sender());

    expect(texts(chats.vip)[0]).toBe(
      [`<b>#Signal #${base}/USDT $${base}</b>`, "Long 🚀 Lev x12 #Crypto", "Entry: 4.812 - Stop Loss: 4.731", "Targets: 4.836 - 4.860 - 4.884 - 4.908 - 4.932"].join("\n"),
    );
    expect(texts(chats.trial)[0]).toMatch(new RegExp(`^<b>#${base}/USDT / \\$${base}</b>\nNew #Crypto #Signal Open`));
    for (const chat of [chats.vip, chats.trial]) expect(texts(chat)[1]).toMatch(new RegExp(`^#${base}USDT - 🚨 Target 2 reached\n💸 Profit collected `));
    expect(texts(chats.vip)).toHaveLength(2);
    expect(texts(chats.trial)).toHaveLength(2);
  });
});

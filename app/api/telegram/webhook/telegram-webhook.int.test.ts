// POST /api/telegram/webhook: Telegram's secret-token header, then channel posts of
// SIGNAL_CHANNEL_ID become signals and events; what cannot be used is kept with the reason.
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { TJobEvent } from "@/server/jobs/job";
import { db } from "@/server/db/client";
import { logger } from "@/server/logger";
import { ingestChannelPost } from "@/server/signals/ingest-channel-post";
import { startChannelPoller } from "@/server/telegram/channel-poller";
import { startFakeTelegram } from "@/test/fakes/telegram";
import { createAdmin, createUser, uniq } from "@/test/helpers/factories";
import { call, expectError } from "@/test/helpers/http";
import { recordJobEvents, setEnv, uniqueChatId } from "@/test/helpers/signals";
import { GET as listUnparsedPosts } from "../../admin/unparsed-posts/route";
import { POST } from "./route";

let channel: string;
let secret: string;
let jobEvents: TJobEvent[];
let nextMessageId = 1000;

beforeEach(() => {
  channel = uniqueChatId();
  secret = `tg-secret-${uniq()}`;
  setEnv({ SIGNAL_CHANNEL_ID: channel, TELEGRAM_WEBHOOK_SECRET: secret });
  jobEvents = recordJobEvents();
  vi.spyOn(logger, "warn").mockImplementation(() => undefined);
  vi.spyOn(logger, "info").mockImplementation(() => undefined);
  return () => vi.restoreAllMocks();
});

type TPost = { text?: string; caption?: string; messageId?: number; replyTo?: number; chatId?: string };
function update(p: TPost) {
  const messageId = p.messageId ?? nextMessageId++;
  const chat = { id: Number(p.chatId ?? channel), type: "channel", title: "Signals source" };
  return {
    update_id: messageId,
    channel_post: {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat,
      sender_chat: chat,
      ...(p.text !== undefined ? { text: p.text } : {}),
      ...(p.caption !== undefined ? { caption: p.caption } : {}),
      ...(p.replyTo ? { reply_to_message: { message_id: p.replyTo, date: 0, chat, text: "…" } } : {}),
    },
  };
}
const send = (body: unknown, headers: Record<string, string> = { "x-telegram-bot-api-secret-token": secret }) =>
  call(POST, { method: "POST", path: "/api/telegram/webhook", body, headers });

/** A base asset no other test uses, e.g. `QA1B2C3D4E5`. */
const uniqueBase = () => `Q${uniq().toUpperCase()}`;
const signalPost = (base: string, direction: "Long" | "Short" = "Long") =>
  direction === "Long"
    ? `#Signal #${base}/USDT $${base}\nLong 🚀 Lev x12 #Crypto\nEntry: 4.812 - Stop Loss: 4.731\nTargets: 4.836 - 4.860 - 4.884 - 4.908 - 4.932`
    : `#Signal #${base}/USDT $${base}\nShort 🩸 Lev x9 #Crypto\nEntry: 4.812 - Stop Loss: 4.901\nTargets: 4.788 - 4.764 - 4.740 - 4.716 - 4.692`;
const signalsOf = (base: string) => db().signal.findMany({ where: { symbol: `${base}USDT` }, include: { events: true }, orderBy: { createdAt: "asc" } });
const unparsed = (messageId: number) => db().unparsedMessage.findUnique({ where: { chatId_messageId: { chatId: channel, messageId: String(messageId) } } });

describe("POST /api/telegram/webhook: the secret token", () => {
  it.each([
    ["a wrong secret", (): Record<string, string> => ({ "x-telegram-bot-api-secret-token": "not-it" })],
    ["the secret less its last character", () => ({ "x-telegram-bot-api-secret-token": secret.slice(0, -1) })],
    ["the secret in upper case", () => ({ "x-telegram-bot-api-secret-token": secret.toUpperCase() })],
    ["the secret in another header", () => ({ "x-telegram-secret": secret })],
    ["no secret header", () => ({})],
  ])("%s → 401 and nothing stored", async (_what, headers) => {
    const base = uniqueBase();
    const body = update({ text: signalPost(base) });
    expectError(await send(body, { ...headers(), "content-type": "application/json" }), 401, "unauthorized");
    expect(await signalsOf(base)).toEqual([]);
  });

  it("→ 401 for every request while TELEGRAM_WEBHOOK_SECRET is not set", async () => {
    setEnv({ TELEGRAM_WEBHOOK_SECRET: undefined });
    expectError(await send(update({ text: "hi" }), { "x-telegram-bot-api-secret-token": "" }), 401);
  });

  it("checks the secret before parsing: garbage with a wrong secret → 401, with the right one → 400", async () => {
    expectError(await send("{nope", { "x-telegram-bot-api-secret-token": "wrong" }), 401);
    expectError(await send("{nope", { "x-telegram-bot-api-secret-token": secret }), 400, "invalid_json");
    expectError(await send({ message: "no update_id" }), 400, "invalid_input");
  });
});

describe("POST /api/telegram/webhook: channel posts", () => {
  it("a signal post from SIGNAL_CHANNEL_ID becomes a signal (source TELEGRAM) and is announced once", async () => {
    const base = uniqueBase();
    const res = await send(update({ text: signalPost(base), messageId: 41 }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
    const [s] = await signalsOf(base);
    expect(s).toMatchObject({ source: "TELEGRAM", externalId: `${channel}:41`, direction: "LONG", leverage: 12, status: "OPEN" });
    expect(s!.entryLow.toString()).toBe("4.812");
    expect(s!.stopLoss.toString()).toBe("4.731");
    expect(s!.targets.map(String)).toEqual(["4.836", "4.86", "4.884", "4.908", "4.932"]);
    expect(jobEvents.filter((e) => e.name === "signal/created")).toEqual([{ name: "signal/created", id: `signal-created-${s!.id}`, data: { signalId: s!.id } }]);
  });

  it("the same post delivered twice (Telegram retries a webhook) is one signal", async () => {
    const base = uniqueBase();
    const body = update({ text: signalPost(base) });
    expect((await send(body)).status).toBe(200);
    expect((await send(body)).status).toBe(200);
    expect(await signalsOf(base)).toHaveLength(1);
    expect(jobEvents.filter((e) => e.name === "signal/created")).toHaveLength(1);
  });

  it("a post with the signal in a photo caption becomes a signal too", async () => {
    const base = uniqueBase();
    expect((await send(update({ caption: signalPost(base, "Short") }))).status).toBe(200);
    expect((await signalsOf(base))[0]).toMatchObject({ direction: "SHORT", leverage: 9 });
  });

  it("a reply 'Target 2 reached' attaches to the replied signal", async () => {
    const base = uniqueBase();
    const original = nextMessageId++;
    await send(update({ text: signalPost(base), messageId: original }));
    // A second open signal of the same symbol, newer: the reply must still go to the one it replies to.
    const newer = nextMessageId++;
    await send(update({ text: signalPost(base), messageId: newer }));
    expect((await send(update({ text: "Target 2 reached 🚨", replyTo: original }))).status).toBe(200);

    const [first, second] = await signalsOf(base);
    expect(first).toMatchObject({ externalId: `${channel}:${original}`, status: "TP_PARTIAL", targetsHit: 2 });
    expect(first!.events.map((e) => [e.type, e.targetIndex])).toEqual([["TP_HIT", 2]]);
    expect(second).toMatchObject({ status: "OPEN", targetsHit: 0 });
    expect(second!.events).toEqual([]);
  });

  it("an event naming its symbol without replying attaches to the latest open signal of that symbol", async () => {
    const base = uniqueBase();
    await send(update({ text: signalPost(base) }));
    await send(update({ text: signalPost(base) }));
    await send(update({ text: `#${base}USDT - 🚨 Target 3 reached\n💸 Profit collected 29.32%\n⏰ Posted: 3 Days 5 Hours Ago` }));
    const [older, latest] = await signalsOf(base);
    expect(older!.events).toEqual([]);
    expect(latest).toMatchObject({ status: "TP_PARTIAL", targetsHit: 3 });
  });

  it("the operator's event shapes move the signal: stop loss, all targets, cancelled, closed", async () => {
    const cases = [
      ["#BASEUSDT - Stop Loss ⛔️\nLoss: 29.99%", "HIT_SL"],
      ["🏋🏻‍♀️ Gained Profit on #BASEUSDT in #VIP\nAll take-profit targets achieved 😎\nProfit: 45.23% 📈\nPeriod: 12 Hours 53 Minutes ⏰", "HIT_TP"],
      ["#BASEUSDT - Signal Cancelled ❎\nClosed due to opposite direction signal", "CANCELLED"],
      ["#BASEUSDT - Closed! 🔘\nTrade closed with 14.25% profit.", "CLOSED"],
    ] as const;
    for (const [text, status] of cases) {
      const base = uniqueBase();
      await send(update({ text: signalPost(base) }));
      expect((await send(update({ text: text.replace("BASE", base) }))).status).toBe(200);
      expect((await signalsOf(base))[0]!.status).toBe(status);
    }
  });

  it("an unparseable post lands in unparsed_messages with the reason; the webhook still answers 200", async () => {
    const messageId = nextMessageId++;
    const text = `#Signal #${uniqueBase()}/USDT\nLong\nEntry: 68500\nSL: 68000`;
    expect((await send(update({ text, messageId }))).status).toBe(200);
    const row = await unparsed(messageId);
    expect(row).toMatchObject({ chatId: channel, text });
    expect(row!.reason).toMatch(/target/i);
  });

  it("a signal whose prices contradict its direction is kept as unparsed with the rule", async () => {
    const messageId = nextMessageId++;
    const base = uniqueBase();
    // LONG with the stop above the entry.
    const text = `#Signal #${base}/USDT $${base}\nLong 🚀 Lev x12 #Crypto\nEntry: 4.812 - Stop Loss: 4.901\nTargets: 4.836 - 4.860`;
    expect((await send(update({ text, messageId }))).status).toBe(200);
    expect(await signalsOf(base)).toEqual([]);
    expect((await unparsed(messageId))!.reason).toMatch(/stop/i);
  });

  it("an event with nothing to attach to is kept with the reason", async () => {
    const lonely = nextMessageId++;
    await send(update({ text: `#${uniqueBase()}USDT - Stop Loss ⛔️`, messageId: lonely }));
    expect((await unparsed(lonely))!.reason).toMatch(/no open signal/);
    const orphanReply = nextMessageId++;
    await send(update({ text: "Target 2 reached 🚨", messageId: orphanReply, replyTo: 99_999 }));
    expect((await unparsed(orphanReply))!.reason).toMatch(/replies to no known signal/);
  });

  it("an event the signal's state refuses is kept with the reason (TP after the stop loss)", async () => {
    const base = uniqueBase();
    const original = nextMessageId++;
    await send(update({ text: signalPost(base), messageId: original }));
    await send(update({ text: `#${base}USDT - Stop Loss ⛔️`, replyTo: original }));
    const late = nextMessageId++;
    expect((await send(update({ text: "Target 3 reached 🚨", messageId: late, replyTo: original }))).status).toBe(200);
    expect((await unparsed(late))!.reason).toMatch(/refused.*closed/i);
    expect((await signalsOf(base))[0]).toMatchObject({ status: "HIT_SL", targetsHit: 0 });
  });

  it("chatter and the TRIAL teaser are ignored: no signal, no unparsed row", async () => {
    for (const text of ["Good morning traders! ☕ New week, new opportunities.", "#APT/USDT / $APT\nNew #Crypto #Signal Open\n🔑 Details visible for #VIP members", "📈 Last 24 hours results\n📡 Signal Calls: 22 calls\n📊 Win Rate: 68.18%"]) {
      const messageId = nextMessageId++;
      expect((await send(update({ text, messageId }))).status).toBe(200);
      expect(await unparsed(messageId)).toBeNull();
    }
  });

  it("posts from other chats are ignored", async () => {
    const base = uniqueBase();
    const other = uniqueChatId();
    const messageId = nextMessageId++;
    expect((await send(update({ text: signalPost(base), chatId: other, messageId }))).status).toBe(200);
    expect(await signalsOf(base)).toEqual([]);
    expect(await db().unparsedMessage.count({ where: { chatId: other } })).toBe(0);
    expect(jobEvents).toEqual([]);
  });

  it("updates that are not channel posts, and posts without text, are accepted and ignored", async () => {
    const message = { update_id: 1, message: { message_id: 1, date: 0, chat: { id: 5, type: "private" }, text: signalPost(uniqueBase()) } };
    expect((await send(message)).status).toBe(200);
    const photoOnly = nextMessageId++;
    expect((await send(update({ messageId: photoOnly }))).status).toBe(200);
    expect(await unparsed(photoOnly)).toBeNull();
    expect(jobEvents).toEqual([]);
  });

  it("a post of Telegram's maximum length (4,096 characters) does not crash the webhook", async () => {
    const messageId = nextMessageId++;
    const res = await send(update({ text: `#Signal ${"🚀 ".repeat(1_362)}`, messageId }));
    expect(res.status).toBe(200);
  });

  it("a body past the 64 KB cap, which no Telegram update reaches, is refused with 413", async () => {
    const res = await send(update({ text: `#Signal ${"🚀 ".repeat(20_000)}`, messageId: nextMessageId++ }));
    expect(res.status).toBe(413);
  });
});

describe("POST /api/telegram/webhook: posts in the Cornix layout", () => {
  const cornixPost = (base: string, stop = "\n\nStop Targets:\n1) 43500 - 100%") =>
    `⚡️⚡️ #${base}/USDT ⚡️⚡️\nClient: Binance Futures\nTrade Type: Regular (Short)\nLeverage: Cross (20.0X)\n\nEntry Targets:\n1) 41500 - 50%\n2) 42000 - 50%\n\nTake-Profit Targets:\n1) 40500 - 25%\n2) 40000 - 25%\n3) 39000 - 50%${stop}`;

  it("a complete post becomes a signal: the side from the Trade Type line, the entry zone from Entry Targets", async () => {
    const base = uniqueBase();
    expect((await send(update({ text: cornixPost(base) }))).status).toBe(200);
    const [s] = await signalsOf(base);
    expect(s).toMatchObject({ source: "TELEGRAM", direction: "SHORT", leverage: 20, status: "OPEN" });
    expect([s!.entryLow.toString(), s!.entryHigh.toString(), s!.stopLoss.toString()]).toEqual(["41500", "42000", "43500"]);
    expect(s!.targets.map(String)).toEqual(["40500", "40000", "39000"]);
  });

  it("Cornix's \"Entry target 1 ✅\" fill notice moves nothing; its \"Take-Profit target 1 ✅\" does", async () => {
    const base = uniqueBase();
    const original = nextMessageId++;
    await send(update({ text: cornixPost(base), messageId: original }));
    const fill = nextMessageId++;
    const fillText = `Binance Futures\n#${base}/USDT Entry target 1 ✅\nAverage Entry Price: 41500 💵`;
    expect((await send(update({ text: fillText, messageId: fill, replyTo: original }))).status).toBe(200);
    expect((await signalsOf(base))[0]).toMatchObject({ status: "OPEN", targetsHit: 0, events: [] });
    expect(await unparsed(fill)).toBeNull();
    await send(update({ text: `Binance Futures\n#${base}/USDT Take-Profit target 1 ✅\nProfit: 48.19% 📈`, replyTo: original }));
    expect((await signalsOf(base))[0]).toMatchObject({ status: "TP_PARTIAL", targetsHit: 1 });
  });

  it("a post without Stop Targets is no signal: it waits in the admin's review queue with the reason", async () => {
    const base = uniqueBase();
    const messageId = nextMessageId++;
    const text = cornixPost(base, "");
    expect((await send(update({ text, messageId }))).status).toBe(200);
    expect(await signalsOf(base)).toEqual([]);
    const { token } = await createAdmin();
    const res = await call(listUnparsedPosts, { path: "/api/admin/unparsed-posts?limit=200", token });
    expect(res.status).toBe(200);
    const row = (res.body.posts as Array<Record<string, unknown>>).find((p) => p.chat_id === channel && p.message_id === String(messageId));
    expect(row).toMatchObject({ text, reason: 'no stop loss (no "Stop Targets" block)', state: "pending" });
    const pending = await call(listUnparsedPosts, { path: "/api/admin/unparsed-posts?state=pending&limit=200", token });
    expect((pending.body.posts as Array<{ state: string }>).every((p) => p.state === "pending")).toBe(true);
    for (const bad of ["state=open", "limit=0", "limit=201", "limit=x"]) {
      expectError(await call(listUnparsedPosts, { path: `/api/admin/unparsed-posts?${bad}`, token }), 400, "invalid_input");
    }
    const subscriber = await createUser();
    expect((await call(listUnparsedPosts, { path: "/api/admin/unparsed-posts", token: subscriber.token })).status).toBe(403);
    expect((await call(listUnparsedPosts, { path: "/api/admin/unparsed-posts" })).status).toBe(401);
  });
});

describe("SIGNAL_CHANNEL_ID given as @username", () => {
  it("a post of the channel named by @username becomes a signal", async () => {
    // SIGNAL_CHANNEL_ID may name the channel by @username instead of its numeric id.
    const username = `verzek_src_${uniq()}`;
    setEnv({ SIGNAL_CHANNEL_ID: `@${username}` });
    const base = uniqueBase();
    const body = update({ text: signalPost(base) });
    (body.channel_post.chat as Record<string, unknown>).username = username;
    expect((await send(body)).status).toBe(200);
    expect(await signalsOf(base)).toHaveLength(1);
  });
});

describe("long polling (local runs): the same posts through getUpdates", () => {
  it("a post served by getUpdates becomes a signal, and a reply attaches to it", async () => {
    const tg = await startFakeTelegram();
    const poller = startChannelPoller({
      token: tg.token,
      apiRoot: tg.apiRoot,
      channelId: channel,
      pollTimeoutSeconds: 1,
      onPost: async (post) => void (await ingestChannelPost(post)),
    });
    try {
      const base = uniqueBase();
      tg.pushChannelPost({ chatId: channel, messageId: 7, text: signalPost(base) });
      tg.pushChannelPost({ chatId: channel, messageId: 8, text: "🚨 Target 1 reached", replyToMessageId: 7 });
      await vi.waitFor(async () => expect((await signalsOf(base))[0]?.status).toBe("TP_PARTIAL"), { timeout: 20_000, interval: 50 });
      expect((await signalsOf(base))[0]).toMatchObject({ externalId: `${channel}:7`, targetsHit: 1 });
    } finally {
      await poller.stop();
      await tg.close();
    }
  });
});

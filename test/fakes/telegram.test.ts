// The fake's own wire behaviour, checked with plain fetch so that grammy's quirks play no part.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseTelegramHtml, startFakeTelegram, type TFakeTelegram } from "./telegram";

let tg: TFakeTelegram;
beforeEach(async () => {
  tg = await startFakeTelegram();
});
afterEach(async () => {
  await tg.close();
});

async function api(method: string, params: Record<string, unknown> = {}, token = tg.token): Promise<{ status: number; body: any }> {
  const res = await fetch(`${tg.apiRoot}/bot${token}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: await res.json() };
}
const ids = (body: any): number[] => body.result.map((u: any) => u.update_id);

describe("getUpdates", () => {
  it("returns queued posts from offset on and forgets the ones before it", async () => {
    const [a, b, c] = [1, 2, 3].map((n) => tg.pushChannelPost({ chatId: -1001, messageId: n, text: `post ${n}` }));
    expect(ids((await api("getUpdates")).body)).toEqual([a, b, c]);
    expect(ids((await api("getUpdates", { offset: b })).body)).toEqual([b, c]);
    expect(ids((await api("getUpdates", { offset: 0 })).body)).toEqual([b, c]);
    expect(ids((await api("getUpdates", { offset: b, limit: 1 })).body)).toEqual([b]);
    expect(ids((await api("getUpdates", { offset: -1 })).body)).toEqual([c]);
  });

  it("shapes a channel post like Telegram, with the replied-to message", async () => {
    tg.pushChannelPost({ chatId: "-1001", messageId: 7, text: "BTC long" });
    tg.pushChannelPost({ chatId: "-1001", messageId: 8, text: "TP1 hit", replyToMessageId: 7 });
    const { body } = await api("getUpdates");
    const post = body.result[1].channel_post;
    expect(post.chat).toEqual({ id: -1001, type: "channel", title: "Test Channel" });
    expect(post.message_id).toBe(8);
    expect(post.text).toBe("TP1 hit");
    expect(post.reply_to_message.message_id).toBe(7);
    expect(post.reply_to_message.text).toBe("BTC long");
  });

  it("holds an empty long poll until the timeout", async () => {
    const started = Date.now();
    const { body } = await api("getUpdates", { timeout: 1 });
    expect(body.result).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("answers a held long poll as soon as a post is pushed", async () => {
    const started = Date.now();
    const poll = api("getUpdates", { timeout: 10 });
    setTimeout(() => tg.pushChannelPost({ chatId: -1001, messageId: 1, text: "hi" }), 100);
    const { body } = await poll;
    expect(body.result).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("by default (no allowed_updates yet, or an empty list) leaves out chat_member, as Telegram does", async () => {
    tg.setMemberStatus(-1009, { id: 77 }, "member");
    tg.pushPrivateMessage({ id: 77 }, "/start");
    const { body } = await api("getUpdates", { allowed_updates: [] });
    expect(body.result.map((u: any) => Object.keys(u).filter((k) => k !== "update_id"))).toEqual([["message"]]);
  });

  it("setWebhook wants HTTPS, keeps its secret and allowed_updates (shared with getUpdates), and getWebhookInfo reports them", async () => {
    expect((await api("setWebhook", { url: "http://plain.test/hook" })).body).toMatchObject({ ok: false, error_code: 400 });
    expect((await api("setWebhook", { url: "https://app.test/hook", secret_token: "s3cret", allowed_updates: ["chat_member"] })).body.ok).toBe(true);
    expect(tg.webhook()).toEqual({ url: "https://app.test/hook", secretToken: "s3cret", allowedUpdates: ["chat_member"] });
    expect((await api("getWebhookInfo")).body.result).toMatchObject({ url: "https://app.test/hook", allowed_updates: ["chat_member"] });
    // Without a list, the previous setting stays.
    await api("setWebhook", { url: "https://app.test/hook2" });
    expect(tg.webhook().allowedUpdates).toEqual(["chat_member"]);
    tg.setMemberStatus(-1009, { id: 78 }, "member");
    tg.pushPrivateMessage({ id: 78 }, "hi");
    expect(tg.takeUpdates().map((u) => Object.keys(u).filter((k) => k !== "update_id"))).toEqual([["chat_member"]]);
  });

  it("drops update types left out of allowed_updates", async () => {
    tg.pushChannelPost({ chatId: -1001, messageId: 1, text: "v1" });
    tg.pushChannelPost({ chatId: -1001, messageId: 1, text: "v2", edited: true });
    const { body } = await api("getUpdates", { allowed_updates: ["channel_post"] });
    expect(body.result.map((u: any) => Object.keys(u).sort())).toEqual([["channel_post", "update_id"]]);
  });
});

describe("sendMessage", () => {
  it("records a JSON or form-encoded message and numbers messages per chat", async () => {
    const first = await api("sendMessage", { chat_id: -1002, text: "<b>a</b> &amp; b", parse_mode: "HTML" });
    expect(first.body.result).toMatchObject({ message_id: 1, text: "a & b", chat: { id: -1002, type: "channel" } });
    const form = await fetch(`${tg.apiRoot}/bot${tg.token}/sendMessage`, {
      method: "POST",
      body: new URLSearchParams({ chat_id: "-1002", text: "second" }),
    });
    expect((await form.json()).result.message_id).toBe(2);
    expect(tg.sentTo(-1002).map((m) => [m.text, m.parseMode, m.messageId])).toEqual([
      ["<b>a</b> &amp; b", "HTML", 1],
      ["second", null, 2],
    ]);
  });

  it("rejects HTML that Telegram cannot parse", async () => {
    const { status, body } = await api("sendMessage", { chat_id: 1, text: "entry <5, stop >3", parse_mode: "HTML" });
    expect(status).toBe(400);
    expect(body.description).toMatch(/^Bad Request: can't parse entities: Unsupported start tag "5,"/);
    expect(tg.sent).toHaveLength(0);
  });

  it("fails the scripted number of calls, then recovers", async () => {
    tg.failNext(1, { code: 429, retryAfter: 3 });
    const limited = await api("sendMessage", { chat_id: 1, text: "x" });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ ok: false, error_code: 429, parameters: { retry_after: 3 } });
    expect((await api("sendMessage", { chat_id: 1, text: "x" })).body.ok).toBe(true);
  });

  it("limits messages per chat per minute", async () => {
    tg.rateLimitPerChatPerMinute(2);
    await api("sendMessage", { chat_id: 5, text: "1" });
    await api("sendMessage", { chat_id: 5, text: "2" });
    const third = await api("sendMessage", { chat_id: 5, text: "3" });
    expect(third.body.error_code).toBe(429);
    expect(third.body.parameters.retry_after).toBeGreaterThanOrEqual(59);
    expect((await api("sendMessage", { chat_id: 6, text: "other chat" })).body.ok).toBe(true);
  });
});

describe("the server", () => {
  it("answers 401 to a wrong token and 404 to an unknown method", async () => {
    expect((await api("getMe", {}, "999:WRONG")).body).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });
    const unknown = await api("sendTelepathy");
    expect(unknown.status).toBe(404);
    expect(unknown.body.description).toBe("Not Found: method not found");
  });

  it("drops connections while down and serves again after comeBack", async () => {
    tg.goDown();
    await expect(api("getMe")).rejects.toThrow();
    expect(tg.refusedConnections()).toBeGreaterThan(0);
    tg.comeBack();
    expect((await api("getMe")).body.result.is_bot).toBe(true);
  });

  it("holds sendMessage unanswered while stalled and answers it on comeBack", async () => {
    tg.stall();
    let answered = false;
    const reply = api("sendMessage", { chat_id: 5, text: "waiting" }).then((r) => ((answered = true), r));
    await vi.waitFor(() => expect(tg.calls.some((c) => c.method === "sendMessage" && c.status === 0)).toBe(true), { timeout: 10_000 });
    expect((await api("getMe")).body.ok).toBe(true);
    expect(answered).toBe(false);
    expect(tg.sent).toEqual([]);
    tg.comeBack();
    expect((await reply).body.result.text).toBe("waiting");
    expect(tg.sentTo(5)).toHaveLength(1);
  });

  it("reads its time from the clock it is given", async () => {
    await tg.close();
    let now = Date.UTC(2026, 0, 1);
    tg = await startFakeTelegram({ now: () => now });
    tg.rateLimitPerChatPerMinute(1);
    await api("sendMessage", { chat_id: 5, text: "1" });
    now += 20_000;
    expect((await api("sendMessage", { chat_id: 5, text: "2" })).body.parameters.retry_after).toBe(40);
    now += 40_000;
    expect((await api("sendMessage", { chat_id: 5, text: "3" })).body.ok).toBe(true);
    expect(tg.sentTo(5).map((m) => m.at.getTime())).toEqual([Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1) + 60_000]);
  });
});

describe("parseTelegramHtml", () => {
  it("decodes entities, keeps a stray ampersand and rejects unbalanced tags", () => {
    expect(parseTelegramHtml("<b>1 &lt; 2</b> &#65;&#x42; R&D")).toEqual({ text: "1 < 2 AB R&D" });
    expect(parseTelegramHtml("<b>open")).toEqual({ error: 'Can\'t find end tag corresponding to start tag "b"' });
    expect(parseTelegramHtml("<b><i>x</b></i>")).toMatchObject({ error: expect.stringMatching(/^Unmatched end tag/) });
  });
});

describe("membership: join requests, members, private chats, flood limits", () => {
  const user = { id: 4_200_000_001, username: "alice_tg", first_name: "Alice" };

  it("delivers /start, chat_join_request and chat_member updates in Telegram's shape", async () => {
    tg.pushPrivateMessage(user, "/start abc_DEF-123");
    tg.pushJoinRequest("-1009", user, "https://t.me/+x");
    // chat_member only arrives when asked for by name (Telegram's default leaves it out).
    const { body } = await api("getUpdates", { allowed_updates: ["message", "chat_join_request", "chat_member"] });
    const [start, join] = body.result;
    expect(start.message).toMatchObject({
      from: { id: user.id, is_bot: false, username: "alice_tg", first_name: "Alice" },
      chat: { id: user.id, type: "private", username: "alice_tg" },
      text: "/start abc_DEF-123",
      entities: [{ type: "bot_command", offset: 0, length: 6 }],
    });
    expect(join.chat_join_request).toMatchObject({ chat: { id: -1009, type: "supergroup" }, from: { id: user.id }, user_chat_id: user.id, invite_link: { invite_link: "https://t.me/+x", creates_join_request: true } });

    expect((await api("approveChatJoinRequest", { chat_id: -1009, user_id: user.id })).body).toEqual({ ok: true, result: true });
    // A second answer to the same request: Telegram's error.
    expect((await api("declineChatJoinRequest", { chat_id: -1009, user_id: user.id })).body).toMatchObject({ ok: false, error_code: 400, description: "Bad Request: HIDE_REQUESTER_MISSING" });
    const member = (await api("getUpdates", { offset: join.update_id + 1 })).body.result[0].chat_member;
    expect(member).toMatchObject({ chat: { id: -1009 }, old_chat_member: { status: "left" }, new_chat_member: { status: "member", user: { id: user.id } } });
    expect((await api("getChatMember", { chat_id: -1009, user_id: user.id })).body.result).toMatchObject({ status: "member", user: { id: user.id } });
  });

  it("ban then unban (only_if_banned) leaves the user free to come back; createChatInviteLink makes join-request links", async () => {
    tg.setMemberStatus("-1009", user, "member");
    await api("banChatMember", { chat_id: -1009, user_id: user.id });
    expect(tg.memberStatus("-1009", user.id)).toBe("kicked");
    await api("unbanChatMember", { chat_id: -1009, user_id: user.id, only_if_banned: true });
    expect(tg.memberStatus("-1009", user.id)).toBe("left");
    const link = await api("createChatInviteLink", { chat_id: -1009, creates_join_request: true, name: "members" });
    expect(link.body.result).toMatchObject({ invite_link: expect.stringMatching(/^https:\/\/t\.me\/\+/), creates_join_request: true, name: "members" });
    expect((await api("createChatInviteLink", { chat_id: -1009, creates_join_request: true, member_limit: 1 })).status).toBe(400);
  });

  it("a private message to a user who blocked the bot answers 403", async () => {
    tg.blockBot(user.id);
    expect((await api("sendMessage", { chat_id: user.id, text: "hi" })).body).toMatchObject({ ok: false, error_code: 403 });
  });

  it("enforces 30 calls a second overall and 20 messages a minute per group with 429 retry_after", async () => {
    let now = 1_000_000;
    const limited = await startFakeTelegram({ now: () => now });
    try {
      limited.enforceLimits({ globalPerSecond: 30, groupMessagesPerMinute: 20 });
      const post = async (method: string, params: Record<string, unknown>) =>
        (await fetch(`${limited.apiRoot}/bot${limited.token}/${method}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(params) })).json(); // prettier-ignore
      for (let i = 0; i < 30; i++) expect((await post("getChatMember", { chat_id: -1009, user_id: i + 1 })).ok).toBe(true);
      expect(await post("getChatMember", { chat_id: -1009, user_id: 99 })).toMatchObject({ ok: false, error_code: 429, parameters: { retry_after: 1 } });
      now += 1000;
      for (let i = 0; i < 20; i++) expect((await post("sendMessage", { chat_id: -1009, text: `m${i}` })).ok).toBe(true);
      const refused = await post("sendMessage", { chat_id: -1009, text: "one too many" });
      expect(refused).toMatchObject({ ok: false, error_code: 429 });
      expect(refused.parameters.retry_after).toBe(60);
      expect((await post("sendMessage", { chat_id: 12345, text: "a private chat still gets it" })).ok).toBe(true);
      expect(limited.tooManyRequests()).toBe(2);
    } finally {
      await limited.close();
    }
  });
});

// grammy's long polling against the local Bot API fake: which posts reach onPost, and how it stops.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startFakeTelegram, type TFakeTelegram } from "../../test/fakes/telegram";
import { logger } from "../logger";
import { startChannelPoller, type TChannelPoller, type TChannelPost } from "./channel-poller";

const CHANNEL = "-1001234567890";
let tg: TFakeTelegram;
let poller: TChannelPoller | null;
let received: TChannelPost[];

beforeEach(async () => {
  tg = await startFakeTelegram();
  poller = null;
  received = [];
});
afterEach(async () => {
  await poller?.stop();
  await tg.close();
});

function start(onPost: (post: TChannelPost) => Promise<void> = async (post) => void received.push(post)): TChannelPoller {
  poller = startChannelPoller({ token: tg.token, apiRoot: tg.apiRoot, channelId: CHANNEL, onPost });
  return poller;
}
// How long to wait for something the poller does before failing: generous, for a busy machine.
const WAIT = { timeout: 20_000, interval: 20 };
const heldPolls = () => tg.calls.filter((c) => c.method === "getUpdates" && c.status === 0);
/** Resolves once the poller holds a long poll open, so later pushes exercise the wake-up path. */
const polling = () => vi.waitFor(() => expect(heldPolls().length).toBeGreaterThan(0), WAIT);

describe("startChannelPoller", () => {
  it("with onUpdate, asks for and hands over /start messages, join requests and member changes as raw updates", async () => {
    const updates: unknown[] = [];
    poller = startChannelPoller({ token: tg.token, apiRoot: tg.apiRoot, onPost: async (post) => void received.push(post), onUpdate: async (u) => void updates.push(u) });
    await polling();
    const who = { id: 4_200_000_002, username: "bob_tg" };
    tg.pushPrivateMessage(who, "/start tok");
    tg.pushJoinRequest(CHANNEL, who);
    tg.setMemberStatus(CHANNEL, who, "left");
    tg.setMemberStatus(CHANNEL, who, "member");
    tg.pushChannelPost({ chatId: CHANNEL, messageId: 5, text: "a post, and no channel configured" });
    await vi.waitFor(() => expect(updates).toHaveLength(3), WAIT);
    expect(updates.map((u) => Object.keys(u as object).filter((k) => k !== "update_id")[0])).toEqual(["message", "chat_join_request", "chat_member"]);
    expect(tg.calls.find((c) => c.method === "getUpdates")!.params.allowed_updates).toEqual(["channel_post", "message", "chat_join_request", "chat_member"]);
    expect(received).toEqual([]);
  });

  it("delivers a post of the configured channel with its reply-to id, and ignores other chats and edits", async () => {
    start();
    await polling();
    tg.pushChannelPost({ chatId: "-1009999999999", messageId: 1, text: "another channel" });
    tg.pushChannelPost({ chatId: CHANNEL, messageId: 41, text: "BTC/USDT LONG" });
    tg.pushChannelPost({ chatId: CHANNEL, messageId: 41, text: "BTC/USDT LONG (edited)", edited: true });
    tg.pushChannelPost({ chatId: CHANNEL, messageId: 42, text: "TP1 hit", replyToMessageId: 41, date: new Date("2026-11-25T10:00:00Z") });

    await vi.waitFor(() => expect(received).toHaveLength(2), WAIT);
    expect(received[0]).toMatchObject({ chatId: CHANNEL, messageId: 41, text: "BTC/USDT LONG", replyToMessageId: null });
    expect(received[1]).toEqual({
      chatId: CHANNEL,
      chatUsername: null,
      messageId: 42,
      text: "TP1 hit",
      replyToMessageId: 41,
      date: new Date("2026-11-25T10:00:00Z"),
    });
    expect(tg.calls[0]?.method).toBe("getMe");
  });

  it("keeps polling after onPost fails, logging the failure", async () => {
    const logged = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    start(async (post) => {
      if (post.messageId === 1) throw new Error("parser exploded");
      received.push(post);
    });
    tg.pushChannelPost({ chatId: CHANNEL, messageId: 1, text: "bad" });
    tg.pushChannelPost({ chatId: CHANNEL, messageId: 2, text: "good" });
    await vi.waitFor(() => expect(received.map((p) => p.messageId)).toEqual([2]), WAIT);
    expect(logged).toHaveBeenCalledWith("telegram channel post handler failed", { updateId: 1, error: "parser exploded" });
    logged.mockRestore();
  });

  it("stops promptly, cancelling the held long poll, and delivers nothing afterwards", async () => {
    start();
    await polling();
    const [held] = heldPolls();
    await poller?.stop();
    // Cancelled by the client (499), not left to run out its 30 s.
    await vi.waitFor(() => expect(held!.status).toBe(499), WAIT);
    // grammy confirms the offset with one last short getUpdates.
    expect(tg.calls.at(-1)).toMatchObject({ method: "getUpdates", status: 200, params: { limit: 1 } });

    const pollsAfterStop = tg.calls.length;
    tg.pushChannelPost({ chatId: CHANNEL, messageId: 1, text: "too late" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toEqual([]);
    expect(tg.calls.length).toBe(pollsAfterStop);
  });

  it("stops while the API is unreachable at startup (grammy would retry getMe forever)", async () => {
    tg.goDown();
    start();
    await vi.waitFor(() => expect(tg.refusedConnections()).toBeGreaterThan(0), WAIT);
    // Without the abort this never resolves, and the test times out.
    await poller?.stop();
  });

  it("picks up after an outage", async () => {
    start();
    await polling();
    tg.goDown();
    tg.comeBack();
    tg.pushChannelPost({ chatId: CHANNEL, messageId: 5, text: "after the outage" });
    // grammy waits 3 s before polling again after a network error.
    await vi.waitFor(() => expect(received.map((p) => p.text)).toEqual(["after the outage"]), WAIT);
  });
});

// The group's invite link while Telegram was unreachable: its call backs off up to 5 minutes, and a
// message waiting for the link brings the call forward instead of sitting out that backoff. The
// call has its own queue, so it never waits behind the group's posts.
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { enqueueBotCalls } from "@/server/notifications/outbox";
import { recordJobEvents, uniqueChatId } from "@/test/helpers/signals";
import { inviteLinkCall, inviteLinkQueue } from "./bot-calls";

const INVITE_LINK_KIND = "invite_link";
import { fillInviteLinks } from "./invite-links";

const MINUTE = 60_000;
let chat: string;

beforeEach(() => {
  chat = uniqueChatId();
  recordJobEvents();
});

async function queueLinkCall(state: { nextAttemptAt: Date; status?: "PENDING" | "FAILED" }) {
  await db().$transaction((tx) => enqueueBotCalls(tx, [inviteLinkCall(chat, new Date())]));
  await db().outboxMessage.updateMany({
    where: { target: inviteLinkQueue(chat), kind: INVITE_LINK_KIND },
    data: { nextAttemptAt: state.nextAttemptAt, status: state.status ?? "PENDING", attempts: 8, lastError: "connect ECONNREFUSED" },
  });
}
const linkCall = () => db().outboxMessage.findFirstOrThrow({ where: { target: inviteLinkQueue(chat), kind: INVITE_LINK_KIND } });

describe("a message waiting for the group's invite link", () => {
  it("brings a backing-off link call forward to within 10 s", async () => {
    await queueLinkCall({ nextAttemptAt: new Date(Date.now() + 5 * MINUTE) });
    const before = Date.now();
    expect(await fillInviteLinks(`Join: {{invite_link:${chat}}}`)).toBeNull();
    const call = await linkCall();
    expect(call.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + 10_000);
    expect(call.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(call.attempts).toBe(8); // its backoff history is kept; only the next attempt moved
  });

  it("leaves a call already due soon, and a call that failed for good, as they are", async () => {
    const dueSoon = new Date(Date.now() + 3_000);
    await queueLinkCall({ nextAttemptAt: dueSoon });
    await fillInviteLinks(`Join: {{invite_link:${chat}}}`);
    expect((await linkCall()).nextAttemptAt.getTime()).toBe(dueSoon.getTime());

    chat = uniqueChatId();
    const later = new Date(Date.now() + 5 * MINUTE);
    await queueLinkCall({ nextAttemptAt: later, status: "FAILED" });
    await fillInviteLinks(`Join: {{invite_link:${chat}}}`);
    expect((await linkCall()).nextAttemptAt.getTime()).toBe(later.getTime());
  });

  it("is queued on its own, not behind the group's posts (a backlog of posts waits at 20 a minute)", async () => {
    const later = new Date(Date.now() + 5 * MINUTE);
    await db().outboxMessage.create({ data: { target: chat, kind: "signal", body: "an earlier post", dedupeKey: `post:${chat}`, nextAttemptAt: later, attempts: 8 } });
    expect(await fillInviteLinks(`Join: {{invite_link:${chat}}}`)).toBeNull();
    const call = await linkCall();
    expect(call.target).not.toBe(chat);
    expect(call.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    const post = await db().outboxMessage.findFirstOrThrow({ where: { target: chat } });
    expect(post.nextAttemptAt.getTime()).toBe(later.getTime()); // the group's own backoff is its business
  });

  it("many waiting messages move the call once, not once each", async () => {
    await queueLinkCall({ nextAttemptAt: new Date(Date.now() + 5 * MINUTE) });
    await Promise.all(Array.from({ length: 20 }, () => fillInviteLinks(`Join: {{invite_link:${chat}}}`)));
    const calls = await db().outboxMessage.findMany({ where: { target: inviteLinkQueue(chat), kind: INVITE_LINK_KIND } });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + 10_000);
  });
});

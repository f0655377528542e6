// Relinking: VIP access belongs to the Verzek account, so the Telegram account it leaves behind
// leaves the VIP group (its approval undone), against the fake Bot API through the real webhook
// route and outbox.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { startMembershipHarness, type TMembershipHarness } from "@/test/helpers/membership";

let h: TMembershipHarness;
beforeEach(async () => {
  h = await startMembershipHarness();
});
afterEach(async () => h.close());

const okCalls = (method: string, userId: number) => h.tg.calls.filter((c) => c.method === method && Number(c.params.user_id) === userId && c.status === 200);

describe("relinking moves VIP access with the account", () => {
  it("a paying user's old Telegram account is removed from the VIP group and told why; the new one gets the invite and is let in", async () => {
    const paid = await h.linkedUser("VIP");
    h.tg.pushJoinRequest(h.vip, paid.tg);
    await h.flushUpdates();
    await h.settle();
    expect(h.tg.memberStatus(h.vip, paid.tg.id)).toBe("member");

    const fresh = h.tgUser();
    await h.link(paid.token, fresh);
    await h.settle();
    expect(h.tg.memberStatus(h.vip, paid.tg.id)).toBe("left");
    expect(okCalls("banChatMember", paid.tg.id)).toHaveLength(1);
    expect(okCalls("unbanChatMember", paid.tg.id)).toHaveLength(1);
    expect(h.dmsTo(paid.tg).at(-1)).toMatch(new RegExp(`no longer connected to the Verzek account <b>${paid.user.username}</b>`));
    expect(h.dmsTo(fresh).at(-1)).toMatch(/Join the VIP group: https:\/\/t\.me\/\+fake/);

    // The new account is let in; the old one, asking again, is declined.
    h.tg.pushJoinRequest(h.vip, fresh);
    h.tg.pushJoinRequest(h.vip, paid.tg);
    await h.flushUpdates();
    await h.settle();
    expect(h.tg.memberStatus(h.vip, fresh.id)).toBe("member");
    expect(h.tg.memberStatus(h.vip, paid.tg.id)).toBe("left");
    expect(okCalls("declineChatJoinRequest", paid.tg.id)).toHaveLength(1);
    // The platform's own record agrees: the old account is out, not an unauthorized member.
    const row = await db().telegramGroupMember.findUniqueOrThrow({ where: { chatId_telegramUserId: { chatId: h.vip, telegramUserId: BigInt(paid.tg.id) } } });
    expect(row.status).toBe("left");
  });

  it("an approval still queued for the old account is undone: the removal goes out after it on the same queue", async () => {
    const paid = await h.linkedUser("PREMIUM");
    h.tg.pushJoinRequest(h.vip, paid.tg);
    await h.flushUpdates(); // approval queued, not yet delivered
    const fresh = h.tgUser();
    await h.link(paid.token, fresh);
    await h.settle();
    const order = h.tg.calls.filter((c) => Number(c.params.user_id) === paid.tg.id && c.status === 200).map((c) => c.method);
    expect(order).toEqual(["approveChatJoinRequest", "banChatMember", "unbanChatMember"]);
    expect(h.tg.memberStatus(h.vip, paid.tg.id)).toBe("left");
  });

  it("a Telegram account that moves from a paying user to a TRIAL user leaves the VIP group", async () => {
    const paid = await h.linkedUser("VIP");
    h.tg.pushJoinRequest(h.vip, paid.tg);
    await h.flushUpdates();
    await h.settle();
    const free = await h.linkedUser("TRIAL");
    await h.link(free.token, paid.tg);
    await h.settle();
    expect(h.tg.memberStatus(h.vip, paid.tg.id)).toBe("left");
    expect((await db().user.findUniqueOrThrow({ where: { id: paid.user.id } })).telegramUserId).toBeNull();
  });

  it("a TRIAL user's relink sends no removal (their old account was never let in)", async () => {
    const free = await h.linkedUser("TRIAL");
    const fresh = h.tgUser();
    await h.link(free.token, fresh);
    await h.settle();
    expect(h.tg.calls.filter((c) => c.method === "banChatMember")).toHaveLength(0);
    expect(h.dmsTo(free.tg).join("\n")).not.toMatch(/no longer connected/);
  });
});

// The admin user page's VIP membership: what it shows (linked account, group status, last invite,
// last removal with Telegram's refusal) and its two actions through tRPC — re-send the invite,
// remove from the group — admin only, with bad input answered 4xx. Against the fake Bot API.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createAdmin, createUser } from "@/test/helpers/factories";
import { startMembershipHarness, type TMembershipHarness } from "@/test/helpers/membership";
import { setEnv } from "@/test/helpers/signals";
import { callerAs, trpcError } from "@/test/helpers/trpc";

let h: TMembershipHarness;
beforeEach(async () => {
  h = await startMembershipHarness();
});
afterEach(async () => h.close());

async function joined(plan: "VIP" | "PREMIUM") {
  const u = await h.linkedUser(plan);
  h.tg.pushJoinRequest(h.vip, u.tg);
  await h.flushUpdates();
  await h.settle();
  expect(h.tg.memberStatus(h.vip, u.tg.id)).toBe("member");
  return u;
}

describe("membership.user / reinviteUser / removeUser", () => {
  it("shows a paying member: linked account, in the group, the invite sent; re-sending DMs the invite again, once a minute at most", async () => {
    const admin = await callerAs((await createAdmin()).token);
    const u = await joined("VIP");
    const m = await admin.membership.user({ id: u.user.id });
    expect(m).toMatchObject({
      user_id: u.user.id,
      entitled: true,
      vip_configured: true,
      vip_state: "in_group",
      in_group: true,
      unauthorized: false,
      can_reinvite: true,
      can_remove: false,
      telegram: { user_id: String(u.tg.id), username: u.tg.username },
      vip_group: { status: "member" },
      last_invite: { status: "SENT", error: null },
      last_removal: null,
    });

    const before = h.dmsTo(u.tg).length;
    expect(await admin.membership.reinviteUser({ id: u.user.id })).toEqual({ queued: true });
    expect(await admin.membership.reinviteUser({ id: u.user.id })).toEqual({ queued: false }); // a double click
    await h.settle();
    expect(h.dmsTo(u.tg)).toHaveLength(before + 1);
    expect(h.dmsTo(u.tg).at(-1)).toMatch(/Join the VIP group: https:\/\/t\.me\/\+fake/);
    expect((await admin.membership.user({ id: u.user.id })).last_invite).toMatchObject({ kind: "vip_reinvite", status: "SENT" });
    expect(await db().auditEvent.count({ where: { action: "membership.reinvite", target: `user:${u.user.id}` } })).toBe(1);

    // An entitled member is not removed from here: their plan decides.
    expect(await trpcError(admin.membership.removeUser({ id: u.user.id }))).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/end the plan/) });
  });

  it("a member whose plan ended but who is still in the group is removed through the unauthorized list's removal, and the refusal shows", async () => {
    const admin = await callerAs((await createAdmin()).token);
    const u = await joined("PREMIUM");
    // The plan ends outside the expiry job (no removal queued yet): an unauthorized member.
    await db().user.update({ where: { id: u.user.id }, data: { plan: "TRIAL", planExpiresAt: null } });
    expect(await admin.membership.user({ id: u.user.id })).toMatchObject({ entitled: false, vip_state: "unauthorized", in_group: true, unauthorized: true, can_reinvite: false, can_remove: true });
    expect(await trpcError(admin.membership.reinviteUser({ id: u.user.id }))).toMatchObject({ code: "CONFLICT" });

    h.tg.failNext(1, { code: 400, description: "Bad Request: not enough rights to restrict/unrestrict chat member", method: "banChatMember" });
    expect(await admin.membership.removeUser({ id: u.user.id })).toEqual({ queued: true });
    await h.settle();
    expect((await admin.membership.user({ id: u.user.id })).last_removal).toMatchObject({ status: "PENDING", error: expect.stringMatching(/not enough rights/) });

    h.advance(61 * 60_000); // the refused removal is tried again an hour later
    await h.settle();
    expect(h.tg.memberStatus(h.vip, u.tg.id)).toBe("left");
    const after = await admin.membership.user({ id: u.user.id });
    expect(after.vip_group).toMatchObject({ status: "left" });
    expect(after).toMatchObject({ vip_state: "not_in_group", in_group: false, unauthorized: false, can_remove: false });
    expect(after.last_removal).toMatchObject({ status: "SENT" });
    expect(await db().auditEvent.count({ where: { action: "membership.remove", target: `telegram:${u.tg.id}` } })).toBe(1);
  });

  it("a user without Telegram: nothing linked, both actions refused with a reason", async () => {
    const admin = await callerAs((await createAdmin()).token);
    const { user } = await createUser({ plan: "VIP" });
    expect(await admin.membership.user({ id: user.id })).toMatchObject({ entitled: true, vip_state: "not_linked", in_group: false, can_reinvite: false, can_remove: false, telegram: null, vip_group: null, last_invite: null });
    expect(await trpcError(admin.membership.reinviteUser({ id: user.id }))).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/not connected Telegram/) });
    expect(await trpcError(admin.membership.removeUser({ id: user.id }))).toMatchObject({ code: "CONFLICT" });
  });

  it("without VIP_CHAT_ID the page says so and re-sending answers SERVICE_UNAVAILABLE (503), not a 500", async () => {
    const admin = await callerAs((await createAdmin()).token);
    const u = await h.linkedUser("VIP");
    setEnv({ VIP_CHAT_ID: undefined });
    expect(await admin.membership.user({ id: u.user.id })).toMatchObject({ vip_configured: false, vip_state: "not_configured", can_reinvite: false, can_remove: false });
    expect((await trpcError(admin.membership.reinviteUser({ id: u.user.id }))).code).toBe("SERVICE_UNAVAILABLE");
  });

  it("admin only; bad ids answer BAD_REQUEST or NOT_FOUND, never a 500", async () => {
    const admin = await callerAs((await createAdmin()).token);
    const { user, token } = await createUser({ plan: "VIP" });
    const self = await callerAs(token);
    const anonymous = await callerAs();
    for (const caller of [self, anonymous]) {
      const expected = caller === self ? "FORBIDDEN" : "UNAUTHORIZED";
      expect((await trpcError(caller.membership.user({ id: user.id }))).code).toBe(expected);
      expect((await trpcError(caller.membership.reinviteUser({ id: user.id }))).code).toBe(expected);
      expect((await trpcError(caller.membership.removeUser({ id: user.id }))).code).toBe(expected);
    }
    const bad: unknown[] = [{ id: "1" }, { id: 1.5 }, { id: 0 }, { id: -3 }, { id: 2 ** 31 }, { id: 1e308 }, {}, { id: user.id, extra: true }, null, "x"];
    for (const input of bad) {
      expect((await trpcError(admin.membership.user(input as { id: number }))).code, JSON.stringify(input)).toBe("BAD_REQUEST");
      expect((await trpcError(admin.membership.removeUser(input as { id: number }))).code, JSON.stringify(input)).toBe("BAD_REQUEST");
    }
    expect((await trpcError(admin.membership.user({ id: 2_000_000_000 }))).code).toBe("NOT_FOUND");
    expect((await trpcError(admin.membership.reinviteUser({ id: 2_000_000_000 }))).code).toBe("NOT_FOUND");
    expect((await trpcError(admin.membership.removeUser({ id: 2_000_000_000 }))).code).toBe("NOT_FOUND");
  });
});

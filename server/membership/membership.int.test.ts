// VIP group membership end to end against the fake Bot API with the real grammy client: linking
// by /start token, join requests, removal at expiry, reminders, the nightly reconcile and the
// admin's unauthorized list. Updates reach us through the real webhook route in Telegram's wire
// format; every Bot API call goes out through the outbox. Time is a clock each test owns (shared by
// the deliverer and the fake), so Telegram's per-chat spacing passes at once.
import { createHash, randomInt } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GET as adminMembership } from "@/app/api/admin/membership/route";
import { POST as adminRemove } from "@/app/api/admin/membership/remove/route";
import { GET as myMembership } from "@/app/api/membership/me/route";
import { POST as linkRoute } from "@/app/api/membership/telegram/link/route";
import { POST as initiatePayment } from "@/app/api/payments/usdt/initiate/route";
import { POST as verifyPayment } from "@/app/api/payments/usdt/verify/route";
import { POST as telegramWebhook } from "@/app/api/telegram/webhook/route";
import { GET as generalRoute } from "@/app/api/users/[id]/general/route";
import { PUT as subscriptionRoute } from "@/app/api/users/[id]/subscription/route";
import { db } from "@/server/db/client";
import { deliverOutbox, type TDeliveryClock } from "@/server/notifications/deliver-outbox";
import { telegramTransport } from "@/server/deliver-telegram";
import { expirePlans } from "@/server/subscriptions/expire-plans";
import { createTelegramSender } from "@/server/telegram/sender";
import { startFakeTelegram, type TFakeTelegram, type TFakeUser } from "@/test/fakes/telegram";
import { createAdmin, createUser } from "@/test/helpers/factories";
import { call, expectError } from "@/test/helpers/http";
import { txHash } from "@/test/helpers/payments";
import { recordJobEvents, setEnv, uniqueChatId } from "@/test/helpers/signals";
import { syncAllVipAccess } from "./access";
import { reconcileVipMembers } from "./reconcile";
import { sendExpiryReminders } from "./reminders";

const DAY = 86_400_000;
const SECRET = "membership-test-secret";
let tg: TFakeTelegram;
let vip: string;
let trial: string;
let t = 0;
const clock: TDeliveryClock = {
  now: () => new Date(t),
  async sleep(ms) {
    t += ms;
    await new Promise((resolve) => setImmediate(resolve));
  },
};

beforeEach(async () => {
  t = Date.now() + 1000;
  tg = await startFakeTelegram({ now: () => t, botUsername: "verzek_member_bot" });
  // The deliverer serves every queue: start from an outbox with nobody else's pending rows.
  await db().outboxMessage.deleteMany({ where: { status: "PENDING" } });
  vip = uniqueChatId();
  trial = uniqueChatId();
  setEnv({
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.apiRoot,
    TELEGRAM_BOT_USERNAME: "verzek_member_bot",
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    VIP_CHAT_ID: vip,
    TRIAL_CHAT_ID: trial,
    ADMIN_CHAT_ID: undefined,
    APP_URL: "https://app.verzek.test",
  });
  recordJobEvents();
});
afterEach(async () => {
  await db().outboxMessage.deleteMany({ where: { status: "PENDING" } });
  await tg.close();
});

const tgUser = (): TFakeUser => {
  const id = randomInt(1_000_000_000, 9_000_000_000);
  return { id, username: `tg_${id}`, first_name: "Member" };
};
/** What Telegram has queued, posted to our webhook one update at a time as Telegram would. */
async function flushUpdates(): Promise<void> {
  for (const update of tg.takeUpdates()) {
    const res = await call(telegramWebhook, { method: "POST", body: update, headers: { "x-telegram-bot-api-secret-token": SECRET } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
}
/** Delivers the outbox, then feeds the updates our calls caused back, until both are quiet. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    t += 2000;
    await deliverOutbox(telegramTransport(createTelegramSender({ token: tg.token, apiRoot: tg.apiRoot })), { clock, budgetMs: 60_000 });
    await flushUpdates();
  }
}
const dmsTo = (u: TFakeUser) => tg.sentTo(u.id).map((m) => m.text);
const callsOf = (method: string, u: TFakeUser) => tg.calls.filter((c) => c.method === method && Number(c.params.user_id) === u.id && c.status === 200);

async function link(token: string, u: TFakeUser): Promise<void> {
  const res = await call(linkRoute, { method: "POST", token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  tg.pushPrivateMessage(u, `/start ${res.body.token as string}`);
  await flushUpdates();
}
async function linkedUser(plan: "TRIAL" | "VIP" | "PREMIUM", planExpiresAt?: Date) {
  const made = await createUser({ plan, ...(planExpiresAt ? { planExpiresAt } : {}) });
  const u = tgUser();
  await link(made.token, u);
  await settle();
  return { ...made, tg: u };
}

describe("linking a Telegram account", () => {
  it("the deep link's token links the account once; the bot answers; general shows the username", async () => {
    const { user, token } = await createUser();
    const res = await call(linkRoute, { method: "POST", token });
    expect(res.status).toBe(200);
    expect(res.body.url).toBe(`https://t.me/verzek_member_bot?start=${res.body.token}`);
    expect(res.body.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(new Date(res.body.expires_at).getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(new Date(res.body.expires_at).getTime() - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    // Only the hash is stored.
    expect(await db().telegramLinkToken.count({ where: { tokenHash: res.body.token } })).toBe(0);

    const u = tgUser();
    tg.pushPrivateMessage(u, `/start ${res.body.token}`);
    await flushUpdates();
    await settle();
    expect(dmsTo(u).at(-1)).toMatch(new RegExp(`Telegram connected to your Verzek account <b>${user.username}</b>`));
    // A TRIAL user gets the TRIAL group's join-request link, made once through the outbox.
    expect(dmsTo(u).at(-1)).toMatch(/Join the TRIAL group: https:\/\/t\.me\/\+fake\d+/);
    expect(tg.calls.filter((c) => c.method === "createChatInviteLink" && c.params.creates_join_request === true)).toHaveLength(1);
    const general = await call(generalRoute, { token, params: { id: String(user.id) } });
    expect(general.body).toMatchObject({ telegram_linked: true, telegram_username: u.username });

    // Reused by someone else → refused, and the link stays where it is.
    const other = tgUser();
    tg.pushPrivateMessage(other, `/start ${res.body.token}`);
    await flushUpdates();
    await settle();
    expect(dmsTo(other)).toEqual([expect.stringMatching(/already used/)]);
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).telegramUserId).toBe(BigInt(u.id));
  });

  it("an expired or unknown token is refused and links nothing", async () => {
    const { user, token } = await createUser();
    const res = await call(linkRoute, { method: "POST", token });
    const hash = createHash("sha256").update(res.body.token as string).digest("hex");
    await db().telegramLinkToken.update({ where: { tokenHash: hash }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const u = tgUser();
    tg.pushPrivateMessage(u, `/start ${res.body.token}`);
    tg.pushPrivateMessage(u, `/start ${"x".repeat(32)}`);
    await flushUpdates();
    await settle();
    expect(dmsTo(u)).toEqual([expect.stringMatching(/has expired/), expect.stringMatching(/not valid/)]);
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).telegramUserId).toBeNull();
  });

  it("one Telegram account per user: linking it to another account moves it; a new link replaces the old one", async () => {
    const a = await createUser();
    const b = await createUser();
    const u = tgUser();
    await link(a.token, u);
    const stale = await call(linkRoute, { method: "POST", token: b.token });
    await link(b.token, u);
    const [rowA, rowB] = await Promise.all([a, b].map((x) => db().user.findUniqueOrThrow({ where: { id: x.user.id } })));
    expect(rowA!.telegramUserId).toBeNull();
    expect(rowB!.telegramUserId).toBe(BigInt(u.id));
    // b's first token was replaced by the second: it no longer links.
    const v = tgUser();
    tg.pushPrivateMessage(v, `/start ${stale.body.token}`);
    await flushUpdates();
    expect((await db().user.findUniqueOrThrow({ where: { id: b.user.id } })).telegramUserId).toBe(BigInt(u.id));
  });

  it("without TELEGRAM_BOT_USERNAME the link answers 503 with {error, message}; without a token 401", async () => {
    const { token } = await createUser();
    setEnv({ TELEGRAM_BOT_USERNAME: undefined });
    expectError(await call(linkRoute, { method: "POST", token }), 503, "service_unavailable");
    expectError(await call(linkRoute, { method: "POST" }), 401);
  });
});

describe("the VIP group lets in only who paid", () => {
  it("a paid user's join request is approved; a TRIAL user's and a stranger's are declined with a DM", async () => {
    const paid = await linkedUser("VIP");
    const free = await linkedUser("TRIAL");
    const stranger = tgUser();
    // The paid user was DMed the VIP invite on linking; the app shows it too.
    expect(dmsTo(paid.tg).join("\n")).toMatch(/Join the VIP group: https:\/\/t\.me\/\+fake/);
    const me = await call(myMembership, { token: paid.token });
    expect(me.body).toMatchObject({ telegram_linked: true, vip_group: { entitled: true, member: false, invite_link: expect.stringMatching(/^https:\/\/t\.me\/\+/) } });
    expect((await call(myMembership, { token: free.token })).body.vip_group).toEqual({ entitled: false, member: false, invite_link: null });

    for (const u of [paid.tg, free.tg, stranger]) tg.pushJoinRequest(vip, u);
    await flushUpdates();
    await settle();
    expect(tg.memberStatus(vip, paid.tg.id)).toBe("member");
    expect(tg.memberStatus(vip, free.tg.id)).toBe("left");
    expect(tg.pendingJoinRequests(vip)).toEqual([]);
    expect(callsOf("declineChatJoinRequest", free.tg)).toHaveLength(1);
    expect(dmsTo(free.tg).at(-1)).toMatch(/VIP group is for VIP and PREMIUM members\. Subscribe here: https:\/\/app\.verzek\.test\/pay/);
    expect(dmsTo(stranger)).toEqual([expect.stringMatching(/connect this Telegram account/)]);
    // The chat_member update told us the paid user is in.
    expect((await call(myMembership, { token: paid.token })).body.vip_group.member).toBe(true);
  });

  it("an admin's upgrade DMs the VIP invite at once; the downgrade removes the user and DMs a renewal link", async () => {
    const admin = await createAdmin();
    const u = await linkedUser("TRIAL");
    const up = await call(subscriptionRoute, { method: "PUT", token: admin.token, params: { id: String(u.user.id) }, body: { plan: "VIP" } });
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    await settle();
    expect(dmsTo(u.tg).at(-1)).toMatch(/Your VIP plan is active[\s\S]*https:\/\/t\.me\/\+fake/);
    tg.pushJoinRequest(vip, u.tg);
    await flushUpdates();
    await settle();
    expect(tg.memberStatus(vip, u.tg.id)).toBe("member");

    await call(subscriptionRoute, { method: "PUT", token: admin.token, params: { id: String(u.user.id) }, body: { plan: "TRIAL" } });
    await settle();
    expect(tg.memberStatus(vip, u.tg.id)).toBe("left");
    expect(callsOf("banChatMember", u.tg)).toHaveLength(1);
    expect(callsOf("unbanChatMember", u.tg)).toHaveLength(1);
    expect(dmsTo(u.tg).at(-1)).toMatch(/removed from the VIP group\. Renew here: https:\/\/app\.verzek\.test\/pay/);
  });
});

describe("removing who lapsed", () => {
  async function memberWhoseplanEnds() {
    const u = await linkedUser("VIP");
    tg.pushJoinRequest(vip, u.tg);
    await flushUpdates();
    await settle();
    expect(tg.memberStatus(vip, u.tg.id)).toBe("member");
    await db().user.update({ where: { id: u.user.id }, data: { planExpiresAt: new Date(Date.now() - 1000) } });
    return u;
  }

  it("the expiry job removes (ban then unban) and DMs a renewal link", async () => {
    const u = await memberWhoseplanEnds();
    await expirePlans();
    await settle();
    const removal = tg.calls.filter((c) => ["banChatMember", "unbanChatMember"].includes(c.method) && Number(c.params.user_id) === u.tg.id);
    expect(removal.map((c) => c.method)).toEqual(["banChatMember", "unbanChatMember"]);
    expect(removal[1]!.params.only_if_banned).toBe(true);
    expect(tg.memberStatus(vip, u.tg.id)).toBe("left");
    expect(dmsTo(u.tg).at(-1)).toMatch(/Renew here/);
    expect((await call(myMembership, { token: u.token })).body.vip_group).toEqual({ entitled: false, member: false, invite_link: null });
  });

  it("two expiry jobs at once remove once", async () => {
    const u = await memberWhoseplanEnds();
    await Promise.all([expirePlans(), expirePlans(), syncAllVipAccess()]);
    await settle();
    expect(callsOf("banChatMember", u.tg)).toHaveLength(1);
    expect(callsOf("unbanChatMember", u.tg)).toHaveLength(1);
    expect(dmsTo(u.tg).filter((m) => /Renew here/.test(m))).toHaveLength(1);
  });

  it("a refused removal is recorded and retried; the expiry itself is not held up", async () => {
    const u = await memberWhoseplanEnds();
    tg.failNext(1, { code: 400, description: "Bad Request: not enough rights to restrict/unrestrict chat member", method: "banChatMember" });
    await expirePlans();
    await settle();
    expect((await db().user.findUniqueOrThrow({ where: { id: u.user.id } })).plan).toBe("TRIAL");
    expect(tg.memberStatus(vip, u.tg.id)).toBe("member");
    expect(dmsTo(u.tg).at(-1)).toMatch(/Renew here/);
    const admin = await createAdmin();
    const listed = await call(adminMembership, { token: admin.token });
    expect(listed.body.members).toContainEqual(expect.objectContaining({ telegram_user_id: String(u.tg.id), removal_error: expect.stringMatching(/not enough rights/) }));

    t += 61 * 60_000; // the retry, an hour later
    await settle();
    expect(tg.memberStatus(vip, u.tg.id)).toBe("left");
    expect(callsOf("banChatMember", u.tg)).toHaveLength(1);
  });
});

describe("reminders", () => {
  it("3 days and 1 day before expiry, once each, by DM and in the app", async () => {
    const expires = new Date(Date.now() + 2.5 * DAY);
    const u = await linkedUser("VIP", expires);
    const now = new Date();
    await sendExpiryReminders(now);
    await sendExpiryReminders(new Date(now.getTime() + 3_600_000));
    await settle();
    await sendExpiryReminders(new Date(now.getTime() + 1.6 * DAY));
    await sendExpiryReminders(new Date(now.getTime() + 2 * DAY));
    await settle();
    const reminders = dmsTo(u.tg).filter((m) => /Your plan ends/.test(m));
    expect(reminders).toHaveLength(2);
    expect(reminders[0]).toMatch(/in 3 days/);
    expect(reminders[1]).toMatch(/tomorrow/);
    expect(await db().userNotification.count({ where: { userId: u.user.id, kind: "plan_reminder" } })).toBe(2);
  });
});

describe("knowing who is in the group", () => {
  it("the nightly reconcile finds a member without a plan whose join we missed; the admin removes them", async () => {
    const u = await linkedUser("TRIAL");
    await db().user.update({ where: { id: u.user.id }, data: { vipRevokedAt: new Date(Date.now() - DAY) } });
    tg.setMemberStatus(vip, u.tg, "member");
    tg.takeUpdates(); // the chat_member update never reached us
    const admin = await createAdmin();
    const before = await call(adminMembership, { token: admin.token });
    expect(before.body.members.map((m: { telegram_user_id: string }) => m.telegram_user_id)).not.toContain(String(u.tg.id));

    expect((await reconcileVipMembers()).checks).toBeGreaterThanOrEqual(1);
    expect((await reconcileVipMembers()).checks).toBe(0); // once a night
    await settle();
    expect(callsOf("getChatMember", u.tg)).toHaveLength(1);
    const listed = await call(adminMembership, { token: admin.token });
    expect(listed.status).toBe(200);
    expect(listed.body.members).toContainEqual(
      expect.objectContaining({ telegram_user_id: String(u.tg.id), telegram_username: u.tg.username, status: "member", user: expect.objectContaining({ id: u.user.id, plan: "TRIAL" }) }),
    );

    const removed = await call(adminRemove, { method: "POST", token: admin.token, body: { telegram_user_id: String(u.tg.id) } });
    expect(removed.body).toEqual({ queued: true });
    await settle();
    expect(tg.memberStatus(vip, u.tg.id)).toBe("left");
    expect((await call(adminMembership, { token: admin.token })).body.members.map((m: { telegram_user_id: string }) => m.telegram_user_id)).not.toContain(String(u.tg.id));
    expectError(await call(adminRemove, { method: "POST", token: admin.token, body: { telegram_user_id: String(u.tg.id) } }), 404, "not_found");
    expectError(await call(adminRemove, { method: "POST", token: admin.token, body: { telegram_user_id: "abc" } }), 400, "invalid_input");
    expectError(await call(adminMembership, { token: u.token }), 403);
  });
});

describe("end to end through the routes and the bot", () => {
  it("pay → link → join request approved → expire → removed", async () => {
    setEnv({ USDT_TRC20_ADDRESS: "TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL" });
    const admin = await createAdmin();
    const { user, token } = await createUser();
    const hash = txHash();
    const paid = await call(initiatePayment, { method: "POST", body: { email: user.email, plan: "VIP", tx_hash: hash, network: "TRC20" } });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    const verified = await call(verifyPayment, { method: "POST", token: admin.token, body: { tx_hash: hash } });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    // No sweep: the confirmation itself grants this user's access (confirmPaymentIn).

    const u = tgUser();
    await link(token, u);
    await settle();
    expect(dmsTo(u).at(-1)).toMatch(/Join the VIP group: (https:\/\/t\.me\/\+fake\d+)/);
    tg.pushJoinRequest(vip, u, /(https:\/\/t\.me\/\+fake\d+)/.exec(dmsTo(u).at(-1)!)![1]);
    await flushUpdates();
    await settle();
    expect(tg.memberStatus(vip, u.id)).toBe("member");
    expect((await call(myMembership, { token })).body.vip_group.member).toBe(true);

    await db().user.update({ where: { id: user.id }, data: { planExpiresAt: new Date(Date.now() - 1000) } });
    await expirePlans();
    await settle();
    expect(tg.memberStatus(vip, u.id)).toBe("left");
    expect((await call(myMembership, { token })).body.vip_group.member).toBe(false);
  });
});

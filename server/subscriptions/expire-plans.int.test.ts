// The expiry sweep: expired paid plans fall back to TRIAL once, the admin chat and the users are
// told, and it is safe beside confirmations. Tests run "in 2001" (users created with 2001
// expiries, the sweep's clock set there) so that they never expire other test files' users on a
// shared database.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as readRoute } from "@/app/api/notifications/me/read/route";
import { GET as notificationsRoute } from "@/app/api/notifications/me/route";
import type { TJob } from "@/server/jobs/job";
import { expireSubscriptions } from "@/inngest/functions/expire-subscriptions";
import { db } from "@/server/db/client";
import { setEventDispatcher } from "@/server/jobs/events";
import { createInProcessRunner } from "@/server/jobs/in-process";
import { confirmPayment } from "@/server/payments/confirm-payment";
import { initiatePayment } from "@/server/payments/initiate-payment";
import { call, expectError } from "@/test/helpers/http";
import { createUser } from "@/test/helpers/factories";
import { anonymousSubmitter, configurePayments, recordJobEvents, txHash } from "@/test/helpers/payments";
import { expirePlans } from "./expire-plans";
import { requirePlan } from "./require-plan";

const at = (iso: string) => new Date(iso);
const SWEEP_AT = at("2001-06-01T00:00:00Z");
let config: ReturnType<typeof configurePayments>;
beforeAll(() => {
  config = configurePayments();
});
afterEach(() => {
  vi.useRealTimers();
  setEventDispatcher(undefined);
});

const mine = (result: Awaited<ReturnType<typeof expirePlans>>, ids: number[]) => result.expired.filter((e) => ids.includes(e.user_id));

describe("expirePlans", () => {
  it("returns expired VIP and PREMIUM users to TRIAL, tells the admin chat and each user; leaves the rest", async () => {
    const vip = await createUser({ plan: "VIP", planExpiresAt: at("2001-01-01T00:00:00Z") });
    const premium = await createUser({ plan: "PREMIUM", planExpiresAt: at("2001-05-31T23:59:59Z") });
    const current = await createUser({ plan: "VIP", planExpiresAt: at("2001-12-01T00:00:00Z") });
    const trial = await createUser();
    const ids = [vip.user.id, premium.user.id, current.user.id, trial.user.id];

    const result = await expirePlans(SWEEP_AT);

    expect(mine(result, ids).sort((a, b) => a.user_id - b.user_id)).toEqual(
      [
        { user_id: vip.user.id, plan: "VIP", expired_at: "2001-01-01T00:00:00.000Z" },
        { user_id: premium.user.id, plan: "PREMIUM", expired_at: "2001-05-31T23:59:59.000Z" },
      ].sort((a, b) => a.user_id - b.user_id),
    );
    const rows = await db().user.findMany({ where: { id: { in: ids } }, select: { id: true, plan: true, planExpiresAt: true } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(vip.user.id)).toMatchObject({ plan: "TRIAL", planExpiresAt: null });
    expect(byId.get(premium.user.id)).toMatchObject({ plan: "TRIAL", planExpiresAt: null });
    expect(byId.get(current.user.id)).toMatchObject({ plan: "VIP", planExpiresAt: at("2001-12-01T00:00:00Z") });
    expect(byId.get(trial.user.id)).toMatchObject({ plan: "TRIAL" });

    const alert = await db().outboxMessage.findUniqueOrThrow({ where: { dedupeKey: `plan-expired:${vip.user.id}:2001-01-01T00:00:00.000Z:admin` } });
    expect(alert.target).toBe(config.ADMIN_CHAT_ID);
    expect(alert.body).toBe(`⌛ Plan expired\n👤 User: ${vip.user.username} (${vip.user.email})\n💎 Plan: VIP → TRIAL`);
    const notes = await db().userNotification.findMany({ where: { userId: { in: ids } } });
    expect(notes.map((n) => [n.userId, n.kind, n.title]).sort()).toEqual(
      [
        [vip.user.id, "plan_expired", "Your VIP plan has ended"],
        [premium.user.id, "plan_expired", "Your PREMIUM plan has ended"],
      ].sort(),
    );
  });

  it("is idempotent: a second run finds nothing and writes nothing", async () => {
    const vip = await createUser({ plan: "VIP", planExpiresAt: at("2001-02-01T00:00:00Z") });
    expect(mine(await expirePlans(SWEEP_AT), [vip.user.id])).toHaveLength(1);
    const outbox = await db().outboxMessage.count({ where: { dedupeKey: { startsWith: `plan-expired:${vip.user.id}:` } } });
    expect(mine(await expirePlans(SWEEP_AT), [vip.user.id])).toEqual([]);
    expect(await db().outboxMessage.count({ where: { dedupeKey: { startsWith: `plan-expired:${vip.user.id}:` } } })).toBe(outbox);
    expect(await db().userNotification.count({ where: { userId: vip.user.id } })).toBe(1);
  });

  it("beside a confirmation of the same user, the renewed plan wins whatever the order", async () => {
    recordJobEvents();
    for (let i = 0; i < 4; i++) {
      const { user } = await createUser({ plan: "VIP", planExpiresAt: at("2001-03-01T00:00:00Z") });
      const payment = await initiatePayment({ email: user.email, plan: "VIP", tx_hash: txHash(), network: "TRC20" }, anonymousSubmitter());
      const started = Date.now();
      await Promise.all([expirePlans(SWEEP_AT), confirmPayment(payment.id, { kind: "provider", paidAmount: "49", paidAt: new Date(), details: {} })]);
      const after = await db().user.findUniqueOrThrow({ where: { id: user.id } });
      expect(after.plan).toBe("VIP");
      expect(after.planExpiresAt!.getTime()).toBeGreaterThanOrEqual(started + 30 * 86_400_000 - 1000);
    }
  });

  // A row locked by a running confirmation is skipped, not waited for; the next run takes it.
  // PGlite has one connection, so a second open transaction cannot exist there.
  it.skipIf(process.env.DATABASE_POOL_MAX === "1")("skips a user whose row is locked, and expires them on the next run", async () => {
    const { user } = await createUser({ plan: "PREMIUM", planExpiresAt: at("2001-04-01T00:00:00Z") });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = db().$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM users WHERE id = ${user.id} FOR UPDATE`;
      locked();
      await held;
    });
    await isLocked;
    expect(mine(await expirePlans(SWEEP_AT), [user.id])).toEqual([]);
    release();
    await holder;
    expect(mine(await expirePlans(SWEEP_AT), [user.id])).toHaveLength(1);
  });

  it("the guard treats an expired plan as TRIAL even before the sweep runs", () => {
    expect(() => requirePlan({ plan: "PREMIUM", planExpiresAt: new Date(Date.now() - 1000) }, "VIP", "signal feed")).toThrow(
      expect.objectContaining({ code: "UPGRADE_REQUIRED", extra: { required_plan: "VIP" } }),
    );
  });
});

describe("the expire-subscriptions job", () => {
  it("runs in-process on its cron event and kicks outbox delivery", async () => {
    const { user } = await createUser({ plan: "VIP", planExpiresAt: at("2001-01-15T00:00:00Z") });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(SWEEP_AT);
    // Stands in for the outbox deliverer: records the kick the job sends.
    const kicks: string[] = [];
    const deliverer: TJob = { id: "probe", triggers: [{ event: "notifications/outbox.pending" }], retries: 0, singleton: false, handler: async ({ event }) => void kicks.push(event.name) };
    const runner = createInProcessRunner([expireSubscriptions, deliverer], { retryBaseMs: 1 });

    const result = (await runner.run(expireSubscriptions, { name: "inngest/scheduled.timer", data: {} })) as Awaited<ReturnType<typeof expirePlans>>;
    await runner.stop();

    expect(mine(result, [user.id])).toEqual([{ user_id: user.id, plan: "VIP", expired_at: "2001-01-15T00:00:00.000Z" }]);
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).plan).toBe("TRIAL");
    expect(kicks).toEqual(["notifications/outbox.pending"]);
  });
});

describe("GET /api/notifications/me", () => {
  it("shows the user their notifications, newest first, and marks them read", async () => {
    const { user, token } = await createUser({ plan: "VIP", planExpiresAt: at("2001-01-20T00:00:00Z") });
    await expirePlans(SWEEP_AT);
    const res = await call(notificationsRoute, { path: "/api/notifications/me", token });
    expect(res.status).toBe(200);
    expect(res.body.unread).toBe(1);
    expect(res.body.notifications).toEqual([
      expect.objectContaining({ kind: "plan_expired", title: "Your VIP plan has ended", read_at: null }),
    ]);
    const read = await call(readRoute, { method: "POST", path: "/api/notifications/me/read", token, body: {} });
    expect(read.body).toEqual({ marked: 1 });
    const after = await call(notificationsRoute, { path: "/api/notifications/me?unread=true", token });
    expect(after.body).toMatchObject({ unread: 0, notifications: [] });
    expect(await db().userNotification.count({ where: { userId: user.id, readAt: { not: null } } })).toBe(1);
  });

  it("401 without a token; 400 for a bad limit", async () => {
    expectError(await call(notificationsRoute, { path: "/api/notifications/me" }), 401, "unauthorized");
    const { token } = await createUser();
    expect(expectError(await call(notificationsRoute, { path: "/api/notifications/me?limit=0", token }), 400).field).toBe("limit");
  });
});

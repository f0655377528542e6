// GET /api/admin/overview (seed row 4.1): each figure checked by hand on a small fixed dataset.
// Other test files may share this database (PGlite), so the figures are compared as the change
// from a reading taken just before the dataset is written, at the same `now`.
import { afterEach, describe, expect, it } from "vitest";
import { getAdminOverview, type TAdminOverview } from "@/server/analytics/overview";
import { db, Prisma } from "@/server/db/client";
import { DAY_MS, utcDayStart } from "@/server/risk/clock";
import { createAdmin, createUser } from "@/test/helpers/factories";
import { call, expectError } from "@/test/helpers/http";
import { txHash } from "@/test/helpers/payments";
import { insertPosition } from "@/test/helpers/positions";
import { uniqueSymbol } from "@/test/helpers/signals";
import { GET as listAdminUsers } from "../users/route";
import { GET } from "./route";

const overview = (token?: string) => call(GET, { token, path: "/api/admin/overview" });

type TUserSeed = { role?: "USER" | "ADMIN"; plan?: "TRIAL" | "VIP" | "PREMIUM"; expires?: Date | null; createdAt: Date; auto?: boolean; active?: boolean };

async function seedUser(s: TUserSeed): Promise<number> {
  const { user } = await createUser({ role: s.role, plan: s.plan, planExpiresAt: s.expires ?? null, isActive: s.active });
  await db().user.update({ where: { id: user.id }, data: { createdAt: s.createdAt, autoTradeEnabled: s.auto ?? false } });
  return user.id;
}

async function seedPayment(userId: number, p: { status: "PENDING" | "CONFIRMED" | "REJECTED"; expected: string; paid?: string; confirmedAt?: Date }) {
  await db().payment.create({
    data: { userId, plan: "VIP", txHash: txHash(), expectedAmount: p.expected, paidAmount: p.paid ?? null, status: p.status, confirmedAt: p.confirmedAt ?? null },
  });
}

async function seedSignal(status: "OPEN" | "TP_PARTIAL" | "HIT_TP", createdAt: Date): Promise<string> {
  const s = await db().signal.create({
    data: { symbol: uniqueSymbol(), direction: "LONG", entryLow: "100", entryHigh: "100", targets: ["110"], stopLoss: "90", source: "ADMIN", status, createdAt },
    select: { id: true },
  });
  return s.id;
}

/**
 * The dataset, relative to `now` (today = 00:00 UTC of now):
 * users   trialA TRIAL created today 00:00:00.000 · trialB TRIAL created yesterday 23:59:59.999 ·
 *         vipActive VIP (20 d left) created 7 d − 1 min ago · vipSoon VIP (3 d left) created 7 d + 1 min ago ·
 *         vipExpired VIP expired an hour ago (not swept yet) · premAuto PREMIUM (6 d left) auto-trade on ·
 *         premOff PREMIUM (60 d left) auto-trade on but deactivated · premExpired PREMIUM expired, auto-trade on ·
 *         an ADMIN on PREMIUM with auto-trade on (the fan-out copies admins too)
 * payments CONFIRMED 49.5 today 00:00:00.000 · 99.000001 yesterday 23:59:59.999 · 49 at 7 d + 1 min ago ·
 *         0.25 forty days ago · PENDING 49 · REJECTED (underpaid 48.999999 of 99)
 * signals OPEN today · HIT_TP yesterday 23:59:59.999 · TP_PARTIAL forty days ago
 * positions OPEN paper copy · OPEN testnet copy · OPEN mainnet copy · OPEN paper manual trade ·
 *         CLOSED paper copy · FAILED paper copy
 */
async function seedDataset(now: Date) {
  const today = utcDayStart(now);
  const justBeforeToday = new Date(today.getTime() - 1);
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const ahead = (ms: number) => new Date(now.getTime() + ms);
  const old = ago(40 * DAY_MS);

  await seedUser({ plan: "TRIAL", createdAt: today });
  await seedUser({ plan: "TRIAL", createdAt: justBeforeToday });
  const vipActive = await seedUser({ plan: "VIP", expires: ahead(20 * DAY_MS), createdAt: ago(7 * DAY_MS - 60_000) });
  await seedUser({ plan: "VIP", expires: ahead(3 * DAY_MS), createdAt: ago(7 * DAY_MS + 60_000) });
  await seedUser({ plan: "VIP", expires: ago(3_600_000), createdAt: old });
  const premAuto = await seedUser({ plan: "PREMIUM", expires: ahead(6 * DAY_MS), createdAt: old, auto: true });
  const premOff = await seedUser({ plan: "PREMIUM", expires: ahead(60 * DAY_MS), createdAt: old, auto: true, active: false });
  await seedUser({ plan: "PREMIUM", expires: ago(60_000), createdAt: old, auto: true });
  const admin = await seedUser({ role: "ADMIN", plan: "PREMIUM", expires: ahead(30 * DAY_MS), createdAt: now, auto: true });

  await seedPayment(vipActive, { status: "CONFIRMED", expected: "49", paid: "49.5", confirmedAt: today });
  await seedPayment(vipActive, { status: "CONFIRMED", expected: "99", paid: "99.000001", confirmedAt: justBeforeToday });
  await seedPayment(vipActive, { status: "CONFIRMED", expected: "49", paid: "49", confirmedAt: ago(7 * DAY_MS + 60_000) });
  await seedPayment(vipActive, { status: "CONFIRMED", expected: "0.25", paid: "0.25", confirmedAt: old });
  await seedPayment(vipActive, { status: "PENDING", expected: "49" });
  await seedPayment(vipActive, { status: "REJECTED", expected: "99", paid: "48.999999" });

  const sToday = await seedSignal("OPEN", today);
  const sYesterday = await seedSignal("HIT_TP", justBeforeToday);
  const sOld = await seedSignal("TP_PARTIAL", old);

  await insertPosition(premAuto, { signalId: sToday, mode: "PAPER" });
  await insertPosition(premOff, { signalId: sToday, mode: "BINANCE_TESTNET" });
  await insertPosition(admin, { signalId: sOld, mode: "BINANCE_MAINNET" });
  await insertPosition(premAuto, { signalId: null, mode: "PAPER" });
  await insertPosition(premAuto, { signalId: sOld, mode: "PAPER", status: "CLOSED", closedAt: now });
  await insertPosition(premAuto, { signalId: sYesterday, mode: "PAPER", status: "FAILED", failureCode: "RISK_BLOCKED" });
}

/** after − before for every figure: counts subtract, USDT amounts subtract exactly. */
function change(after: TAdminOverview, before: TAdminOverview) {
  const d = (a: number, b: number) => a - b;
  const usdt = (a: string, b: string) => new Prisma.Decimal(a).minus(b).toFixed();
  return {
    total_users: d(after.total_users, before.total_users),
    vip_users: d(after.vip_users, before.vip_users),
    premium_users: d(after.premium_users, before.premium_users),
    trial_users: d(after.trial_users, before.trial_users),
    admin_users: d(after.admin_users, before.admin_users),
    total_payments: d(after.total_payments, before.total_payments),
    confirmed_payments: d(after.confirmed_payments, before.confirmed_payments),
    pending_payments: d(after.pending_payments, before.pending_payments),
    rejected_payments: d(after.rejected_payments, before.rejected_payments),
    signals_sent: d(after.signals_sent, before.signals_sent),
    signals_today: d(after.signals_today, before.signals_today),
    signals_open: d(after.signals_open, before.signals_open),
    revenue_usdt: {
      today: usdt(after.revenue_usdt.today, before.revenue_usdt.today),
      last_7d: usdt(after.revenue_usdt.last_7d, before.revenue_usdt.last_7d),
      last_30d: usdt(after.revenue_usdt.last_30d, before.revenue_usdt.last_30d),
      all_time: usdt(after.revenue_usdt.all_time, before.revenue_usdt.all_time),
    },
    subscriptions: {
      VIP: { active: d(after.subscriptions.VIP.active, before.subscriptions.VIP.active), expiring_7d: d(after.subscriptions.VIP.expiring_7d, before.subscriptions.VIP.expiring_7d) },
      PREMIUM: {
        active: d(after.subscriptions.PREMIUM.active, before.subscriptions.PREMIUM.active),
        expiring_7d: d(after.subscriptions.PREMIUM.expiring_7d, before.subscriptions.PREMIUM.expiring_7d),
      },
    },
    signups: { today: d(after.signups.today, before.signups.today), last_7d: d(after.signups.last_7d, before.signups.last_7d) },
    auto_traders_enabled: d(after.auto_traders_enabled, before.auto_traders_enabled),
    open_copies: { paper: d(after.open_copies.paper, before.open_copies.paper), live: d(after.open_copies.live, before.open_copies.live) },
    open_positions: { paper: d(after.open_positions.paper, before.open_positions.paper), live: d(after.open_positions.live, before.open_positions.live) },
  };
}

describe("GET /api/admin/overview", () => {
  it("counts each figure of a fixed dataset as defined (day boundary 23:59:59.999 / 00:00:00.000 UTC)", async () => {
    const now = new Date();
    const before = await getAdminOverview(now);
    await seedDataset(now);
    const after = await getAdminOverview(now);
    expect(change(after, before)).toEqual({
      // subscribers only: the admin is counted apart
      total_users: 8,
      vip_users: 2, // vipActive, vipSoon — not the expired VIP
      premium_users: 2, // premAuto, premOff (deactivated accounts still hold their plan)
      trial_users: 4, // trialA, trialB, the expired VIP, the expired PREMIUM
      admin_users: 1,
      total_payments: 6,
      confirmed_payments: 4,
      pending_payments: 1,
      rejected_payments: 1,
      signals_sent: 3,
      signals_today: 1,
      signals_open: 2, // OPEN and TP_PARTIAL
      revenue_usdt: {
        today: "49.5",
        last_7d: "148.500001", // 49.5 + 99.000001
        last_30d: "197.500001", // + 49
        all_time: "197.750001", // + 0.25; PENDING and REJECTED are never revenue
      },
      subscriptions: { VIP: { active: 2, expiring_7d: 1 }, PREMIUM: { active: 2, expiring_7d: 1 } },
      signups: { today: 1, last_7d: 3 }, // trialA; + trialB and vipActive
      auto_traders_enabled: 2, // premAuto and the admin; not the deactivated nor the expired PREMIUM
      open_copies: { paper: 1, live: 2 },
      open_positions: { paper: 2, live: 2 }, // + the manual paper trade
    });
    expect(after.as_of).toBe(now.toISOString());
    expect(after.trial_users + after.vip_users + after.premium_users).toBe(after.total_users);
  });

  it("answers the operator's field names to an admin, and the effective VIP count matches /api/admin/users", async () => {
    const { token } = await createAdmin();
    const res = await overview(token);
    expect(res.status).toBe(200);
    for (const field of ["total_users", "vip_users", "premium_users", "total_payments", "confirmed_payments", "signals_sent"]) {
      expect(typeof res.body[field], field).toBe("number");
    }
    expect(Object.values(res.body.revenue_usdt).every((v) => typeof v === "string" && /^\d+(\.\d+)?$/.test(v))).toBe(true);
    const listed = await call(listAdminUsers, { token, path: "/api/admin/users?plan=VIP&role=USER&per_page=1" });
    const again = await overview(token);
    expect(listed.body.total).toBe(again.body.vip_users);
  });

  describe("kill switch", () => {
    let saved: { killSwitch: boolean; reason: string | null; changedAt: Date } | null = null;
    afterEach(async () => {
      if (saved) await db().safetyState.update({ where: { id: 1 }, data: saved });
      else await db().safetyState.deleteMany({ where: { id: 1 } });
    });

    it("reports the global halt as it is stored", async () => {
      saved = await db().safetyState.findUnique({ where: { id: 1 }, select: { killSwitch: true, reason: true, changedAt: true } });
      const at = new Date("2026-11-30T12:00:00.000Z");
      await db().safetyState.upsert({ where: { id: 1 }, create: { id: 1, killSwitch: true, reason: "test halt", changedAt: at }, update: { killSwitch: true, reason: "test halt", changedAt: at } });
      expect((await getAdminOverview()).kill_switch).toEqual({ on: true, reason: "test halt", changed_at: at.toISOString() });
      await db().safetyState.update({ where: { id: 1 }, data: { killSwitch: false, reason: "resumed" } });
      expect((await getAdminOverview()).kill_switch).toMatchObject({ on: false, reason: "resumed" });
    });
  });

  it("answers 401 without a token and 403 {error, message} to a non-admin", async () => {
    expectError(await overview(), 401);
    expectError(await overview("not-a-token"), 401);
    const { token } = await createUser({ plan: "PREMIUM" });
    expectError(await overview(token), 403, "forbidden");
  });
});

// Pushes end to end on PostgreSQL against the local fake of Expo's push service (its real wire
// format): which change pushes whom (new signal by tier, a copy opened and closed, payment
// verified, halt), the user's preferences, once per device whatever replays or concurrent
// deliverers happen, retries through outages, and tokens Expo reports DeviceNotRegistered dropped.
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as publish } from "@/app/api/signals/route";
import { POST as toggleKillSwitch } from "@/app/api/safety/toggle/route";
import { db } from "@/server/db/client";
import { notifyUsers } from "@/server/notifications/user-notifications";
import { confirmPayment } from "@/server/payments/confirm-payment";
import { finishFanOut } from "@/server/trading/auto-trade";
import { announceClosedTrades } from "@/server/trading/trade-notifications";
import { startFakeExpoPush, type TFakeExpoPush } from "@/test/fakes/expo-push";
import { createAdmin, createUser, uniq } from "@/test/helpers/factories";
import { call } from "@/test/helpers/http";
import { txHash } from "@/test/helpers/payments";
import { insertPosition } from "@/test/helpers/positions";
import { longSignal, recordJobEvents, setEnv, uniqueSymbol } from "@/test/helpers/signals";
import { turnOffAllAutoTraders } from "@/test/helpers/trading";
import { deliverExpoPush, MAX_PUSH_ATTEMPTS } from "./deliver-push";
import { registerDevice } from "./register-device";

let expo: TFakeExpoPush;
beforeAll(async () => {
  expo = await startFakeExpoPush();
});
afterAll(async () => {
  await expo.close();
});
beforeEach(async () => {
  setEnv({ EXPO_PUSH_URL: expo.url });
  recordJobEvents();
  // The deliverer serves every pending push, and a PREMIUM auto-trader holds a new signal's pushes.
  await db().pushMessage.updateMany({ where: { status: "PENDING" }, data: { status: "FAILED", lastError: "left by another test" } });
  await turnOffAllAutoTraders();
});
afterEach(() => {
  expo.comeBack();
  expo.fail(0);
});

const expoToken = () => `ExponentPushToken[${uniq()}${uniq()}]`;
type TPlanName = "TRIAL" | "VIP" | "PREMIUM";
async function userWithPhone(plan: TPlanName = "TRIAL", prefs: { notifySignals?: boolean; notifyTrades?: boolean; notifyPayments?: boolean; autoTradeEnabled?: boolean } = {}, role: "USER" | "ADMIN" = "USER") {
  const u = role === "ADMIN" ? await createAdmin() : await createUser({ plan });
  if (Object.keys(prefs).length) await db().user.update({ where: { id: u.user.id }, data: prefs });
  const phone = expoToken();
  await registerDevice(u.user.id, { token: phone, platform: "android" });
  return { ...u, phone };
}
const deliver = () => deliverExpoPush({ receiptDelayMs: 0 });
const pushesOf = (token: string) => db().pushMessage.findMany({ where: { token }, orderBy: { id: "asc" } });

describe("what pushes whom", () => {
  it("a new signal: VIP gets the full signal, TRIAL the teaser, each once; signal pushes off → none", async () => {
    const admin = await createAdmin();
    const vip = await userWithPhone("VIP");
    const trial = await userWithPhone("TRIAL");
    const muted = await userWithPhone("VIP", { notifySignals: false });
    const symbol = uniqueSymbol();
    const body = longSignal(symbol, { id: `push-test-${uniq()}` });
    const res = await call(publish, { method: "POST", token: admin.token, body });
    expect(res.status).toBe(201);
    const pair = `${symbol.slice(0, -4)}/USDT`;

    const report = await deliver();
    expect(report.sent).toBeGreaterThanOrEqual(2);
    const [full] = expo.deliveredTo(vip.phone);
    expect(expo.deliveredTo(vip.phone)).toHaveLength(1);
    expect(full!.title).toContain(pair);
    expect(full!.body).toContain("Entry: 100 - Stop Loss: 90");
    expect(full!.data).toEqual({ kind: "signal", signal_id: res.body.signal.id });
    const [teaser] = expo.deliveredTo(trial.phone);
    expect(expo.deliveredTo(trial.phone)).toHaveLength(1);
    expect(teaser!.title).toContain(pair);
    expect(`${teaser!.title}\n${teaser!.body}`).not.toMatch(/Entry|Stop|Targets|\b(100|90|110)\b/);
    expect(teaser!.body).not.toMatch(/<[a-z]/); // Telegram's HTML is stripped
    expect(expo.deliveredTo(muted.phone)).toEqual([]);

    // Sent once: another pass, and the same signal sent again by its provider, push nothing more.
    expect((await call(publish, { method: "POST", token: admin.token, body })).body.duplicate).toBe(true);
    await deliver();
    expect(expo.deliveredTo(vip.phone)).toHaveLength(1);
    // Receipts read (receiptDelayMs 0): each ticket's receipt was ok.
    expect((await pushesOf(vip.phone)).map((p) => [p.status, p.receipt])).toEqual([["SENT", "ok"]]);
  });

  it("payment verified: the payer's phones get “✅ Payment Verified – Plan Activated”; payment pushes off → none", async () => {
    const admin = await createAdmin();
    const payer = await userWithPhone("TRIAL");
    const quiet = await userWithPhone("TRIAL", { notifyPayments: false });
    for (const u of [payer, quiet]) {
      const p = await db().payment.create({ data: { userId: u.user.id, plan: "VIP", txHash: txHash(), expectedAmount: "49" } });
      await confirmPayment(p.id, { kind: "admin", actorId: admin.user.id });
    }
    await deliver();
    const [push] = expo.deliveredTo(payer.phone);
    expect(expo.deliveredTo(payer.phone)).toHaveLength(1);
    expect(push!.title).toBe("✅ Payment Verified – Plan Activated");
    expect(push!.body).toMatch(/^Your VIP plan is active until /);
    expect(expo.deliveredTo(quiet.phone)).toEqual([]);
  });

  it("halt: admins and auto-traders are pushed “GLOBAL HALT ENABLED” once; a VIP without auto-trade is not", async () => {
    const admin = await userWithPhone("TRIAL", {}, "ADMIN");
    const trader = await userWithPhone("PREMIUM", { autoTradeEnabled: true });
    const reader = await userWithPhone("VIP");
    const on = await call(toggleKillSwitch, { method: "POST", token: admin.token, body: { kill_switch: true, reason: `push test ${uniq()}` } });
    try {
      expect(on.status).toBe(200);
      // The switch holds auto-trades; no fan-out here, so nothing else is held.
      await db().user.update({ where: { id: trader.user.id }, data: { autoTradeEnabled: false } });
      await deliver();
      for (const phone of [admin.phone, trader.phone]) {
        expect(expo.deliveredTo(phone).map((p) => p.title)).toEqual(["🚨 GLOBAL HALT ENABLED"]);
        expect(expo.deliveredTo(phone)[0]!.body).toContain("Reason: push test");
      }
      expect(expo.deliveredTo(reader.phone)).toEqual([]);
    } finally {
      expect((await call(toggleKillSwitch, { method: "POST", token: admin.token, body: { kill_switch: false, reason: "push test over" } })).status).toBe(200);
    }
  });

  it("a copy opened and closed: its owner is pushed each once; a VIP who did not copy is not", async () => {
    const admin = await createAdmin();
    const copier = await userWithPhone("PREMIUM");
    const mutedCopier = await userWithPhone("PREMIUM", { notifyTrades: false, notifySignals: false });
    const reader = await userWithPhone("VIP", { notifySignals: false });
    const symbol = uniqueSymbol();
    const signal = (await call(publish, { method: "POST", token: admin.token, body: longSignal(symbol) })).body.signal as { id: string };
    const positions = [await insertPosition(copier.user.id, { signalId: signal.id, symbol }), await insertPosition(mutedCopier.user.id, { signalId: signal.id, symbol })];
    await finishFanOut(signal.id);
    await deliver();
    const opened = expo.deliveredTo(copier.phone).filter((p) => p.data?.kind === "copy_opened");
    expect(opened).toHaveLength(1);
    expect(opened[0]!.title).toBe("📈 Your copy opened");
    expect(opened[0]!.data).toEqual({ kind: "copy_opened", signal_id: signal.id });

    await db().position.updateMany({ where: { id: { in: positions.map((p) => p.id) } }, data: { status: "CLOSED", closeReason: "TP1" } });
    const closed = positions.map((p) => ({ positionId: p.id, userId: p.userId, signalId: signal.id, symbol, direction: "LONG" as const, mode: "PAPER", pnl: "1.5", pnlPct: "5", reason: "TP1" }));
    await announceClosedTrades(closed, "tick-1");
    await announceClosedTrades(closed, "tick-2"); // another occasion for the group; the copier hears it once
    await deliver();
    const kinds = expo.deliveredTo(copier.phone).map((p) => p.data?.kind);
    expect(kinds.filter((k) => k === "copy_closed")).toHaveLength(1);
    expect(expo.deliveredTo(copier.phone).find((p) => p.data?.kind === "copy_closed")!.title).toBe("🎯 Your copy closed (TP/SL)");
    expect(expo.deliveredTo(mutedCopier.phone)).toEqual([]);
    expect(expo.deliveredTo(reader.phone)).toEqual([]);
  });
});

describe("delivery", () => {
  const note = (userId: number, title = "✅ Payment Verified – Plan Activated") =>
    db().$transaction((tx) => notifyUsers(tx, [{ userId, kind: "payment_confirmed", title, body: "Your VIP plan is active.", dedupeKey: `push-test:${uniq()}` }]));

  it("DeviceNotRegistered in the ticket drops the token and fails its other pending pushes", async () => {
    const u = await userWithPhone();
    const phone2 = expoToken();
    await registerDevice(u.user.id, { token: phone2 });
    expo.unregister(u.phone);
    await note(u.user.id);
    const report = await deliver();
    expect(report.dropped).toBe(1);
    expect(await db().pushDevice.count({ where: { token: u.phone } })).toBe(0);
    expect(await db().pushDevice.count({ where: { token: phone2 } })).toBe(1);
    expect(expo.deliveredTo(phone2)).toHaveLength(1);
    expect((await pushesOf(u.phone)).map((p) => [p.status, p.lastError?.split(":")[0]])).toEqual([["FAILED", "DeviceNotRegistered"]]);
    // A later change no longer queues anything for the dropped token.
    await note(u.user.id);
    expect(await pushesOf(u.phone)).toHaveLength(1);
  });

  it("DeviceNotRegistered in a receipt (ticket ok) drops the token", async () => {
    const u = await userWithPhone();
    expo.unregisterAfterSend(u.phone);
    await note(u.user.id);
    const report = await deliver();
    expect(report.sent).toBe(1);
    expect(report.receipts).toBeGreaterThanOrEqual(1);
    expect(report.dropped).toBe(1);
    expect((await pushesOf(u.phone)).map((p) => [p.status, p.receipt])).toEqual([["SENT", "error:DeviceNotRegistered"]]);
    expect(await db().pushDevice.count({ where: { token: u.phone } })).toBe(0);
  });

  it("Expo down, then 503 with Retry-After: the push waits and is sent once when Expo answers", async () => {
    const u = await userWithPhone();
    await note(u.user.id);
    expo.goDown();
    const down = await deliver();
    expect(down).toMatchObject({ sent: 0, deferred: 1 });
    const [waiting] = await pushesOf(u.phone);
    expect(waiting).toMatchObject({ status: "PENDING", attempts: 1 });
    expect(waiting!.lastError).toMatch(/unreachable/);
    expo.comeBack();
    expo.fail(1, 503, 7);
    // Due again (the test moves the retry time instead of waiting).
    await db().pushMessage.update({ where: { id: waiting!.id }, data: { nextAttemptAt: new Date() } });
    const busy = await deliver();
    expect(busy).toMatchObject({ sent: 0, deferred: 1 });
    const [later] = await pushesOf(u.phone);
    expect(later!.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(5_000); // Retry-After: 7
    await db().pushMessage.update({ where: { id: waiting!.id }, data: { nextAttemptAt: new Date() } });
    expect((await deliver()).sent).toBe(1);
    expect(expo.deliveredTo(u.phone)).toHaveLength(1);
    expect((await pushesOf(u.phone))[0]).toMatchObject({ status: "SENT", attempts: 3 });
  });

  it("a push that keeps failing is given up after MAX_PUSH_ATTEMPTS", async () => {
    const u = await userWithPhone();
    await note(u.user.id);
    expo.rateLimit(u.phone);
    for (let i = 0; i < MAX_PUSH_ATTEMPTS; i++) {
      await db().pushMessage.updateMany({ where: { token: u.phone, status: "PENDING" }, data: { nextAttemptAt: new Date() } });
      await deliver();
    }
    expect((await pushesOf(u.phone)).map((p) => [p.status, p.attempts])).toEqual([["FAILED", MAX_PUSH_ATTEMPTS]]);
    expo.rateLimit(u.phone, false);
  });

  it("two deliverers at once send each of 150 pushes once, in batches of at most 100", async () => {
    const users = await Promise.all(Array.from({ length: 15 }, () => userWithPhone()));
    for (const u of users) for (let i = 0; i < 10; i++) await note(u.user.id, `note ${i}`);
    const before = expo.delivered.length;
    const requestsBefore = expo.requests.length;
    await Promise.all([deliver(), deliver()]);
    const mine = expo.delivered.slice(before).filter((d) => users.some((u) => u.phone === d.to));
    expect(mine).toHaveLength(150);
    expect(new Set(mine.map((d) => `${d.to}|${d.title}`)).size).toBe(150);
    expect(Math.max(...expo.requests.slice(requestsBefore).map((r) => r.count))).toBeLessThanOrEqual(100);
  });
});

/** The statements sent to the database while `fn` runs whose text matches `pattern`. */
async function statementsMatching(pattern: RegExp, fn: () => Promise<unknown>): Promise<number> {
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const original = proto.query;
  let n = 0;
  proto.query = function counted(this: unknown, ...a: unknown[]) {
    const text = typeof a[0] === "string" ? a[0] : (a[0] as { text?: string } | undefined)?.text;
    if (text && pattern.test(text)) n++;
    return original.apply(this, a);
  };
  try {
    await fn();
  } finally {
    proto.query = original;
  }
  return n;
}

describe("set-based queueing (a mass plan expiry)", () => {
  it("40 users' notes queue their pushes in ONE statement: once per device, preferences kept, a replay adds none", async () => {
    const users = await Promise.all(Array.from({ length: 40 }, (_, i) => userWithPhone("VIP", i === 0 ? { notifyPayments: false } : {})));
    const second = expoToken();
    await registerDevice(users[1]!.user.id, { token: second, platform: "ios" });
    const key = uniq();
    const notes = users.map((u) => ({ userId: u.user.id, kind: "plan_expired", title: "Your VIP plan has expired", body: "Renew to keep the signals.", dedupeKey: `expiry-test:${key}:${u.user.id}` }));
    const inserts = await statementsMatching(/INSERT INTO push_messages/, () => db().$transaction((tx) => notifyUsers(tx, notes)));
    expect(inserts).toBe(1);
    const queued = await db().pushMessage.findMany({ where: { dedupeKey: { startsWith: `note:expiry-test:${key}:` } } });
    expect(queued).toHaveLength(40); // 39 users with payment pushes on, one of them with two phones
    expect(queued.filter((q) => q.userId === users[0]!.user.id)).toEqual([]);
    expect(queued.filter((q) => q.userId === users[1]!.user.id).map((q) => q.token).sort()).toEqual([users[1]!.phone, second].sort());
    expect(queued.every((q) => q.kind === "plan_expired" && q.title === "Your VIP plan has expired" && q.status === "PENDING")).toBe(true);
    expect(queued[0]!.data).toEqual({ kind: "plan_expired" });

    await db().$transaction((tx) => notifyUsers(tx, notes));
    expect(await db().pushMessage.count({ where: { dedupeKey: { startsWith: `note:expiry-test:${key}:` } } })).toBe(40);
  });

  it("the receipts of 30 pushes are written in ONE statement: ok, and DeviceNotRegistered (the token dropped)", async () => {
    const users = await Promise.all(Array.from({ length: 30 }, () => userWithPhone()));
    const gone = users[7]!;
    expo.unregisterAfterSend(gone.phone);
    await db().$transaction((tx) => notifyUsers(tx, users.map((u) => ({ userId: u.user.id, kind: "payment_confirmed", title: "✅ Payment Verified – Plan Activated", body: "Your VIP plan is active.", dedupeKey: `receipts-test:${uniq()}` }))));
    let report: Awaited<ReturnType<typeof deliver>> | undefined;
    const receiptUpdates = await statementsMatching(/SET receipt/, async () => {
      report = await deliver();
    });
    expect(receiptUpdates).toBe(1);
    expect(report!.receipts).toBeGreaterThanOrEqual(30);
    expect(report!.dropped).toBe(1);
    const rows = await db().pushMessage.findMany({ where: { token: { in: users.map((u) => u.phone) } } });
    expect(rows.map((r) => [r.token === gone.phone, r.receipt]).sort()).toEqual(users.map((u) => [u === gone, u === gone ? "error:DeviceNotRegistered" : "ok"]).sort());
    expect(rows.every((r) => r.receiptAt !== null)).toBe(true);
    expect(rows.find((r) => r.token === gone.phone)!.lastError).toMatch(/is not a registered push notification recipient/);
    expect(await db().pushDevice.count({ where: { token: gone.phone } })).toBe(0);
  });
});

// The protective-order watchdog against the local fake Binance through the real ccxt client: one
// open-orders snapshot per user and symbol, fills recorded at their exact commissions, a stop the
// exchange dropped re-placed with the next attempt's client id, one never accepted re-placed with its
// own, `protected` / `protected_checked_at` written, the admin alerted once an hour when re-placing
// fails, and one user's broken keys never stopping another user's check.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { watchLivePositionsJob } from "@/inngest/functions/watch-live-positions";
import { seal } from "@/server/crypto/secret-box";
import { db } from "@/server/db/client";
import { clientOrderId } from "@/server/exchange/client-order-id";
import { startFakeBinance, type TFakeBinance } from "@/test/fakes/binance";
import { btcSignal, LIVE_OPTIONS, liveTrader, n, openLive } from "@/test/helpers/live-trading";
import { setEnv, uniqueChatId } from "@/test/helpers/signals";
import { positionOf, storeSignal } from "@/test/helpers/trading";
import { openPosition } from "./open-position";
import { closeLivePosition, exchangeForUser, STOP_CROSSED_REASON } from "./live-positions";
import { getPositionDto } from "./position-dto";
import { watchLivePositions } from "./protective-watchdog";

let fake: TFakeBinance;
beforeAll(async () => {
  fake = await startFakeBinance();
});
afterAll(async () => {
  await fake.close();
});

const later = (ms = 120_000) => new Date(Date.now() + ms);

/** `at`, or the next hour's start if `at + span` would cross into it: the alert is kept to one per clock hour. */
function withinOneClockHour(at: Date, span: number): Date {
  const hour = 3_600_000;
  const start = Math.floor(at.getTime() / hour);
  return start === Math.floor((at.getTime() + span) / hour) ? at : new Date((start + 1) * hour + 1_000);
}

const watch = (userIds: number[], now = later()) => watchLivePositions({ ...LIVE_OPTIONS, userIds, now: () => now });
const callsOf = (apiKey: string, path: string) => fake.calls.filter((c) => c.apiKey === apiKey && c.path === path).length;

describe("protective-order watchdog", () => {
  it("a healthy position: ONE open-orders snapshot (normal + algo), no look-up per order, protected and checked", async () => {
    const { user, apiKey, positionId } = await openLive(fake);
    const before = { open: callsOf(apiKey, "/fapi/v1/openOrders"), algo: callsOf(apiKey, "/fapi/v1/openAlgoOrders"), find: callsOf(apiKey, "/fapi/v1/order"), findAlgo: callsOf(apiKey, "/fapi/v1/algoOrder") };
    const now = later();
    const s = await watch([user.id], now);
    expect(s).toMatchObject({ positions: 1, users: 1, protected: 1, unprotected: 0, replaced: 0, errors: [] });
    expect(callsOf(apiKey, "/fapi/v1/openOrders") - before.open).toBe(1);
    expect(callsOf(apiKey, "/fapi/v1/openAlgoOrders") - before.algo).toBe(1);
    expect(callsOf(apiKey, "/fapi/v1/order") - before.find).toBe(0);
    expect(callsOf(apiKey, "/fapi/v1/algoOrder") - before.findAlgo).toBe(0);
    const dto = await getPositionDto(positionId);
    expect([dto.protected, dto.protected_checked_at]).toEqual([true, now.toISOString()]);
  });

  it("the entry's protection placement sets protected_checked_at", async () => {
    const { positionId } = await openLive(fake);
    const p = await positionOf(positionId);
    expect([p.protected, p.protectedCheckedAt]).toEqual([true, expect.any(Date)]);
  });

  it("a stop the exchange cancelled is re-placed with the NEXT attempt's client id; the old row says why", async () => {
    const { user, apiKey, signal, positionId } = await openLive(fake);
    const stop = fake.algoOrders.find((o) => o.apiKey === apiKey)!;
    stop.algoStatus = "CANCELED"; // e.g. cancelled by hand in Binance's UI
    const s = await watch([user.id]);
    expect(s).toMatchObject({ protected: 1, replaced: 1 });
    const next = clientOrderId({ userId: user.id, signalId: signal.id, leg: "sl", attempt: 1 });
    const live = fake.algoOrders.filter((o) => o.apiKey === apiKey && o.algoStatus === "NEW");
    expect(live.map((o) => [o.clientAlgoId, o.quantity, o.triggerPrice, o.reduceOnly])).toEqual([[next, "0.008", "59000", true]]);
    const p = await positionOf(positionId);
    const stops = p.orders.filter((o) => o.kind === "STOP_LOSS");
    expect(stops.map((o) => [o.clientOrderId, o.status])).toEqual([[stop.clientAlgoId, "CANCELED"], [next, "OPEN"]]);
    expect(stops[0]!.error).toMatch(/canceled on the exchange; replaced by/);
    expect(p.protected).toBe(true);
    // The next run finds everything in place and places nothing.
    const placements = fake.placements().length;
    expect(await watch([user.id])).toMatchObject({ protected: 1, replaced: 0 });
    expect(fake.placements().length).toBe(placements);
  });

  it("a take-profit never accepted is placed with its OWN client id; an expired one gets the next id for what is left", async () => {
    const { user, apiKey, signal, positionId } = await openLive(fake);
    const tp2 = clientOrderId({ userId: user.id, signalId: signal.id, leg: "tp2" });
    // TP2 as if its placement had never reached Binance: unknown there, the row never acknowledged.
    fake.forgetOrder(tp2, apiKey);
    await db().order.update({ where: { clientOrderId: tp2 }, data: { status: "NEW", exchangeOrderId: null, error: "timeout" } });
    const tp1 = clientOrderId({ userId: user.id, signalId: signal.id, leg: "tp1" });
    fake.orders.find((o) => o.clientOrderId === tp1)!.status = "EXPIRED";
    const s = await watch([user.id]);
    expect(s).toMatchObject({ protected: 1, replaced: 2 });
    const resting = fake.orders.filter((o) => o.apiKey === apiKey && o.status === "NEW").map((o) => [o.clientOrderId, o.origQty, o.price]);
    expect(resting).toEqual(expect.arrayContaining([[tp2, "0.004", "61200"], [clientOrderId({ userId: user.id, signalId: signal.id, leg: "tp1", attempt: 1 }), "0.004", "60600"]]));
    const p = await positionOf(positionId);
    expect(p.orders.filter((o) => o.kind === "TAKE_PROFIT").map((o) => [o.targetIndex, o.status])).toEqual([[1, "EXPIRED"], [1, "OPEN"], [2, "OPEN"]]);
  });

  it("records a take-profit fill at its exact (maker) commission, and the position stays protected", async () => {
    const { user, apiKey, positionId } = await openLive(fake);
    fake.setFees({ makerRate: "0.0002" }, apiKey);
    fake.setPrice("BTCUSDT", "60650"); // TP1 (limit 60600) fills as maker
    const s = await watch([user.id]);
    expect(s).toMatchObject({ protected: 1, closed: 0, errors: [] });
    const p = await positionOf(positionId);
    // −0.192 (entry) + 600 × 0.004 = 2.4 − 0.004 × 60600 × 0.0002 (0.04848, not the 0.09696 estimate) → 2.15952
    expect([p.targetsHit, n(p.remainingQty), n(p.fees), n(p.realizedPnl)]).toEqual([1, "0.004", "0.24048", "2.15952"]);
    const tp1 = p.orders.find((o) => o.kind === "TAKE_PROFIT" && o.targetIndex === 1)!;
    const trade = fake.trades.find((t) => t.apiKey === apiKey && t.price === "60600")!;
    expect(tp1.fills.map((f) => [f.tradeId, n(f.qty), n(f.price), n(f.fee)])).toEqual([[`trade:${trade.id}`, "0.004", "60600", "0.04848"]]);
    const entry = p.orders.find((o) => o.kind === "ENTRY")!;
    expect(entry.fills.map((f) => f.tradeId)).toEqual([expect.stringMatching(/^trade:\d+$/)]);
  });

  it("trails a live stop after TP1 from the public ticker: the exchange ends with one resting stop at 1 % under the high", async () => {
    fake.setPrice("BTCUSDT", "60000");
    const { user, apiKey } = await liveTrader(fake);
    await db().user.update({ where: { id: user.id }, data: { trailingStopEnabled: true, trailingStopPct: "1", trailingStopAfterTp: 1 } });
    const signal = await storeSignal(btcSignal());
    const opened = await openPosition({ userId: user.id, signalId: signal.id, origin: "auto" }, LIVE_OPTIONS);
    fake.setPrice("BTCUSDT", "60650"); // TP1 fills: the trail starts at 60600
    await watch([user.id]);
    fake.setPrice("BTCUSDT", "61000"); // a new high below TP2 (61200): the stop follows to 61000 × 0.99
    expect(await watch([user.id])).toMatchObject({ protected: 1, errors: [] });
    const p = await positionOf(opened.positionId!);
    expect([n(p.stopLoss), n(p.trailExtreme), p.protected]).toEqual(["60390", "61000", true]);
    const resting = fake.algoOrders.filter((o) => o.apiKey === apiKey && o.algoStatus === "NEW");
    expect(resting.map((o) => [o.triggerPrice, o.quantity])).toEqual([["60390", "0.004"]]);
  });

  it("a trailed stop refused because the price is already past it (-2021): the rest is closed at market, the old stop cancelled", async () => {
    fake.setPrice("BTCUSDT", "60000");
    const { user, apiKey } = await liveTrader(fake);
    await db().user.update({ where: { id: user.id }, data: { trailingStopEnabled: true, trailingStopPct: "1", trailingStopAfterTp: 1 } });
    const signal = await storeSignal(btcSignal());
    const opened = await openPosition({ userId: user.id, signalId: signal.id, origin: "auto" }, LIVE_OPTIONS);
    fake.setPrice("BTCUSDT", "60650");
    await watch([user.id]); // TP1 fills; the trail starts at 60600
    fake.setPrice("BTCUSDT", "61000");
    fake.rejectNext(1, { code: -2021, msg: "Order would immediately trigger." }, { path: "/fapi/v1/algoOrder", method: "POST" });
    await watch([user.id]);
    const p = await positionOf(opened.positionId!);
    expect([p.status, p.closeReason, n(p.remainingQty)]).toEqual(["CLOSED", STOP_CROSSED_REASON, "0"]);
    expect(fake.algoOrders.filter((o) => o.apiKey === apiKey && o.algoStatus === "NEW")).toEqual([]);
    expect(fake.positions(apiKey).filter((x) => x.symbol === "BTCUSDT" && Number(x.positionAmt) !== 0)).toEqual([]);
  });

  it("a close whose market order is refused leaves the stop and take-profits resting (still protected)", async () => {
    const { apiKey, positionId } = await openLive(fake);
    fake.rejectNext(1, { code: -2019, msg: "Margin is insufficient." }, { path: "/fapi/v1/order", method: "POST" });
    const exchange = await exchangeForUser((await positionOf(positionId)).userId, LIVE_OPTIONS);
    await expect(closeLivePosition(positionId, exchange, "manual")).rejects.toMatchObject({ code: "INSUFFICIENT_FUNDS" });
    const p = await positionOf(positionId);
    expect(p.status).toBe("OPEN");
    expect(p.orders.filter((o) => o.kind !== "ENTRY" && o.kind !== "CLOSE").map((o) => o.status)).toEqual(["OPEN", "OPEN", "OPEN"]);
    expect(fake.algoOrders.filter((o) => o.apiKey === apiKey && o.algoStatus === "NEW")).toHaveLength(1);
  });

  it("a close whose answer is lost after Binance took it, and Binance cannot be asked: the claim stays, a second close sends nothing new, finds the first and settles it", async () => {
    const { apiKey, positionId } = await openLive(fake);
    const exchange = await exchangeForUser((await positionOf(positionId)).userId, LIVE_OPTIONS);
    fake.timeoutAfterAcceptNext(1, { mode: "destroy" });
    fake.rejectNext(2, { code: -1000, msg: "An unknown error occured while processing the request.", status: 500 }, { method: "GET", path: "/fapi/v1/order" });
    await expect(closeLivePosition(positionId, exchange, "manual")).rejects.toMatchObject({ outcomeUnknown: true });
    let p = await positionOf(positionId);
    expect(p.orders.filter((o) => o.kind === "CLOSE").map((o) => [o.status, o.exchangeOrderId])).toEqual([["NEW", null]]);
    const placed = fake.placements().filter((c) => c.apiKey === apiKey && c.params.reduceOnly === "true" && c.params.type === "MARKET").length;
    expect(placed).toBe(1);

    // The watchdog's next pass looks it up, finds the first close filled and settles the position
    // by it; nothing else is sent.
    await watch([(await positionOf(positionId)).userId]);
    expect(fake.algoOrders.filter((o) => o.apiKey === apiKey && o.algoStatus === "NEW")).toEqual([]);
    expect(fake.orders.filter((o) => o.apiKey === apiKey && o.status === "NEW")).toEqual([]);
    expect(fake.placements().filter((c) => c.apiKey === apiKey && c.params.reduceOnly === "true" && c.params.type === "MARKET")).toHaveLength(1);
    p = await positionOf(positionId);
    expect([p.status, n(p.remainingQty)]).toEqual(["CLOSED", "0"]);
    expect(p.orders.filter((o) => o.kind === "CLOSE").map((o) => o.status)).toEqual(["FILLED"]);
    expect(fake.positions(apiKey).filter((x) => x.symbol === "BTCUSDT" && Number(x.positionAmt) !== 0)).toEqual([]);
  });

  it("a close in doubt that never reached Binance: the next close releases the claim and places its own", async () => {
    const { apiKey, positionId } = await openLive(fake);
    const exchange = await exchangeForUser((await positionOf(positionId)).userId, LIVE_OPTIONS);
    fake.dropNext(1);
    fake.rejectNext(2, { code: -1000, msg: "An unknown error occured while processing the request.", status: 500 }, { method: "GET", path: "/fapi/v1/order" });
    await expect(closeLivePosition(positionId, exchange, "manual")).rejects.toMatchObject({ outcomeUnknown: true });
    // Within the grace period a look-up may precede the order: the claim holds.
    expect(await closeLivePosition(positionId, exchange, "manual")).toMatchObject({ skipped: "closing" });
    await db().order.updateMany({ where: { positionId, kind: "CLOSE" }, data: { createdAt: new Date(Date.now() - 60_000) } });
    await closeLivePosition(positionId, exchange, "manual");
    const p = await positionOf(positionId);
    expect([p.status, n(p.remainingQty)]).toEqual(["CLOSED", "0"]);
    expect(p.orders.filter((o) => o.kind === "CLOSE").map((o) => o.status)).toEqual(["REJECTED", "FILLED"]);
    expect(fake.positions(apiKey).filter((x) => x.symbol === "BTCUSDT" && Number(x.positionAmt) !== 0)).toEqual([]);
  });

  it("a manual close while a fired stop's fill cannot be read is refused (409), nothing is sent", async () => {
    const { user, apiKey, positionId } = await openLive(fake);
    const stop = fake.algoOrders.find((o) => o.apiKey === apiKey)!;
    fake.scriptAlgo(stop.clientAlgoId, { holdAt: "TRIGGERING" }, apiKey);
    fake.setPrice("BTCUSDT", "58900");
    await watch([user.id]);
    const placed = fake.placements().length;
    const exchange = await exchangeForUser(user.id, LIVE_OPTIONS);
    await expect(closeLivePosition(positionId, exchange, "manual")).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/cannot be read yet/) });
    expect(fake.placements().length).toBe(placed);
    expect((await positionOf(positionId)).status).toBe("OPEN");
    fake.setPrice("BTCUSDT", "60000");
  });

  it("a stop that cannot be re-placed: unprotected, the admin alerted ONCE within the hour", async () => {
    const chats = { admin: uniqueChatId(), vip: uniqueChatId() };
    const { user, apiKey, positionId } = await openLive(fake, { chats });
    fake.algoOrders.find((o) => o.apiKey === apiKey)!.algoStatus = "EXPIRED";
    const now = withinOneClockHour(later(), 60_000);
    const refused = { code: -1111, msg: "Precision is over the maximum defined for this asset." };
    fake.rejectNext(1, refused, { path: "/fapi/v1/algoOrder", method: "POST" });
    expect(await watch([user.id], now)).toMatchObject({ unprotected: 1 });
    fake.rejectNext(1, refused, { path: "/fapi/v1/algoOrder", method: "POST" });
    expect(await watch([user.id], new Date(now.getTime() + 60_000))).toMatchObject({ unprotected: 1 });
    const p = await positionOf(positionId);
    expect(p.protected).toBe(false);
    const alerts = await db().outboxMessage.findMany({ where: { target: chats.admin, kind: "position_unprotected" } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.body).toContain("stop:");
    // Once the exchange accepts it again, the position is protected.
    expect(await watch([user.id], new Date(now.getTime() + 120_000))).toMatchObject({ protected: 1 });
    expect((await positionOf(positionId)).protected).toBe(true);
  });

  it("a stop that cannot rest because the price is already past it (-2021) → the rest is closed reduce-only at market", async () => {
    const { user, apiKey, positionId } = await openLive(fake);
    fake.algoOrders.find((o) => o.apiKey === apiKey)!.algoStatus = "EXPIRED";
    fake.setPrice("BTCUSDT", "58900"); // below the 59000 stop that is no longer resting
    expect(await watch([user.id])).toMatchObject({ closed: 1, errors: [] });
    const p = await positionOf(positionId);
    expect([p.status, p.closeReason, n(p.remainingQty)]).toEqual(["CLOSED", STOP_CROSSED_REASON, "0"]);
    const close = p.orders.find((o) => o.kind === "CLOSE")!;
    expect([close.type, close.reduceOnly, close.status, n(close.avgPrice)]).toEqual(["MARKET", true, "FILLED", "58900"]);
    expect(fake.positions(apiKey).filter((x) => x.symbol === "BTCUSDT" && Number(x.positionAmt) !== 0)).toEqual([]);
  });

  it("a stop whose child market order filled only in part: exactly that fill is settled, the position stays open and a stop is re-armed for the rest", async () => {
    const { user, apiKey, positionId } = await openLive(fake);
    const stop = fake.algoOrders.find((o) => o.apiKey === apiKey)!;
    fake.scriptAlgo(stop.clientAlgoId, { childFill: "0.003", childEnd: "EXPIRED" }, apiKey);
    fake.setPrice("BTCUSDT", "58950");
    fake.setPrice("BTCUSDT", "59500"); // back above the stop: the re-armed one can rest
    await watch([user.id]);
    const p = await positionOf(positionId);
    expect([p.status, n(p.remainingQty)]).toEqual(["OPEN", "0.005"]);
    const stops = p.orders.filter((o) => o.kind === "STOP_LOSS");
    expect(stops.map((o) => [o.status, n(o.filledQty)])).toEqual([["EXPIRED", "0.003"], ["OPEN", "0"]]);
    expect(n(stops[1]!.qty)).toBe("0.005");
    expect(fake.positions(apiKey)).toEqual([{ symbol: "BTCUSDT", positionSide: "BOTH", positionAmt: "0.005", entryPrice: "60000" }]);
  });

  it("a stop that fired but whose fill cannot be read: the position stays OPEN as FILL_UNCONFIRMED, the admin is alerted, nothing is closed or re-placed; settled once readable", async () => {
    const chats = { admin: uniqueChatId(), vip: uniqueChatId() };
    const { user, apiKey, positionId } = await openLive(fake, { chats });
    const stop = fake.algoOrders.find((o) => o.apiKey === apiKey)!;
    fake.scriptAlgo(stop.clientAlgoId, { holdAt: "TRIGGERING" }, apiKey);
    fake.setPrice("BTCUSDT", "58900");
    const placedBefore = fake.placements().length;
    await watch([user.id]);
    let p = await positionOf(positionId);
    expect([p.status, p.failureCode, n(p.remainingQty)]).toEqual(["OPEN", "FILL_UNCONFIRMED", "0.008"]);
    expect(p.failureReason).toMatch(/stop/);
    expect(fake.placements().length).toBe(placedBefore);
    const alerts = await db().outboxMessage.findMany({ where: { target: chats.admin, kind: "position_unconfirmed" } });
    expect(alerts).toHaveLength(1);

    fake.advanceAlgo(stop.clientAlgoId, apiKey);
    fake.advanceAlgo(stop.clientAlgoId, apiKey);
    await watch([user.id], later(180_000));
    p = await positionOf(positionId);
    expect([p.status, p.failureCode, n(p.remainingQty)]).toEqual(["CLOSED", null, "0"]);
    expect(n(p.orders.find((o) => o.kind === "STOP_LOSS")!.avgPrice)).toBe("58900");
  });

  it("one user's rejected keys never stop another user's check; the error is recorded per position", async () => {
    const a = await openLive(fake);
    const b = await openLive(fake);
    fake.algoOrders.find((o) => o.apiKey === b.apiKey)!.algoStatus = "CANCELED";
    // A's keys were revoked on Binance: every request of A answers -2015.
    await db().exchangeConnection.update({ where: { userId: a.user.id }, data: { apiKeyEnc: seal(`revoked${randomBytes(16).toString("hex")}`).ciphertext } });
    const s = await watch([a.user.id, b.user.id]);
    expect(s.errors).toEqual([{ positionId: a.positionId, userId: a.user.id, error: expect.stringMatching(/-2015/) }]);
    expect(s).toMatchObject({ positions: 2, protected: 1, replaced: 1 });
  });

  it("runs as the watch-live-positions job", async () => {
    setEnv({ ENABLE_LIVE_TRADING: "false" });
    const step = { run: <T>(_id: string, fn: () => Promise<T>) => fn(), sendEvent: async () => undefined, sleep: async () => undefined };
    expect(await watchLivePositionsJob.handler({ event: { name: "cron", data: {} }, step })).toMatchObject({ skipped: expect.stringMatching(/disabled/) });
    expect(watchLivePositionsJob).toMatchObject({ id: "watch-live-positions", singleton: true, triggers: [{ cron: "* * * * *" }] });
  });
});

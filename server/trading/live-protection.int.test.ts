// Protection checks against the local fake Binance through the real ccxt client: an order the database
// never saw acknowledged but that the exchange has and already filled must reach the reconcile, which
// records its fill and P&L.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { startFakeBinance, type TFakeBinance } from "@/test/fakes/binance";
import { LIVE_OPTIONS, n, openLive } from "@/test/helpers/live-trading";
import { positionOf } from "@/test/helpers/trading";
import { exchangeForUser, reconcileLivePosition } from "./live-positions";
import { verifyProtection } from "./live-protection";

let fake: TFakeBinance;
beforeAll(async () => {
  fake = await startFakeBinance();
});
afterAll(async () => {
  await fake.close();
});

describe("live protection", () => {
  it("a stop we hold as NEW (never acknowledged) that the exchange has and filled: verify stores it resting, the reconcile closes the position at its fill", async () => {
    const { userId, apiKey, positionId } = await openLive(fake);
    const stop = (await positionOf(positionId)).orders.find((o) => o.kind === "STOP_LOSS")!;
    // As if the placement's answer was lost: the exchange accepted the stop, the row never learnt it.
    await db().order.update({ where: { id: stop.id }, data: { status: "NEW", exchangeOrderId: null } });
    fake.setPrice("BTCUSDT", "58900"); // the stop triggers and fills at market
    expect(fake.algoOrders.find((o) => o.apiKey === apiKey && o.clientAlgoId === stop.clientOrderId)!.algoStatus).toBe("FINISHED");

    const exchange = await exchangeForUser(userId, LIVE_OPTIONS);
    const later = new Date(Date.now() + 120_000); // past the opener's placement grace
    const check = await verifyProtection(positionId, exchange, new Map(), later);
    expect(check.placed).toEqual([]); // found on the exchange, not placed again
    // The stop filled: no repair of the take-profits going away with the position, no false alarm.
    expect([check.protected, check.problems]).toEqual([null, []]);
    const marked = await db().order.findUniqueOrThrow({ where: { id: stop.id } });
    expect([marked.status, marked.exchangeOrderId, n(marked.filledQty)]).toEqual(["OPEN", expect.any(String), "0"]);

    await reconcileLivePosition(positionId, exchange, [], { now: later });
    const p = await positionOf(positionId);
    const settled = p.orders.find((o) => o.id === stop.id)!;
    expect([settled.status, n(settled.filledQty), n(settled.avgPrice)]).toEqual(["FILLED", "0.008", "58900"]);
    // (58900 − 60000) × 0.008 = −8.8 gross; taker fees 0.192 (entry) + 0.18848 (stop).
    expect([p.status, p.closeReason, n(p.remainingQty), n(p.fees), n(p.realizedPnl)]).toEqual(["CLOSED", "SL", "0", "0.38048", "-9.18048"]);
  });
});

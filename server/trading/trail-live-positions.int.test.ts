// Live trailing stops as the protective-order watchdog drives them: ticker prices in, the positions
// whose trail moves found in one query, the stop replaced on the owner's exchange (cancel, then a new
// stop with the next client order id).
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import type { TExchange } from "@/server/exchange/types";
import { uniqueSymbol } from "@/test/helpers/signals";
import { insertOrder, insertPosition } from "@/test/helpers/positions";
import { createTrader, positionOf } from "@/test/helpers/trading";
import { trailLivePositions } from "./trail-live-positions";

const n = (d: { toFixed(): string } | null | undefined) => (d == null ? null : d.toFixed());

/** An exchange that records the calls the follow-ups make. */
function recordingExchange() {
  const calls: string[] = [];
  const exchange = {
    cancelOrder: async (o: { clientOrderId: string }) => void calls.push(`cancel ${o.clientOrderId}`),
    stopMarket: async (o: { triggerPrice: string; qty: string; side: string }) => {
      calls.push(`stop ${o.side} ${o.qty} @ ${o.triggerPrice}`);
      return { exchangeOrderId: `x-${calls.length}` };
    },
  } as unknown as TExchange;
  return { calls, exchange };
}

describe("trailLivePositions", () => {
  it("moves the stop of a live LONG whose trail is active, and leaves the others alone", async () => {
    const symbol = uniqueSymbol();
    const u = await createTrader();
    const base = { symbol, mode: "BINANCE_TESTNET" as const, entryPrice: "100", qty: "0.5", remainingQty: "0.25", notional: "50", margin: "10", stopLoss: "100", targets: ["110", "120"] };
    const trailing = await insertPosition(u.id, { ...base, targetsHit: 1, trailingStopPct: "1", trailingAfterTp: 1, trailExtreme: "110" });
    const notYet = await insertPosition(u.id, { ...base, targetsHit: 0, trailingStopPct: "1", trailingAfterTp: 1 });
    const untrailed = await insertPosition(u.id, { ...base, targetsHit: 1 });
    for (const p of [trailing, notYet, untrailed]) {
      await insertOrder(p.id, u.id, { kind: "STOP_LOSS", type: "STOP_MARKET", qty: "0.25", price: null, triggerPrice: "100", exchangeOrderId: `x-${p.id}` });
    }
    const { calls, exchange } = recordingExchange();

    const r = await trailLivePositions(new Map([[symbol, "125"]]), { exchangeFor: async () => exchange });
    expect(r).toEqual({ positions: 1, moved: 1, failed: 0 });
    expect(calls).toEqual([expect.stringMatching(/^cancel /), "stop SELL 0.25 @ 123.75"]);
    const p = await positionOf(trailing.id);
    expect([n(p.stopLoss), n(p.trailExtreme)]).toEqual(["123.75", "125"]);
    expect(p.orders.map((o) => [o.status, n(o.triggerPrice)])).toEqual([["CANCELED", "100"], ["OPEN", "123.75"]]);
    expect(n((await db().position.findUniqueOrThrow({ where: { id: notYet.id } })).stopLoss)).toBe("100");

    // Below the step (a tenth of the 1 % distance): nothing is selected, nothing is sent.
    expect(await trailLivePositions(new Map([[symbol, "125.1"]]), { exchangeFor: async () => exchange })).toEqual({ positions: 0, moved: 0, failed: 0 });
    expect(calls).toHaveLength(2);
  });
});

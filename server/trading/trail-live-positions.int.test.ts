// Live trailing stops as the protective-order watchdog drives them: ticker prices in, the positions
// whose trail moves found in one query, the stop replaced on the owner's exchange — the new stop
// (next client order id) placed first, then the old one cancelled — and what happens when the
// exchange refuses the new stop or the old one filled first.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { ExchangeAppError } from "@/server/exchange/errors";
import type { TExchange } from "@/server/exchange/types";
import { uniqueSymbol } from "@/test/helpers/signals";
import { insertOrder, insertPosition } from "@/test/helpers/positions";
import { createTrader, positionOf } from "@/test/helpers/trading";
import { trailLivePositions } from "./trail-live-positions";

const n = (d: { toFixed(): string } | null | undefined) => (d == null ? null : d.toFixed());

type TScript = { refuseStop?: { code: number; msg: string }; oldStopFilled?: boolean };

/** An exchange that records the calls the follow-ups make; `script` makes it refuse or report a fill. */
function recordingExchange(script: TScript = {}) {
  const calls: string[] = [];
  const exchange = {
    cancelOrder: async (o: { clientOrderId: string }) => void calls.push(`cancel ${o.clientOrderId}`),
    findOrder: async (o: { clientOrderId: string }) => ({ clientOrderId: o.clientOrderId, status: script.oldStopFilled ? "FILLED" : "CANCELED", filledQty: script.oldStopFilled ? "0.25" : "0", avgPrice: script.oldStopFilled ? "100" : null, fee: "0.01", exchangeOrderId: "x" }),
    openOrders: async () => [],
    orderTrades: async () => [],
    marketOrder: async () => {
      throw new Error("no market orders in this test");
    },
    stopMarket: async (o: { triggerPrice: string; qty: string; side: string }) => {
      calls.push(`stop ${o.side} ${o.qty} @ ${o.triggerPrice}`);
      if (script.refuseStop) throw new ExchangeAppError("INVALID_ORDER", script.refuseStop.msg, { exchangeCode: script.refuseStop.code });
      return { exchangeOrderId: `x-${calls.length}`, clientOrderId: "", status: "NEW", filledQty: "0", avgPrice: null, fee: "0" };
    },
  } as unknown as TExchange;
  return { calls, exchange };
}

/** A live LONG at 100 with TP1 filled, a 1 % trail from 110, its stop resting at 100 (0.25 left). */
async function trailingLong() {
  const symbol = uniqueSymbol();
  const u = await createTrader();
  const p = await insertPosition(u.id, {
    symbol, mode: "BINANCE_TESTNET", entryPrice: "100", qty: "0.5", remainingQty: "0.25", notional: "50", margin: "10", stopLoss: "100", targets: ["110", "120"],
    targetsHit: 1, trailingStopPct: "1", trailingAfterTp: 1, trailExtreme: "110",
  });
  const stop = await insertOrder(p.id, u.id, { kind: "STOP_LOSS", type: "STOP_MARKET", qty: "0.25", price: null, triggerPrice: "100", exchangeOrderId: `x-${p.id}` });
  return { symbol, positionId: p.id, stop };
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
    expect(calls).toEqual(["stop SELL 0.25 @ 123.75", expect.stringMatching(/^cancel /)]);
    const p = await positionOf(trailing.id);
    expect([n(p.stopLoss), n(p.trailExtreme)]).toEqual(["123.75", "125"]);
    expect(p.orders.map((o) => [o.status, n(o.triggerPrice)])).toEqual([["CANCELED", "100"], ["OPEN", "123.75"]]);
    expect(n((await db().position.findUniqueOrThrow({ where: { id: notYet.id } })).stopLoss)).toBe("100");

    // Below the step (a tenth of the 1 % distance): nothing is selected, nothing is sent.
    expect(await trailLivePositions(new Map([[symbol, "125.1"]]), { exchangeFor: async () => exchange })).toEqual({ positions: 0, moved: 0, failed: 0 });
    expect(calls).toHaveLength(2);
  });

  it("the exchange refuses the new stop: the old one keeps protecting (row restored, stop price back), nothing cancelled", async () => {
    const { symbol, positionId, stop } = await trailingLong();
    const { calls, exchange } = recordingExchange({ refuseStop: { code: -1111, msg: "Precision is over the maximum defined for this asset." } });
    await trailLivePositions(new Map([[symbol, "125"]]), { exchangeFor: async () => exchange });
    expect(calls).toEqual(["stop SELL 0.25 @ 123.75"]);
    const p = await positionOf(positionId);
    expect(n(p.stopLoss)).toBe("100");
    expect(p.orders.map((o) => [o.clientOrderId === stop.clientOrderId ? "old" : "new", o.status])).toEqual([["old", "OPEN"], ["new", "CANCELED"]]);
  });

  it("the old stop filled before it could be cancelled: the new stop is cancelled again and the position settles as stopped out", async () => {
    const { symbol, positionId } = await trailingLong();
    const { calls, exchange } = recordingExchange({ oldStopFilled: true });
    await trailLivePositions(new Map([[symbol, "125"]]), { exchangeFor: async () => exchange });
    expect(calls).toEqual(["stop SELL 0.25 @ 123.75", expect.stringMatching(/^cancel /), expect.stringMatching(/^cancel /)]);
    const p = await positionOf(positionId);
    const [oldStop, newStop] = p.orders;
    expect([oldStop!.status, n(oldStop!.filledQty), newStop!.status]).toEqual(["FILLED", "0.25", "CANCELED"]);
    expect([p.status, n(p.remainingQty)]).toEqual(["CLOSED", "0"]);
  });
});

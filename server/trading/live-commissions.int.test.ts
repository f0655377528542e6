// Exact commissions of live fills against the local fake Binance through the real ccxt client: two
// callers recording the same order's trades at once (the watchdog's catch-up and a reconcile) must
// correct the estimated fee once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { dec, money } from "@/server/decimal";
import { startFakeBinance, type TFakeBinance } from "@/test/fakes/binance";
import { LIVE_OPTIONS, n, openLive } from "@/test/helpers/live-trading";
import { positionOf } from "@/test/helpers/trading";
import { recordExactFills, TRADE_FILL_PREFIX } from "./live-commissions";
import { exchangeForUser } from "./live-positions";

let fake: TFakeBinance;
beforeAll(async () => {
  fake = await startFakeBinance();
});
afterAll(async () => {
  await fake.close();
});

describe("exact commissions", () => {
  it("two concurrent recordings of the same order's trades correct the estimated fee ONCE", async () => {
    const { userId, positionId } = await openLive(fake);
    const exact = await positionOf(positionId);
    const entry = exact.orders.find((o) => o.kind === "ENTRY")!;
    const trades = await (await exchangeForUser(userId, LIVE_OPTIONS)).orderTrades({ symbol: "BTCUSDT", exchangeOrderId: entry.exchangeOrderId! });
    expect(trades.length).toBeGreaterThan(0);

    // Back to the state before the trades were known: one estimated row charging 0.1 USDT too much.
    const exactFee = dec(trades.reduce((s, x) => s.add(x.commission), dec(0)));
    await db().$transaction([
      db().fill.deleteMany({ where: { orderId: entry.id } }),
      db().fill.create({ data: { orderId: entry.id, tradeId: entry.exchangeOrderId!, qty: entry.filledQty, price: entry.avgPrice!, fee: money(exactFee.add("0.1")) } }),
      db().position.update({ where: { id: positionId }, data: { fees: money(dec(n(exact.fees)!).add("0.1")), realizedPnl: money(dec(n(exact.realizedPnl)!).sub("0.1")) } }),
    ]);

    const outcomes = await Promise.all([recordExactFills(entry.id, trades), recordExactFills(entry.id, trades)]);
    expect(outcomes.sort()).toEqual(["already", "recorded"]);
    const p = await positionOf(positionId);
    expect([n(p.fees), n(p.realizedPnl)]).toEqual([n(exact.fees), n(exact.realizedPnl)]);
    const fills = p.orders.find((o) => o.id === entry.id)!.fills;
    expect(fills.map((f) => f.tradeId.startsWith(TRADE_FILL_PREFIX))).toEqual(trades.map(() => true));
    expect(n(fills.reduce((s, f) => s.add(f.fee.toFixed()), dec(0)))).toBe(n(exactFee));
  });
});

// Protection checks against the local fake Binance through the real ccxt client: an order the database
// never saw acknowledged but that the exchange has and already filled must reach the reconcile, which
// records its fill and P&L.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { startFakeBinance, type TFakeBinance } from "@/test/fakes/binance";
import { setEnv, uniqueChatId } from "@/test/helpers/signals";
import { connectExchange, createTrader, positionOf, storeSignal } from "@/test/helpers/trading";
import { exchangeForUser, reconcileLivePosition } from "./live-positions";
import { verifyProtection } from "./live-protection";
import { openPosition } from "./open-position";
import type { TTradingOptions } from "./options";

let fake: TFakeBinance;
beforeAll(async () => {
  fake = await startFakeBinance();
});
afterAll(async () => {
  await fake.close();
});

const OPTIONS: TTradingOptions = { exchangeOptions: { timeoutMs: 1500, retry: { attempts: 2, backoffMs: [50] } } };
const n = (d: { toFixed(): string } | null | undefined) => (d == null ? null : d.toFixed());

/** A testnet trader with an open BTC position: 0.008 BTC @ 60000, TPs 60600 / 61200, stop @ 59000. */
async function openLive() {
  fake.setPrice("BTCUSDT", "60000");
  setEnv({ ENABLE_LIVE_TRADING: "true", BINANCE_FUTURES_TESTBASE: fake.baseUrl, BINANCE_FUTURES_BASE: fake.baseUrl, ADMIN_CHAT_ID: uniqueChatId(), VIP_CHAT_ID: uniqueChatId() });
  const apiKey = `k${randomBytes(20).toString("hex")}`;
  const apiSecret = `s${randomBytes(20).toString("hex")}`;
  fake.addAccount({ apiKey, apiSecret, balanceUsdt: "10000" });
  const user = await createTrader({ perTradeUsdt: "50", leverage: 10 });
  await connectExchange(user.id, { mode: "BINANCE_TESTNET", apiKey, apiSecret, marginMode: "ISOLATED" });
  await db().exchangeConnection.update({ where: { userId: user.id }, data: { leverageDefault: 10 } });
  const signal = await storeSignal({ symbol: "BTCUSDT", direction: "LONG", entry: 60000, targets: [60600, 61200], stop_loss: 59000, leverage: 10 });
  const r = await openPosition({ userId: user.id, signalId: signal.id, origin: "auto" }, OPTIONS);
  expect(r.outcome).toBe("opened");
  return { userId: user.id, apiKey, positionId: r.positionId! };
}

describe("live protection", () => {
  it("a stop we hold as NEW (never acknowledged) that the exchange has and filled: verify stores it resting, the reconcile closes the position at its fill", async () => {
    const { userId, apiKey, positionId } = await openLive();
    const stop = (await positionOf(positionId)).orders.find((o) => o.kind === "STOP_LOSS")!;
    // As if the placement's answer was lost: the exchange accepted the stop, the row never learnt it.
    await db().order.update({ where: { id: stop.id }, data: { status: "NEW", exchangeOrderId: null } });
    fake.setPrice("BTCUSDT", "58900"); // the stop triggers and fills at market
    expect(fake.algoOrders.find((o) => o.apiKey === apiKey && o.clientAlgoId === stop.clientOrderId)!.algoStatus).toBe("FINISHED");

    const exchange = await exchangeForUser(userId, OPTIONS);
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

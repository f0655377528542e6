// Exact commissions of live fills against the local fake Binance through the real ccxt client: two
// callers recording the same order's trades at once (the watchdog's catch-up and a reconcile) must
// correct the estimated fee once.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { dec, money } from "@/server/exchange/decimal";
import { startFakeBinance, type TFakeBinance } from "@/test/fakes/binance";
import { setEnv, uniqueChatId } from "@/test/helpers/signals";
import { connectExchange, createTrader, positionOf, storeSignal } from "@/test/helpers/trading";
import { recordExactFills, TRADE_FILL_PREFIX } from "./live-commissions";
import { exchangeForUser } from "./live-positions";
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

/** A testnet trader with an open BTC position: 0.008 BTC @ 60000. */
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
  return { userId: user.id, positionId: r.positionId! };
}

describe("exact commissions", () => {
  it("two concurrent recordings of the same order's trades correct the estimated fee ONCE", async () => {
    const { userId, positionId } = await openLive();
    const exact = await positionOf(positionId);
    const entry = exact.orders.find((o) => o.kind === "ENTRY")!;
    const trades = await (await exchangeForUser(userId, OPTIONS)).orderTrades({ symbol: "BTCUSDT", exchangeOrderId: entry.exchangeOrderId! });
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

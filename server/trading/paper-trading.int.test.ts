// The paper engine end to end on a real database: open (entry fill, fee, orders, receipt), events
// (TP1 → TP2 → SL, cancellation), manual close, move-stop-to-entry, the stale-signal guard, the feed
// being down, and the daily aggregates — every P&L figure checked by hand.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { recordSignalEvent } from "@/server/signals/record-event";
import { createFakePriceFeed } from "@/test/fakes/price-feed";
import { setEnv, uniqueChatId, uniqueSymbol } from "@/test/helpers/signals";
import { connectExchange, createTrader, long100, positionOf, short100, storeSignal } from "@/test/helpers/trading";
import { applySignalEventToPositions } from "./apply-signal-event";
import { openPaperCopies, prepareSignalCopy } from "./auto-trade";
import { closePosition } from "./close-position";
import { openPosition } from "./open-position";
import { getPositionDto } from "./position-dto";

async function setup(body: (symbol: string) => Record<string, unknown> = long100, price = "100", trader: Parameters<typeof createTrader>[0] = {}) {
  const symbol = uniqueSymbol();
  const feed = createFakePriceFeed({ [symbol]: price });
  const signal = await storeSignal(body(symbol));
  const user = await createTrader(trader);
  return { symbol, feed, signal, user };
}

async function event(signalId: string, type: "TP_HIT" | "ALL_TP" | "SL_HIT" | "CANCELLED" | "CLOSED", target: number | null, feed: ReturnType<typeof createFakePriceFeed>, price: string | null = null) {
  const r = await recordSignalEvent({ signalId, type, target, price });
  return applySignalEventToPositions(signalId, r.event.id, { priceFeed: feed });
}

const n = (d: { toFixed(): string } | null | undefined) => (d == null ? null : d.toFixed());

describe("opening a paper copy of a signal", () => {
  it("fills the entry at the feed's price with the fee, rests one TP per target and the stop, and keeps a receipt", async () => {
    const { feed, signal, user } = await setup();
    const r = await openPosition({ userId: user.id, signalId: signal.id, origin: "auto" }, { priceFeed: feed });
    expect(r).toMatchObject({ outcome: "opened", mode: "PAPER", reason: null });
    const p = await positionOf(r.positionId!);
    // qty = 10 × 5 ÷ 100 = 0.5; entry fee 0.5 × 100 × 0.0004 = 0.02, realized at once.
    expect([n(p.entryPrice), n(p.qty), n(p.remainingQty), n(p.notional), n(p.margin)]).toEqual(["100", "0.5", "0.5", "50", "10"]);
    expect([n(p.fees), n(p.realizedPnl), n(p.pnlPct), n(p.nextTpPrice), n(p.stopLoss)]).toEqual(["0.02", "-0.02", "-0.2", "110", "90"]);
    expect(p.filledAtSignalPrice).toBe(false);
    expect(p.protected).toBe(true);
    const orders = p.orders.map((o) => [o.kind, o.side, o.type, o.targetIndex, n(o.qty), n(o.price ?? o.triggerPrice), o.status, o.reduceOnly]);
    expect(orders).toEqual([
      ["ENTRY", "BUY", "MARKET", null, "0.5", null, "FILLED", false],
      ["TAKE_PROFIT", "SELL", "LIMIT", 1, "0.166", "110", "OPEN", true],
      ["TAKE_PROFIT", "SELL", "LIMIT", 2, "0.166", "120", "OPEN", true],
      ["TAKE_PROFIT", "SELL", "LIMIT", 3, "0.168", "130", "OPEN", true],
      ["STOP_LOSS", "SELL", "STOP_MARKET", null, "0.5", "90", "OPEN", true],
    ]);
    expect(p.orders[0]!.fills.map((f) => [n(f.qty), n(f.price), n(f.fee)])).toEqual([["0.5", "100", "0.02"]]);
    expect(new Set(p.orders.map((o) => o.clientOrderId)).size).toBe(5);
    const dto = await getPositionDto(p.id);
    expect(dto.receipt).toMatchObject({ signal_entry_price: "100", slippage_pct: "0" });
    expect(dto.receipt.signal_to_entry_ms).toBeGreaterThanOrEqual(0);
    expect(dto.partial).toBe(false);
  });

  it("is idempotent: the same user and signal again opens nothing", async () => {
    const { feed, signal, user } = await setup();
    const first = await openPosition({ userId: user.id, signalId: signal.id, origin: "auto" }, { priceFeed: feed });
    const again = await openPosition({ userId: user.id, signalId: signal.id, origin: "auto" }, { priceFeed: feed });
    expect(again).toMatchObject({ outcome: "exists", positionId: first.positionId });
    expect(await db().position.count({ where: { signalId: signal.id } })).toBe(1);
    expect(await db().order.count({ where: { positionId: first.positionId! } })).toBe(5);
  });

  it("records slippage against the signal's entry (positive = worse for the trader)", async () => {
    const { feed, signal, user } = await setup(long100, "101");
    const r = await openPosition({ userId: user.id, signalId: signal.id, origin: "auto" }, { priceFeed: feed });
    const p = await positionOf(r.positionId!);
    expect([n(p.entryPrice), n(p.slippagePct), n(p.signalEntryPrice)]).toEqual(["101", "1", "100"]);
  });

  it("fills at the signal's entry when the feed is down, and says so", async () => {
    const { feed, signal, user } = await setup();
    feed.goDown();
    const r = await openPosition({ userId: user.id, signalId: signal.id, origin: "auto" }, { priceFeed: feed });
    const p = await positionOf(r.positionId!);
    expect([p.filledAtSignalPrice, n(p.entryPrice), n(p.qty)]).toEqual([true, "100", "0.5"]);
    expect((await db().serviceStatus.findUnique({ where: { name: "price_feed" } }))?.status).toBe("down");
  });

  it("refuses a manual trade too small for the market with the reason (422), recording nothing", async () => {
    const { feed, signal, user } = await setup(long100, "100", { perTradeUsdt: "0.5", leverage: 1 });
    await expect(openPosition({ userId: user.id, signalId: signal.id, origin: "manual" }, { priceFeed: feed })).rejects.toMatchObject({ code: "INVALID_ORDER" });
    expect(await db().position.count({ where: { userId: user.id } })).toBe(0);
  });

  it("records a too-small auto copy as FAILED with SIZE_REFUSED", async () => {
    const { feed, signal, user } = await setup(long100, "100", { perTradeUsdt: "0.5", leverage: 1 });
    const r = await openPosition({ userId: user.id, signalId: signal.id, origin: "auto" }, { priceFeed: feed });
    expect(r.outcome).toBe("failed");
    const p = await positionOf(r.positionId!);
    expect([p.status, p.failureCode]).toEqual(["FAILED", "SIZE_REFUSED"]);
    expect(p.failureReason).toContain("below the minimum 5 USDT");
  });
});

describe("the stale-signal guard", () => {
  it("skips a copy when the market already reached TP1", async () => {
    const { feed, signal, user } = await setup(long100, "110.5");
    const r = await openPosition({ userId: user.id, signalId: signal.id, origin: "auto" }, { priceFeed: feed });
    expect(r.outcome).toBe("skipped");
    expect(r.reason).toContain("already reached TP1");
    const p = await positionOf(r.positionId!);
    expect([p.status, p.failureCode, p.orders.length]).toEqual(["FAILED", "STALE_SIGNAL", 0]);
  });

  it("skips a copy when the price drifted more than STALE_SIGNAL_DRIFT_PCT from the entry", async () => {
    setEnv({ STALE_SIGNAL_DRIFT_PCT: "1.5" });
    const { feed, signal, user } = await setup(long100, "98");
    const r = await openPosition({ userId: user.id, signalId: signal.id, origin: "auto" }, { priceFeed: feed });
    expect(r).toMatchObject({ outcome: "skipped" });
    expect(r.reason).toContain("drifted 2% from the entry (limit 1.5%)");
    const ok = await setup(long100, "101.4");
    expect((await openPosition({ userId: ok.user.id, signalId: ok.signal.id, origin: "auto" }, { priceFeed: ok.feed })).outcome).toBe("opened");
  });

  it("skips a copy of a signal older than STALE_SIGNAL_MAX_AGE_MINUTES", async () => {
    setEnv({ STALE_SIGNAL_MAX_AGE_MINUTES: "10" });
    const { feed, signal, user } = await setup();
    await db().signal.update({ where: { id: signal.id }, data: { createdAt: new Date(Date.now() - 11 * 60_000) } });
    const r = await openPosition({ userId: user.id, signalId: signal.id, origin: "auto" }, { priceFeed: feed });
    expect(r.outcome).toBe("skipped");
    expect(r.reason).toContain("11 minutes old");
  });

  it("does not stop a user who copies the signal by hand", async () => {
    const { feed, signal, user } = await setup(long100, "102");
    expect((await openPosition({ userId: user.id, signalId: signal.id, origin: "manual" }, { priceFeed: feed })).outcome).toBe("opened");
  });
});

describe("signal events on paper copies", () => {
  it("TP1 then TP2 then the stop: each share closes at its price, P&L exact, fees included", async () => {
    const { feed, signal, user } = await setup();
    const { positionId } = await openPosition({ userId: user.id, signalId: signal.id, origin: "auto" }, { priceFeed: feed });

    const tp1 = await event(signal.id, "TP_HIT", 1, feed);
    expect(tp1.paper).toEqual({ positions: 1, fills: 1, closed: 0 });
    let p = await positionOf(positionId!);
    // −0.02 + 10 × 0.166 − 0.166 × 110 × 0.0004 (0.007304) = 1.632696
    expect([p.status, n(p.remainingQty), n(p.realizedPnl), p.targetsHit, n(p.nextTpPrice)]).toEqual(["OPEN", "0.334", "1.632696", 1, "120"]);
    expect((await getPositionDto(p.id)).partial).toBe(true);

    await event(signal.id, "TP_HIT", 2, feed);
    p = await positionOf(positionId!);
    // + 20 × 0.166 − 0.166 × 120 × 0.0004 (0.007968) = 3.312032 → 4.944728
    expect([n(p.remainingQty), n(p.realizedPnl), p.targetsHit]).toEqual(["0.168", "4.944728", 2]);

    await event(signal.id, "SL_HIT", null, feed);
    p = await positionOf(positionId!);
    // − 10 × 0.168 − 0.168 × 90 × 0.0004 (0.006048) = −1.686048 → 3.25868; on a 10 USDT margin = 32.5868 %
    expect([p.status, p.closeReason, n(p.remainingQty), n(p.realizedPnl), n(p.pnlPct), n(p.fees)]).toEqual(["CLOSED", "SL", "0", "3.25868", "32.5868", "0.04132"]);
    expect(p.orders.find((o) => o.targetIndex === 3)?.status).toBe("CANCELED");
    expect(p.orders.find((o) => o.kind === "STOP_LOSS")).toMatchObject({ status: "FILLED" });
    expect(n(p.orders.find((o) => o.kind === "STOP_LOSS")!.filledQty)).toBe("0.168");
    expect(p.closedAt).not.toBeNull();
  });

  it("moves the stop to the entry after TP1 when the user asked for it", async () => {
    const { feed, signal, user } = await setup(long100, "100", { moveSlToEntryAfterTp1: true });
    const { positionId } = await openPosition({ userId: user.id, signalId: signal.id, origin: "auto" }, { priceFeed: feed });
    await event(signal.id, "TP_HIT", 1, feed);
    let p = await positionOf(positionId!);
    const stops = p.orders.filter((o) => o.kind === "STOP_LOSS");
    expect(stops.map((o) => [o.status, n(o.triggerPrice), n(o.qty)])).toEqual([["CANCELED", "90", "0.5"], ["OPEN", "100", "0.334"]]);
    expect(stops[0]!.clientOrderId).not.toBe(stops[1]!.clientOrderId);
    expect(n(p.stopLoss)).toBe("100");
    await event(signal.id, "SL_HIT", null, feed);
    p = await positionOf(positionId!);
    // the rest leaves at the entry: 0 − 0.334 × 100 × 0.0004 (0.01336) → 1.632696 − 0.01336 = 1.619336
    expect([p.status, n(p.realizedPnl)]).toEqual(["CLOSED", "1.619336"]);
  });

  it("ALL_TP fills every target; the last one closes the position", async () => {
    const { feed, signal, user } = await setup();
    const { positionId } = await openPosition({ userId: user.id, signalId: signal.id, origin: "auto" }, { priceFeed: feed });
    await event(signal.id, "ALL_TP", null, feed);
    const p = await positionOf(positionId!);
    // 1.632696 + 3.312032 + (30 × 0.168 − 0.168 × 130 × 0.0004 = 5.031264) = 9.975992
    expect([p.status, p.closeReason, n(p.realizedPnl), p.targetsHit]).toEqual(["CLOSED", "TP3", "9.975992", 3]);
  });

  it("a cancellation closes the rest at the current price", async () => {
    const { feed, signal, user } = await setup();
    const { positionId } = await openPosition({ userId: user.id, signalId: signal.id, origin: "auto" }, { priceFeed: feed });
    feed.set(signal.symbol, "102");
    const r = await event(signal.id, "CANCELLED", null, feed);
    expect(r.paper.closed).toBe(1);
    const p = await positionOf(positionId!);
    // −0.02 + 2 × 0.5 − 0.5 × 102 × 0.0004 (0.0204) = 0.9596
    expect([p.status, p.closeReason, n(p.realizedPnl), n(p.pnlPct)]).toEqual(["CLOSED", "SIGNAL_CANCELLED", "0.9596", "9.596"]);
    expect(p.orders.filter((o) => o.kind === "TAKE_PROFIT" || o.kind === "STOP_LOSS").every((o) => o.status === "CANCELED")).toBe(true);
    const close = p.orders.find((o) => o.kind === "CLOSE")!;
    expect([close.side, close.reduceOnly, n(close.avgPrice), close.status]).toEqual(["SELL", true, "102", "FILLED"]);
  });

  it("a close event with a price closes there; without a price and without a feed, at the entry", async () => {
    const a = await setup(short100);
    const pa = await openPosition({ userId: a.user.id, signalId: a.signal.id, origin: "auto" }, { priceFeed: a.feed });
    await event(a.signal.id, "CLOSED", null, a.feed, "95");
    // SHORT 0.5 from 100 to 95: +2.5 − 0.02 − 0.5 × 95 × 0.0004 (0.019) = 2.461
    expect(n((await positionOf(pa.positionId!)).realizedPnl)).toBe("2.461");

    const b = await setup(short100);
    const pb = await openPosition({ userId: b.user.id, signalId: b.signal.id, origin: "auto" }, { priceFeed: b.feed });
    b.feed.goDown();
    await event(b.signal.id, "CANCELLED", null, b.feed);
    // back at 100: −0.02 − 0.02 = −0.04
    expect(n((await positionOf(pb.positionId!)).realizedPnl)).toBe("-0.04");
  });
});

describe("closing a paper position by hand", () => {
  it("closes the rest at the market with the final P&L and refuses a second close or another user", async () => {
    const { feed, signal, user } = await setup();
    const other = await createTrader();
    const { positionId } = await openPosition({ userId: user.id, signalId: signal.id, origin: "manual" }, { priceFeed: feed });
    await expect(closePosition({ positionId: positionId!, actor: { id: other.id, role: "USER" } }, { priceFeed: feed })).rejects.toMatchObject({ code: "FORBIDDEN" });
    feed.set(signal.symbol, "105");
    const r = await closePosition({ positionId: positionId!, reason: "taking profit", actor: { id: user.id, role: "USER" } }, { priceFeed: feed });
    // −0.02 + 5 × 0.5 − 0.5 × 105 × 0.0004 (0.021) = 2.459 → 24.59 % of 10
    expect(r).toEqual({ positionId, status: "CLOSED", closeReason: "taking profit", realizedPnl: "2.459", pnlPct: "24.59", closePrice: "105", priceSource: "market" });
    await expect(closePosition({ positionId: positionId! }, { priceFeed: feed })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("opens and closes a manual trade without a signal", async () => {
    const symbol = uniqueSymbol();
    const feed = createFakePriceFeed({ [symbol]: "50" });
    const user = await createTrader();
    const r = await openPosition({ userId: user.id, origin: "manual", manual: { symbol, direction: "SHORT", targets: ["45"], stopLoss: "55" } }, { priceFeed: feed });
    expect(r.outcome).toBe("opened");
    feed.set(symbol, "55");
    const c = await closePosition({ positionId: r.positionId! }, { priceFeed: feed });
    // qty 1 (10 × 5 ÷ 50); −0.02 − 5 − 1 × 55 × 0.0004 (0.022) = −5.042
    expect([c.realizedPnl, c.pnlPct, c.closeReason]).toEqual(["-5.042", "-50.42", "MANUAL"]);
  });
});

describe("daily P&L aggregates", () => {
  it("counts each close in the day of the close: trades, wins, losses, USDT and % of capital", async () => {
    const user = await createTrader({ capitalUsdt: "200" });
    const win = await setup();
    const loss = await setup();
    const w = await openPosition({ userId: user.id, signalId: win.signal.id, origin: "auto" }, { priceFeed: win.feed });
    const l = await openPosition({ userId: user.id, signalId: loss.signal.id, origin: "auto" }, { priceFeed: loss.feed });
    win.feed.set(win.signal.symbol, "105");
    await closePosition({ positionId: w.positionId! }, { priceFeed: win.feed });
    loss.feed.set(loss.signal.symbol, "95");
    await closePosition({ positionId: l.positionId! }, { priceFeed: loss.feed });
    const day = await db().dailyPnl.findMany({ where: { userId: user.id } });
    expect(day).toHaveLength(1);
    // +2.459 and (−0.02 − 2.5 − 0.019 = −2.539) → −0.08; % of the 200 USDT capital: 1.2295 − 1.2695 = −0.04
    expect([day[0]!.trades, day[0]!.wins, day[0]!.losses, n(day[0]!.realizedPnl), n(day[0]!.realizedPct)]).toEqual([2, 1, 1, "-0.08", "-0.04"]);
    expect(day[0]!.lastLossAt).not.toBeNull();
    expect(day[0]!.day.toISOString().slice(0, 10)).toBe(new Date().toISOString().slice(0, 10));
  });
});

describe("notifications", () => {
  it("announces the closes of a signal's copies in one message to the VIP chat", async () => {
    setEnv({ VIP_CHAT_ID: uniqueChatId() });
    const { feed, signal } = await setup();
    const users = await Promise.all([createTrader(), createTrader(), createTrader()]);
    for (const u of users) await openPosition({ userId: u.id, signalId: signal.id, origin: "auto" }, { priceFeed: feed });
    await event(signal.id, "SL_HIT", null, feed);
    const messages = await db().outboxMessage.findMany({ where: { kind: "autotrade_closed", dedupeKey: { startsWith: `autotrade-closed:${signal.id}` } } });
    expect(messages).toHaveLength(1);
    // each: −0.02 − 5 − 0.5 × 90 × 0.0004 (0.018) = −5.038 → −50.38 %
    expect(messages[0]!.body).toContain("🔻 Auto-trader: 3 PAPER trades closed on #");
    expect(messages[0]!.body).toContain("(stop loss)");
    expect(messages[0]!.body).toContain("PnL -50.38% average · 0 won · 3 lost");
  });
});

describe("paper slippage (PAPER_SLIPPAGE_BPS)", () => {
  it("a manual execute fills 10 bps worse both ways, and the receipt shows it", async () => {
    setEnv({ PAPER_SLIPPAGE_BPS: "10" });
    const { feed, signal, user } = await setup();
    const r = await openPosition({ userId: user.id, signalId: signal.id, origin: "manual" }, { priceFeed: feed });
    let p = await positionOf(r.positionId!);
    // BUY 0.1 % above 100; qty 10 × 5 ÷ 100.1 = 0.4995… → 0.499; fee 0.499 × 100.1 × 0.0004 = 0.01997996
    expect([n(p.entryPrice), n(p.qty), n(p.fees), n(p.slippagePct)]).toEqual(["100.1", "0.499", "0.01997996", "0.1"]);
    expect((await getPositionDto(p.id)).receipt).toMatchObject({ signal_entry_price: "100", slippage_pct: "0.1" });
    feed.set(signal.symbol, "105");
    const c = await closePosition({ positionId: r.positionId! }, { priceFeed: feed });
    // SELL 0.1 % below 105 = 104.895: 4.795 × 0.499 = 2.392705 − 0.499 × 104.895 × 0.0004 (0.02093704) − 0.01997996 = 2.351788
    expect([c.closePrice, c.realizedPnl]).toEqual(["104.895", "2.351788"]);
    p = await positionOf(r.positionId!);
    expect(p.orders.find((o) => o.kind === "TAKE_PROFIT" && o.status === "CANCELED")).toBeDefined();
  });

  it("a fan-out copy of a SHORT sells 10 bps lower, at the connection's leverage, with the owner's trailing stop", async () => {
    setEnv({ PAPER_SLIPPAGE_BPS: "10" });
    const { feed, signal, user } = await setup(short100, "100", { autoTradeEnabled: true });
    await connectExchange(user.id, { mode: "PAPER" });
    await db().exchangeConnection.update({ where: { userId: user.id }, data: { leverageDefault: 4 } });
    await db().user.update({ where: { id: user.id }, data: { trailingStopEnabled: true, trailingStopPct: "2", trailingStopAfterTp: 1 } });
    try {
      const market = await prepareSignalCopy(signal.id, { priceFeed: feed });
      expect(market?.fillPrice).toBe("99.90"); // on the 0.01 tick
      // Only this user: the first eligible id from theirs on.
      expect(await openPaperCopies(market!, user.id - 1, 1, { priceFeed: feed })).toMatchObject({ opened: 1 });
    } finally {
      await db().user.update({ where: { id: user.id }, data: { autoTradeEnabled: false } });
    }
    const p = await db().position.findFirstOrThrow({ where: { userId: user.id, signalId: signal.id } });
    // 10 USDT × 4 (the connection's leverage_default, not the user's 5 nor the signal's 10) ÷ 99.9 = 0.4004… → 0.4
    expect([n(p.entryPrice), p.leverage, n(p.qty), n(p.slippagePct)]).toEqual(["99.9", 4, "0.4", "0.1"]);
    expect([n(p.trailingStopPct), p.trailingAfterTp, p.trailExtreme]).toEqual(["2", 1, null]);
  });
});

describe("leverage of a trade", () => {
  it("the trade's own leverage beats the connection's default, which beats the user's risk setting", async () => {
    const { feed, symbol, user } = await setup(long100, "100", { leverage: 5, capitalUsdt: "1000" });
    const open = (leverage?: number) => openPosition({ userId: user.id, origin: "manual", manual: { symbol, direction: "LONG", targets: ["110"], stopLoss: "90", leverage } }, { priceFeed: feed });
    const qtyOf = async (r: { positionId: string | null }) => {
      const p = await positionOf(r.positionId!);
      return [p.leverage, n(p.qty)];
    };
    expect(await qtyOf(await open())).toEqual([5, "0.5"]);
    await connectExchange(user.id, { mode: "PAPER" });
    await db().exchangeConnection.update({ where: { userId: user.id }, data: { leverageDefault: 3 } });
    expect(await qtyOf(await open())).toEqual([3, "0.3"]);
    expect(await qtyOf(await open(2))).toEqual([2, "0.2"]);
  });
});

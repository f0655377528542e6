// The paper price monitor: one price request per tick for every symbol with open paper positions,
// take-profits and stops filled where the price crossed them, marks stored, the feed's health
// recorded (and shown by /api/health), one aggregate message per signal for the closes.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { getHealth } from "@/server/health/get-health";
import { createFakePriceFeed } from "@/test/fakes/price-feed";
import { setEnv, uniqueChatId, uniqueSymbol } from "@/test/helpers/signals";
import { createTrader, long100, positionOf, short100, storeSignal } from "@/test/helpers/trading";
import { openPosition } from "./open-position";
import { getPositionDto } from "./position-dto";
import { runPaperMonitorTick } from "./price-monitor";

const n = (d: { toFixed(): string } | null | undefined) => (d == null ? null : d.toFixed());

describe("paper price monitor", () => {
  it("fills TPs and stops the price crossed, with one batched request per tick", async () => {
    setEnv({ VIP_CHAT_ID: uniqueChatId() });
    const long = uniqueSymbol();
    const short = uniqueSymbol();
    const feed = createFakePriceFeed({ [long]: "100", [short]: "100" });
    const sigL = await storeSignal(long100(long));
    const sigS = await storeSignal(short100(short));
    const a = await createTrader();
    const b = await createTrader();
    const pl = await openPosition({ userId: a.id, signalId: sigL.id, origin: "auto" }, { priceFeed: feed });
    const ps = await openPosition({ userId: b.id, signalId: sigS.id, origin: "auto" }, { priceFeed: feed });
    const requestsBefore = feed.requests;

    // Nothing crossed: marks only.
    feed.set(long, "105");
    let tick = await runPaperMonitorTick({ priceFeed: feed });
    expect(tick).toMatchObject({ feed: "ok", requests: 1, crossed: 0, fills: 0 });
    expect(feed.requests).toBe(requestsBefore + 1);
    expect(feed.asked.at(-1)).toEqual(expect.arrayContaining([long, short]));
    const dto = await getPositionDto(pl.positionId!);
    // unrealized at the 105 mark: 5 × 0.5 = 2.5
    expect([dto.mark_price, dto.unrealized_pnl]).toEqual(["105", "2.5"]);

    // The LONG passes TP1 and TP2 at once; the SHORT reaches its stop (a stop fills at the market price).
    feed.set(long, "121");
    feed.set(short, "110.5");
    tick = await runPaperMonitorTick({ priceFeed: feed });
    expect(tick).toMatchObject({ feed: "ok", requests: 1, crossed: 2, fills: 3, closed: 1 });

    const l = await positionOf(pl.positionId!);
    // −0.02 + 1.652696 (TP1 at its 110 limit) + 3.312032 (TP2 at 120) = 4.944728
    expect([l.status, n(l.remainingQty), l.targetsHit, n(l.realizedPnl), n(l.nextTpPrice)]).toEqual(["OPEN", "0.168", 2, "4.944728", "130"]);
    const s = await positionOf(ps.positionId!);
    // SHORT 0.5 stopped at 110.5: −0.02 − 5.25 − 0.5 × 110.5 × 0.0004 (0.0221) = −5.2921
    expect([s.status, s.closeReason, n(s.realizedPnl), n(s.pnlPct)]).toEqual(["CLOSED", "SL", "-5.2921", "-52.921"]);
    expect(s.orders.filter((o) => o.kind === "TAKE_PROFIT").every((o) => o.status === "CANCELED")).toBe(true);

    // The rest of the LONG: its stop at 90.
    feed.set(long, "89");
    tick = await runPaperMonitorTick({ priceFeed: feed });
    expect(tick).toMatchObject({ crossed: 1, closed: 1 });
    const closed = await positionOf(pl.positionId!);
    // 4.944728 − 11 × 0.168 (1.848) − 0.168 × 89 × 0.0004 (0.0059808) = 3.0907472
    expect([closed.status, n(closed.realizedPnl)]).toEqual(["CLOSED", "3.0907472"]);

    const messages = await db().outboxMessage.findMany({ where: { kind: "autotrade_closed" }, orderBy: { id: "asc" } });
    expect(messages.filter((m) => m.dedupeKey.startsWith(`autotrade-closed:${sigS.id}:`))).toHaveLength(1);
    expect(messages.filter((m) => m.dedupeKey.startsWith(`autotrade-closed:${sigL.id}:`))).toHaveLength(1);
    const marks = await db().markPrice.findMany({ where: { symbol: { in: [long, short] } } });
    expect(marks.map((m) => [m.symbol, m.price.toFixed()]).sort()).toEqual([[long, "89"], [short, "110.5"]].sort());
  });

  it("trails the stop of a paper position after TP1 in the same one query, and its stop closes the rest", async () => {
    const symbol = uniqueSymbol();
    const feed = createFakePriceFeed({ [symbol]: "100" });
    const signal = await storeSignal(long100(symbol));
    const u = await createTrader();
    await db().user.update({ where: { id: u.id }, data: { trailingStopEnabled: true, trailingStopPct: "1", trailingStopAfterTp: 1 } });
    const { positionId } = await openPosition({ userId: u.id, signalId: signal.id, origin: "auto" }, { priceFeed: feed });
    const trail = async () => {
      const p = await positionOf(positionId!);
      return [n(p.stopLoss), n(p.trailExtreme)];
    };
    expect((await positionOf(positionId!)).trailingStopPct?.toFixed()).toBe("1");

    // TP1 fills at 110 and activates the trail; the tick's 111 puts the stop 1 % below: 109.89.
    feed.set(symbol, "111");
    expect(await runPaperMonitorTick({ priceFeed: feed })).toMatchObject({ crossed: 1, fills: 1 });
    expect(await trail()).toEqual(["109.89", "111"]);
    // A new high that would move the stop by less than the step (0.1 % of the price) is not even selected.
    feed.set(symbol, "111.05");
    expect(await runPaperMonitorTick({ priceFeed: feed })).toMatchObject({ crossed: 0 });
    feed.set(symbol, "115");
    expect(await runPaperMonitorTick({ priceFeed: feed })).toMatchObject({ crossed: 1, fills: 0 });
    expect(await trail()).toEqual(["113.85", "115"]);
    const p = await positionOf(positionId!);
    expect(p.orders.filter((o) => o.kind === "STOP_LOSS").map((o) => [o.status, n(o.triggerPrice), n(o.qty)])).toEqual([
      ["CANCELED", "90", "0.5"], ["CANCELED", "109.89", "0.334"], ["OPEN", "113.85", "0.334"],
    ]);

    feed.set(symbol, "113.5");
    expect(await runPaperMonitorTick({ priceFeed: feed })).toMatchObject({ crossed: 1, closed: 1 });
    const closed = await positionOf(positionId!);
    // −0.02 + TP1 1.652696 + 0.334 × 13.5 (4.509) − 0.334 × 113.5 × 0.0004 (0.0151636) = 6.1265324
    expect([closed.status, closed.closeReason, n(closed.realizedPnl)]).toEqual(["CLOSED", "SL", "6.1265324"]);
  });

  it("waits while the feed is down and reports it in /api/health", async () => {
    const symbol = uniqueSymbol();
    const feed = createFakePriceFeed({ [symbol]: "100" });
    const signal = await storeSignal(long100(symbol));
    const u = await createTrader();
    const p = await openPosition({ userId: u.id, signalId: signal.id, origin: "auto" }, { priceFeed: feed });
    feed.goDown();
    const tick = await runPaperMonitorTick({ priceFeed: feed });
    expect(tick).toMatchObject({ feed: "down", requests: 1, crossed: 0 });
    expect((await getHealth()).exchange.price_feed.status).toBe("down");
    expect((await positionOf(p.positionId!)).status).toBe("OPEN");
    feed.comeBack();
    feed.set(symbol, "131");
    const back = await runPaperMonitorTick({ priceFeed: feed });
    expect(back).toMatchObject({ feed: "ok", closed: 1 });
    const health = (await getHealth()).exchange.price_feed;
    expect(health).toMatchObject({ status: "ok" });
  });
});

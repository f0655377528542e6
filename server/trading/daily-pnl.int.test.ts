// The daily P&L rows settlement writes, on a real database: paper positions closed through
// settlePositions (the hot path, plain pg) and addToDailyPnl on a Prisma transaction — every column
// checked by hand, UTC day boundaries, and racing chunks on one row.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { insertPosition } from "@/test/helpers/positions";
import { createTrader } from "@/test/helpers/trading";
import { prismaSql } from "../db/sql";
import { addToDailyPnl } from "./position-store";
import { settlePositions } from "./settle-positions";

const FEE = "0.0004";

/** A paper LONG of 0.5 at 100 (10 USDT margin × 5), its entry fee 0.02 already realized. */
const openLong = (userId: number) =>
  insertPosition(userId, { entryPrice: "100", qty: "0.5", remainingQty: "0.5", notional: "50", margin: "10", stopLoss: "90", targets: ["110"], fees: "0.02", realizedPnl: "-0.02" });

const close = (ids: string[], price: string, now: Date, options: { chunkSize?: number; parallel?: number } = {}) =>
  settlePositions(ids.map((positionId) => ({ positionId, actions: [{ type: "close" as const, price, reason: "MANUAL" }] })), { now, feeRate: FEE, ...options });

async function daysOf(userId: number) {
  const rows = await db().dailyPnl.findMany({ where: { userId }, orderBy: { day: "asc" } });
  return rows.map((r) => ({
    day: r.day.toISOString().slice(0, 10),
    trades: r.trades,
    wins: r.wins,
    losses: r.losses,
    realizedPnl: r.realizedPnl.toFixed(),
    realizedPct: r.realizedPct.toFixed(),
    grossPnl: r.grossPnl.toFixed(),
    fees: r.fees.toFixed(),
    grossPct: r.grossPct.toFixed(),
    peakPnl: r.peakPnl.toFixed(),
    maxDrawdownPnl: r.maxDrawdownPnl.toFixed(),
    maxDrawdownPct: r.maxDrawdownPct.toFixed(),
    lastLossAt: r.lastLossAt?.toISOString() ?? null,
  }));
}

describe("daily P&L on close", () => {
  it("a win then two losses (closed together) of one user: every column of the day's row", async () => {
    const user = await createTrader({ capitalUsdt: "100" });
    const [win, loss1, loss2] = [await openLong(user.id), await openLong(user.id), await openLong(user.id)];
    await close([win.id], "110", new Date("2026-01-15T10:00:00.000Z"));
    // One chunk closes both losses: the row is read once and both are folded into it.
    await settlePositions(
      [
        { positionId: loss1.id, actions: [{ type: "close", price: "96", reason: "MANUAL" }] },
        { positionId: loss2.id, actions: [{ type: "close", price: "92", reason: "MANUAL" }] },
      ],
      { now: new Date("2026-01-15T11:00:00.000Z"), feeRate: FEE },
    );
    const positions = await db().position.findMany({ where: { userId: user.id }, select: { id: true, realizedPnl: true, fees: true } });
    const byId = new Map(positions.map((p) => [p.id, [p.realizedPnl.toFixed(), p.fees.toFixed()]]));
    // Win: +5 gross, exit fee 0.5 × 110 × 0.0004 = 0.022 → net 5 − 0.042 = 4.958.
    // Losses: −2 and −4 gross, exit fees 0.0192 and 0.0184 → net −2.0392 and −4.0384.
    expect([byId.get(win.id), byId.get(loss1.id), byId.get(loss2.id)]).toEqual([["4.958", "0.042"], ["-2.0392", "0.0392"], ["-4.0384", "0.0384"]]);
    // Cumulative net 4.958 → 2.9188 → −1.1196: peak 4.958, deepest fall 6.0776 (capital 100, so % = USDT).
    expect(await daysOf(user.id)).toEqual([
      {
        day: "2026-01-15",
        trades: 3,
        wins: 1,
        losses: 2,
        realizedPnl: "-1.1196",
        realizedPct: "-1.1196",
        grossPnl: "-1",
        fees: "0.1196",
        grossPct: "-1",
        peakPnl: "4.958",
        maxDrawdownPnl: "6.0776",
        maxDrawdownPct: "6.0776",
        lastLossAt: "2026-01-15T11:00:00.000Z",
      },
    ]);
  });

  it("a close at 23:59:59 and one at 00:00:00 land on different UTC days; a first loss is a drawdown", async () => {
    const user = await createTrader({ capitalUsdt: "200" });
    const [a, b] = [await openLong(user.id), await openLong(user.id)];
    await close([a.id], "96", new Date("2026-01-15T23:59:59.000Z"));
    await close([b.id], "110", new Date("2026-01-16T00:00:00.000Z"));
    const [late, early] = await daysOf(user.id);
    expect(late).toMatchObject({ day: "2026-01-15", trades: 1, wins: 0, losses: 1, realizedPnl: "-2.0392", realizedPct: "-1.0196", grossPnl: "-2", grossPct: "-1" });
    expect(late).toMatchObject({ peakPnl: "0", maxDrawdownPnl: "2.0392", maxDrawdownPct: "1.0196", lastLossAt: "2026-01-15T23:59:59.000Z" });
    expect(early).toMatchObject({ day: "2026-01-16", trades: 1, wins: 1, losses: 0, realizedPnl: "4.958", realizedPct: "2.479", grossPnl: "5", fees: "0.042" });
    expect(early).toMatchObject({ peakPnl: "4.958", maxDrawdownPnl: "0", maxDrawdownPct: "0", lastLossAt: null });
  });

  it("chunks settling one user's day in parallel add up on the one row, without deadlocks", async () => {
    const user = await createTrader({ capitalUsdt: "100" });
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push((await openLong(user.id)).id);
    await close(ids, "96", new Date("2026-01-20T12:00:00.000Z"), { chunkSize: 1, parallel: 6 });
    // Six losses of 2.0392: the cumulative only falls, so the drawdown is the whole loss whatever the order.
    expect((await daysOf(user.id))[0]).toMatchObject({ trades: 6, losses: 6, realizedPnl: "-12.2352", fees: "0.2352", grossPnl: "-12", peakPnl: "0", maxDrawdownPnl: "12.2352" });
  });

  it("on a Prisma transaction too: folds into the stored row, keeping its peak and latest loss", async () => {
    const user = await createTrader({ capitalUsdt: "100" });
    const at = (iso: string) => new Date(`2026-02-01T${iso}Z`);
    const trade = (pnl: string, iso: string) => ({ userId: user.id, pnl, fees: "0.1", capitalUsdt: "100", closedAt: at(iso) });
    await db().$transaction((tx) => addToDailyPnl(prismaSql(tx), [trade("3", "09:00:00.000"), trade("-1", "09:30:00.123")]));
    // Stored: cumulative 3 → 2, peak 3, fall 1. Then −4 (fall 5 from the old peak) and +1.
    await db().$transaction((tx) => addToDailyPnl(prismaSql(tx), [trade("-4", "10:00:00.000"), trade("1", "10:30:00.000")]));
    expect(await daysOf(user.id)).toEqual([
      {
        day: "2026-02-01",
        trades: 4,
        wins: 2,
        losses: 2,
        realizedPnl: "-1",
        realizedPct: "-1",
        grossPnl: "-0.6",
        fees: "0.4",
        grossPct: "-0.6",
        peakPnl: "3",
        maxDrawdownPnl: "5",
        maxDrawdownPct: "5",
        lastLossAt: "2026-02-01T10:00:00.000Z",
      },
    ]);
  });
});

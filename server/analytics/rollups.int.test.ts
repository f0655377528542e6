// The per-day rollups behind the heavy time series must equal a direct count of the base tables
// after every kind of write (insert, update either way, delete, bulk), before and after compaction,
// with writers and compactions racing; today's partial day is exact at once. Each test owns a random
// UTC week in 2000–2009 where no other test file writes, or counts only its own rows.
import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db, type Prisma } from "@/server/db/client";
import { createUser } from "@/test/helpers/factories";
import { txHash } from "@/test/helpers/payments";
import { insertPosition } from "@/test/helpers/positions";
import { uniqueSymbol } from "@/test/helpers/signals";
import { compactRollups, rollupRows, type TRollupRow, type TRollupSeries } from "./rollups";
import { getTimeSeries } from "./time-series";

const DAY = 86_400_000;

function week() {
  const start = Date.UTC(2000 + randomInt(0, 10), randomInt(0, 12), randomInt(1, 20));
  return { from: new Date(start), to: new Date(start + 7 * DAY), at: (d: number, ms = 12 * 3_600_000) => new Date(start + d * DAY + ms) };
}

/** The series straight from the base tables (what the rollups replace). */
async function direct(series: TRollupSeries, from: Date, to: Date, now: Date): Promise<TRollupRow[]> {
  switch (series) {
    case "signals":
      return db().$queryRaw`SELECT to_char(created_at, 'YYYY-MM-DD') AS day,
          CASE WHEN status IN ('OPEN', 'TP_PARTIAL') THEN 'OPEN' WHEN realized_profit_pct > 0 THEN 'WIN' WHEN realized_profit_pct < 0 THEN 'LOSS' ELSE 'BREAKEVEN' END AS key, count(*) AS n, '0' AS amount
        FROM signals WHERE created_at >= ${from} AND created_at < ${to} GROUP BY 1, 2`;
    case "profit":
      return db().$queryRaw`SELECT to_char(closed_at, 'YYYY-MM-DD') AS day, 'profit' AS key, count(*) AS n, sum(realized_profit_pct)::text AS amount
        FROM signals WHERE status NOT IN ('OPEN', 'TP_PARTIAL') AND closed_at >= ${from} AND closed_at < ${to} GROUP BY 1, 2
        UNION ALL
        SELECT 'before', 'before', count(*), coalesce(sum(realized_profit_pct), 0)::text FROM signals WHERE status NOT IN ('OPEN', 'TP_PARTIAL') AND closed_at < ${from}`;
    case "signups":
      return db().$queryRaw`SELECT to_char(created_at, 'YYYY-MM-DD') AS day, CASE WHEN plan <> 'TRIAL' AND plan_expires_at <= ${now} THEN 'TRIAL' ELSE plan::text END AS key, count(*) AS n, '0' AS amount
        FROM users WHERE role = 'USER' AND created_at >= ${from} AND created_at < ${to} GROUP BY 1, 2`;
    case "revenue":
      return db().$queryRaw`SELECT to_char(confirmed_at, 'YYYY-MM-DD') AS day, 'revenue' AS key, count(*) AS n, sum(coalesce(paid_amount, expected_amount))::text AS amount
        FROM payments WHERE status = 'CONFIRMED' AND confirmed_at >= ${from} AND confirmed_at < ${to} GROUP BY 1, 2`;
    case "pnl":
      return db().$queryRaw`SELECT to_char(closed_at, 'YYYY-MM-DD') AS day, CASE WHEN mode = 'PAPER' THEN 'paper' ELSE 'live' END AS key, count(*) AS n, sum(realized_pnl)::text AS amount
        FROM positions WHERE status = 'CLOSED' AND closed_at >= ${from} AND closed_at < ${to} GROUP BY 1, 2`;
    case "blocked":
      return db().$queryRaw`SELECT to_char(created_at, 'YYYY-MM-DD') AS day, coalesce(rule, 'unknown') AS key, count(*) AS n, '0' AS amount
        FROM risk_events WHERE kind IN ('USER_BLOCKED', 'GLOBAL_BLOCKED') AND created_at >= ${from} AND created_at < ${to} GROUP BY 1, 2`;
  }
}

/** The profit series' "before" row sums every test file's closes (PGlite shares one database): left out. */
const norm = (rows: TRollupRow[]) =>
  rows.filter((r) => r.day !== "before").map((r) => `${r.day} ${r.key} n=${Number(r.n)} amount=${Number(r.amount ?? 0).toFixed(12)}`).sort();

async function expectSame(series: TRollupSeries, from: Date, to: Date, now: Date) {
  expect(norm(await rollupRows(series, from, to, now))).toEqual(norm(await direct(series, from, to, now)));
}

describe("daily rollups", () => {
  it("equal the base tables after inserts, updates both ways, deletes and bulk writes, before and after compaction", async () => {
    const { from, to, at } = week();
    const now = at(6);
    const users = await Promise.all(["TRIAL", "VIP", "PREMIUM", "VIP"].map((plan) => createUser({ plan: plan as "VIP" })));
    const ids = users.map((u) => u.user.id);
    await db().user.updateMany({ where: { id: { in: ids } }, data: { createdAt: at(1) } });
    await db().user.update({ where: { id: ids[0]! }, data: { createdAt: at(2, 0), plan: "VIP", planExpiresAt: at(3) } }); // expired by `now`: TRIAL
    await db().user.update({ where: { id: ids[1]! }, data: { createdAt: at(0, -1) } }); // 23:59:59.999 the day before: out
    await db().user.update({ where: { id: ids[2]! }, data: { role: "ADMIN" } }); // not a subscriber any more
    await db().user.update({ where: { id: ids[3]! }, data: { planExpiresAt: at(30) } });

    const payer = ids[3]!;
    const pending = await db().payment.create({ data: { userId: payer, plan: "VIP", txHash: txHash(), expectedAmount: "49.5", status: "PENDING" } });
    await db().payment.update({ where: { id: pending.id }, data: { status: "CONFIRMED", paidAmount: "49.75", confirmedAt: at(2) } });
    const refunded = await db().payment.create({ data: { userId: payer, plan: "VIP", txHash: txHash(), expectedAmount: "10", status: "CONFIRMED", confirmedAt: at(2, DAY - 1) } });
    await db().payment.create({ data: { userId: payer, plan: "VIP", txHash: txHash(), expectedAmount: "100", status: "CONFIRMED", confirmedAt: at(4) } });
    await db().payment.update({ where: { id: refunded.id }, data: { status: "REJECTED" } });

    const open = await insertPosition(payer, { openedAt: at(0) });
    await db().position.update({ where: { id: open.id }, data: { status: "CLOSED", remainingQty: "0", realizedPnl: "12.5", closedAt: at(5) } });
    await db().position.update({ where: { id: open.id }, data: { realizedPnl: "12.25" } }); // fees settled later
    const moved = await insertPosition(payer, { mode: "BINANCE_MAINNET", status: "CLOSED", remainingQty: "0", realizedPnl: "-3", closedAt: at(5), openedAt: at(0) });
    await db().position.update({ where: { id: moved.id }, data: { closedAt: at(4, DAY - 1) } });
    const gone = await insertPosition(payer, { status: "CLOSED", remainingQty: "0", realizedPnl: "7", closedAt: at(3), openedAt: at(0) });
    await db().position.delete({ where: { id: gone.id } });

    await db().riskEvent.createMany({
      data: [
        { userId: payer, kind: "USER_BLOCKED", rule: "cooldown", reason: "t", createdAt: at(1) },
        { userId: payer, kind: "USER_BLOCKED", rule: "cooldown", reason: "t", createdAt: at(1, DAY - 1) },
        { userId: payer, kind: "GLOBAL_BLOCKED", rule: null, reason: "t", createdAt: at(6) },
        { userId: payer, kind: "GLOBAL_HALT", rule: "max_drawdown", reason: "t", createdAt: at(6) },
      ],
    });
    await db().riskEvent.updateMany({ where: { userId: payer, kind: "GLOBAL_BLOCKED" }, data: { rule: "kill_switch" } });

    const signal = (extra: Partial<Prisma.SignalUncheckedCreateInput>) =>
      db().signal.create({ data: { symbol: uniqueSymbol(), direction: "LONG", entryLow: "1", entryHigh: "1", targets: ["2"], stopLoss: "0.5", source: "ADMIN", createdAt: at(1), ...extra } });
    const won = await signal({});
    await db().signal.update({ where: { id: won.id }, data: { status: "HIT_TP", realizedProfitPct: "2.5", closedAt: at(4) } });
    const lost = await signal({ createdAt: at(2, DAY - 1) });
    await db().signal.update({ where: { id: lost.id }, data: { status: "TP_PARTIAL", realizedProfitPct: "0.5" } });
    await db().signal.update({ where: { id: lost.id }, data: { status: "HIT_SL", realizedProfitPct: "-1.25", closedAt: at(4, DAY - 1) } });
    const dropped = await signal({ status: "CANCELLED", closedAt: at(3) });
    await db().signal.delete({ where: { id: dropped.id } });

    for (const series of ["signups", "revenue", "signals", "profit", "pnl", "blocked"] as const) await expectSame(series, from, to, now);
    await compactRollups();
    for (const series of ["signups", "revenue", "signals", "profit", "pnl", "blocked"] as const) await expectSame(series, from, to, now);

    // Checked by hand as well, through the endpoint's service.
    const pnl = await getTimeSeries("pnl", 7, now);
    expect(pnl.points.map((p) => [p.paper_usdt, p.live_usdt])).toEqual([["0", "0"], ["0", "0"], ["0", "0"], ["0", "0"], ["0", "-3"], ["12.25", "0"], ["0", "0"]]);
    const revenue = await getTimeSeries("revenue", 7, now);
    expect(revenue.points.map((p) => p.revenue_usdt)).toEqual(["0", "0", "49.75", "0", "100", "0", "0"]);
    const profit = await getTimeSeries("profit", 7, now);
    expect(profit.points.map((p) => p.profit_pct)).toEqual(["0", "0", "0", "0", "1.25", "0", "0"]);
    const signals = await getTimeSeries("signals", 7, now);
    expect(signals.points.map((p) => [p.WIN, p.LOSS])).toEqual([[0, 0], [1, 0], [0, 1], [0, 0], [0, 0], [0, 0], [0, 0]]);
    const signups = await getTimeSeries("signups", 7, now);
    expect(signups.points.map((p) => [p.TRIAL, p.VIP, p.PREMIUM])).toEqual([[0, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]]);
  });

  it("stay exact while 40 positions close concurrently and compactions run meanwhile", async () => {
    const { from, to, at } = week();
    const { user } = await createUser();
    const positions = await Promise.all(Array.from({ length: 40 }, () => insertPosition(user.id, { openedAt: at(0) })));
    await Promise.all([
      ...positions.map((p, i) =>
        db().position.update({ where: { id: p.id }, data: { status: "CLOSED", remainingQty: "0", realizedPnl: `${i}.01`, closedAt: at(i % 7), mode: i % 4 ? "PAPER" : "BINANCE_TESTNET" } }),
      ),
      ...Array.from({ length: 5 }, () => compactRollups()),
    ]);
    await expectSame("pnl", from, to, at(6));
    await compactRollups();
    await expectSame("pnl", from, to, at(6));
    const total = (await rollupRows("pnl", from, to, at(6))).reduce((t, r) => t + Number(r.amount), 0);
    expect(total).toBeCloseTo(Array.from({ length: 40 }, (_, i) => i + 0.01).reduce((a, b) => a + b, 0), 6);
  });

  it("count today's partial day at once, before any compaction", async () => {
    const { user } = await createUser();
    const before = (await getTimeSeries("pnl", 1)).points[0]!;
    await insertPosition(user.id, { mode: "BINANCE_MAINNET", status: "CLOSED", remainingQty: "0", realizedPnl: "2.5", closedAt: new Date() });
    const after = (await getTimeSeries("pnl", 1)).points[0]!;
    expect(Number(after.live_trades) - Number(before.live_trades)).toBe(1);
    expect(Number(after.live_usdt) - Number(before.live_usdt)).toBeCloseTo(2.5, 10);
  });
});

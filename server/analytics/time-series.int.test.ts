// The dashboard's time series, each checked by hand on a small fixed dataset in a 7-day window of
// its own (a random UTC week in 2010–2019, where no other test file writes), with the day edges
// at 23:59:59.999 / 00:00:00.000, days without data as zeros, paper against live; then the REST
// route and the tRPC procedures: shape, 365 days, bad input, admins only.
import { randomInt } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import * as route from "@/app/api/admin/series/[name]/route";
import { db } from "@/server/db/client";
import { createAdmin, createUser } from "@/test/helpers/factories";
import { call, expectError } from "@/test/helpers/http";
import { txHash } from "@/test/helpers/payments";
import { insertPosition } from "@/test/helpers/positions";
import { uniqueSymbol } from "@/test/helpers/signals";
import { callerAs, trpcError } from "@/test/helpers/trpc";
import { getTimeSeries } from "./time-series";

const D = Date.UTC(2010 + randomInt(0, 10), randomInt(0, 12), randomInt(1, 20));
const DAY = 86_400_000;
const at = (days: number, ms = 12 * 3_600_000) => new Date(D + days * DAY + ms);
const NOW = at(6);
const dates = Array.from({ length: 7 }, (_, i) => new Date(D + i * DAY).toISOString().slice(0, 10));

let admin: Awaited<ReturnType<typeof createAdmin>>;

async function userAt(createdAt: Date, plan: "TRIAL" | "VIP" | "PREMIUM", role: "USER" | "ADMIN" = "USER") {
  const { user } = await createUser({ plan, role, planExpiresAt: plan === "TRIAL" ? null : new Date(NOW.getTime() + 30 * DAY) });
  await db().user.update({ where: { id: user.id }, data: { createdAt } });
  return user.id;
}

beforeAll(async () => {
  admin = await createAdmin();
  const payer = await userAt(at(0, 0), "VIP"); // 00:00:00.000 of the first day: in
  await userAt(at(0, -1), "VIP"); // 23:59:59.999 the day before: out
  await userAt(at(2, DAY - 1), "TRIAL");
  await userAt(at(3, 0), "PREMIUM");
  await userAt(at(1), "TRIAL", "ADMIN"); // not a subscriber

  const pay = (status: "CONFIRMED" | "PENDING" | "REJECTED", expected: string, paid: string | null, confirmedAt: Date | null) =>
    db().payment.create({ data: { userId: payer, plan: "VIP", txHash: txHash(), expectedAmount: expected, paidAmount: paid, status, confirmedAt } });
  await pay("CONFIRMED", "49.5", "49.5", at(2));
  await pay("CONFIRMED", "100", null, at(2, DAY - 1));
  await pay("CONFIRMED", "7", "7", at(7, 0)); // the day after the window: out
  await pay("PENDING", "49.5", null, null);
  await pay("REJECTED", "49.5", null, null);

  const signal = (status: "HIT_TP" | "HIT_SL" | "OPEN", profit: string, closedAt: Date | null) =>
    db().signal.create({
      data: { symbol: uniqueSymbol(), direction: "LONG", entryLow: "1", entryHigh: "1", targets: ["2"], stopLoss: "0.5", source: "ADMIN", status, realizedProfitPct: profit, createdAt: at(1), closedAt },
    });
  await signal("HIT_TP", "2.5", at(4));
  await signal("HIT_SL", "-1", at(4, DAY - 1));
  await signal("OPEN", "0", null);

  const closed = (mode: "PAPER" | "BINANCE_MAINNET", pnl: string, closedAt: Date) =>
    insertPosition(payer, { mode, status: "CLOSED", remainingQty: "0", realizedPnl: pnl, closedAt, openedAt: at(0) });
  await closed("PAPER", "10", at(5));
  await closed("PAPER", "1.25", at(5, DAY - 1));
  await closed("BINANCE_MAINNET", "-3", at(5));
  await closed("PAPER", "99", at(6, DAY)); // tomorrow of NOW: out

  await db().riskEvent.createMany({
    data: [
      { userId: payer, kind: "USER_BLOCKED", rule: "cooldown", reason: "t", createdAt: at(6, 0) },
      { userId: payer, kind: "USER_BLOCKED", rule: "cooldown", reason: "t", createdAt: at(6) },
      { userId: null, kind: "GLOBAL_BLOCKED", rule: "kill_switch", reason: "t", createdAt: at(6) },
      { userId: null, kind: "GLOBAL_HALT", rule: "circuit_breaker", reason: "not a block", createdAt: at(6) },
    ],
  });
});

const series = async (name: Parameters<typeof getTimeSeries>[0]) => (await getTimeSeries(name, 7, NOW)).points;

describe("time series", () => {
  it("one point per UTC day of the window, oldest first, zeros included", async () => {
    const res = await getTimeSeries("revenue", 7, NOW);
    expect(res.points.map((p) => p.date)).toEqual(dates);
    expect(res.from).toBe(new Date(D).toISOString());
    expect(res.to).toBe(new Date(D + 7 * DAY).toISOString());
    expect((await getTimeSeries("signups", 365, NOW)).points).toHaveLength(365);
  });

  it("signups by plan, revenue, signals by outcome", async () => {
    const signups = await series("signups");
    expect(signups[0]).toMatchObject({ VIP: 1, TRIAL: 0, PREMIUM: 0, total: 1 });
    expect(signups[1]).toMatchObject({ total: 0 });
    expect(signups[2]).toMatchObject({ TRIAL: 1, total: 1 });
    expect(signups[3]).toMatchObject({ PREMIUM: 1, total: 1 });

    const revenue = await series("revenue");
    expect(revenue.map((p) => p.revenue_usdt)).toEqual(["0", "0", "149.5", "0", "0", "0", "0"]);
    expect(revenue[2]).toMatchObject({ payments: 2 });

    const signals = await series("signals");
    expect(signals[1]).toEqual({ date: dates[1], WIN: 1, LOSS: 1, BREAKEVEN: 0, OPEN: 1, total: 3 });
    expect(signals[0]).toMatchObject({ total: 0 });
  });

  it("cumulative signal profit %, auto-trader P&L (paper and live apart), blocked trades by rule", async () => {
    const profit = await series("profit");
    expect(profit[4]).toMatchObject({ closed: 2, profit_pct: "1.5" });
    // The curve starts from everything closed before the window (other files' signals too).
    const before = await db().signal.aggregate({ where: { status: { notIn: ["OPEN", "TP_PARTIAL"] }, closedAt: { lt: new Date(D) } }, _sum: { realizedProfitPct: true } });
    const base = before._sum.realizedProfitPct?.toNumber() ?? 0;
    expect(profit.map((p) => Number(p.cumulative_pct) - base)).toEqual([0, 0, 0, 0, 1.5, 1.5, 1.5]);

    const pnl = await series("pnl");
    expect(pnl[5]).toEqual({ date: dates[5], paper_usdt: "11.25", live_usdt: "-3", paper_trades: 2, live_trades: 1 });
    expect(pnl[6]).toMatchObject({ paper_usdt: "0", paper_trades: 0 });

    const blocked = await series("blocked");
    expect(blocked[6]).toEqual({ date: dates[6], total: 3, cooldown: 2, kill_switch: 1 });
    expect(blocked[5]).toEqual({ date: dates[5], total: 0 });
  });

  it("GET /api/admin/series/<name>?days= and the tRPC procedures; bad input is a 400 naming the field", async () => {
    const get = (name: string, query = "", token = admin.token) => call(route.GET, { path: `/api/admin/series/${name}${query}`, params: { name }, token });
    for (const name of ["signups", "revenue", "signals", "profit", "pnl", "blocked"]) {
      for (const days of [7, 30, 90, 365]) {
        const res = await get(name, `?days=${days}`);
        expect(res.status, `${name} ${days}`).toBe(200);
        expect(res.body.points).toHaveLength(days);
        expect(res.body.points.at(-1).date).toBe(new Date().toISOString().slice(0, 10));
      }
    }
    expect((await get("pnl")).body.days).toBe(30);
    expect(expectError(await get("pnl", "?days=0"), 400).message).toContain("days");
    expect(expectError(await get("pnl", "?days=366"), 400).message).toContain("days");
    expect(expectError(await get("pnl", "?days=week"), 400).message).toContain("days");
    expect(expectError(await get("revenu"), 400).message).toContain("name");
    expectError(await get("pnl", "", (await createUser({ plan: "PREMIUM" })).token), 403, "forbidden");

    const trpc = await callerAs(admin.token);
    expect((await trpc.analytics.pnlSeries({ days: 7 })).points).toHaveLength(7);
    expect((await trpc.analytics.signupsSeries({ days: 90 })).points).toHaveLength(90);
    expect((await trpcError(trpc.analytics.revenueSeries({ days: 400 }))).code).toBe("BAD_REQUEST");
    const subscriber = await callerAs((await createUser({ plan: "VIP" })).token);
    expect((await trpcError(subscriber.analytics.blockedSeries({ days: 7 }))).code).toBe("FORBIDDEN");
  });
});

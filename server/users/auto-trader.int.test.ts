// The auto-trader rule in its three forms — the predicate, the Prisma filter (the broadcast hold) and
// the SQL (the fan-out) — pick the same users, over every combination of the fields it reads.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { uniq } from "@/test/helpers/factories";
import { autoTraderSql, autoTraderWhere, isAutoTrader } from "./auto-trader";

const PLANS = ["TRIAL", "VIP", "PREMIUM"] as const;

describe("isAutoTrader, autoTraderWhere and autoTraderSql", () => {
  it("agree on every combination of plan, expiry, auto-trade and active", async () => {
    const now = new Date();
    const expiries = [null, new Date(now.getTime() - 60_000), now, new Date(now.getTime() + 60_000)];
    const data = PLANS.flatMap((plan) =>
      expiries.flatMap((planExpiresAt) =>
        [true, false].flatMap((autoTradeEnabled) =>
          [true, false].map((isActive) => {
            const tag = uniq();
            return { username: `at_${tag}`, email: `at_${tag}@example.test`, passwordHash: "x", plan, planExpiresAt, autoTradeEnabled, isActive };
          }),
        ),
      ),
    );
    await db().user.createMany({ data });
    const rows = await db().user.findMany({
      where: { username: { in: data.map((d) => d.username) } },
      select: { id: true, plan: true, planExpiresAt: true, autoTradeEnabled: true, isActive: true },
    });
    expect(rows).toHaveLength(data.length);
    const ids = rows.map((r) => r.id);
    const byPredicate = rows.filter((r) => isAutoTrader(r, now)).map((r) => r.id).sort((a, b) => a - b);
    const byPrisma = (await db().user.findMany({ where: { AND: [autoTraderWhere(now), { id: { in: ids } }] }, select: { id: true } })).map((r) => r.id).sort((a, b) => a - b);
    const bySql = (
      await db().$queryRawUnsafe<{ id: number }[]>(`SELECT u.id FROM users u WHERE ${autoTraderSql("u", "$1::timestamptz")} AND u.id = ANY($2::int[])`, now.toISOString(), ids)
    ).map((r) => r.id).sort((a, b) => a - b);
    // PREMIUM × (no expiry, expiring later) × auto-trade on × active
    expect(byPredicate).toHaveLength(2);
    expect(byPrisma).toEqual(byPredicate);
    expect(bySql).toEqual(byPredicate);
  });
});

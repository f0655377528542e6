// The dashboard's analytics procedures: the same services, schemas and refusals as /api/admin/*.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { toAppError } from "@/server/errors";
import { createAdmin, createUser, uniq } from "@/test/helpers/factories";
import { uniqueSymbol } from "@/test/helpers/signals";
import { callerAs, trpcError } from "@/test/helpers/trpc";

describe("analytics router", () => {
  it("serves the overview, users, signals and signal stats to an admin", async () => {
    const admin = await callerAs((await createAdmin()).token);
    const tag = `r${uniq()}`;
    const { user } = await createUser({ plan: "VIP" });
    await db().user.update({ where: { id: user.id }, data: { username: `${tag}_vip` } });
    const symbol = uniqueSymbol();
    const signal = await db().signal.create({
      data: { symbol, direction: "SHORT", entryLow: "100", entryHigh: "100", targets: ["90"], stopLoss: "110", source: "API", status: "HIT_SL", realizedProfitPct: "-4.25" },
    });

    const overview = await admin.analytics.overview();
    expect(overview.vip_users).toBeGreaterThanOrEqual(1);
    expect(overview.signals_sent).toBeGreaterThanOrEqual(1);

    const users = await admin.analytics.users({ q: tag, plan: "VIP", page: 1, per_page: 10 });
    expect(users).toMatchObject({ total: 1, users: [{ id: user.id, plan: "VIP" }] });

    const signals = await admin.analytics.signals({ symbol, page: 1, per_page: 10 });
    expect(signals.total).toBe(1);
    expect(signals.signals[0]).toMatchObject({ id: signal.id, outcome: "LOSS", realized_profit_pct: "-4.25", copies: { opened: 0, skipped_or_failed: 0 } });

    const stats = await admin.analytics.signalStats({ days: 7 });
    expect(stats.days).toBe(7);
    expect(stats.per_symbol.find((r) => r.symbol === symbol)).toMatchObject({ signals: 1, losses: 1 });
  });

  it("refuses subscribers (FORBIDDEN) and anonymous callers (UNAUTHORIZED)", async () => {
    const subscriber = await callerAs((await createUser({ plan: "PREMIUM" })).token);
    expect((await trpcError(subscriber.analytics.overview())).code).toBe("FORBIDDEN");
    expect((await trpcError(subscriber.analytics.signals({ page: 1, per_page: 10 }))).code).toBe("FORBIDDEN");
    const anon = await callerAs();
    expect((await trpcError(anon.analytics.users({ page: 1, per_page: 10 }))).code).toBe("UNAUTHORIZED");
    expect((await trpcError(anon.analytics.signalStats({ days: 30 }))).code).toBe("UNAUTHORIZED");
    expect((await trpcError(subscriber.analytics.dailyReports({ limit: 5 }))).code).toBe("FORBIDDEN");
    expect((await trpcError(subscriber.analytics.generateDailyReport({}))).code).toBe("FORBIDDEN");
  });

  it("lists the stored daily reports; generating a day not over is BAD_REQUEST naming date", async () => {
    const admin = await callerAs((await createAdmin()).token);
    expect((await admin.analytics.dailyReports({ limit: 5 })).view).toBe("full");
    const err = await trpcError(admin.analytics.generateDailyReport({ date: "2999-01-01" }));
    expect([err.code, toAppError(err.cause).field]).toEqual(["BAD_REQUEST", "date"]);
  });

  it("answers BAD_REQUEST naming the field for bad input", async () => {
    const admin = await callerAs((await createAdmin()).token);
    const field = async (p: Promise<unknown>) => {
      const err = await trpcError(p);
      expect(err.code).toBe("BAD_REQUEST");
      // The field the error formatter names (server/trpc/init.ts), from the same mapping as REST.
      return toAppError(err.cause).field;
    };
    expect(await field(admin.analytics.signals({ page: 0, per_page: 10 }))).toBe("page");
    expect(await field(admin.analytics.signals({ page: 1, per_page: 10, from: "2026-11-02", to: "2026-11-01" }))).toBe("to");
    expect(await field(admin.analytics.users({ page: 1, per_page: 500 }))).toBe("per_page");
    expect(await field(admin.analytics.signalStats({ days: 366 }))).toBe("days");
  });
});

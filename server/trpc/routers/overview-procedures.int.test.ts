// The procedures the overview, the reports screen and a signal's copy report read through: admin
// only, bad input refused naming the field, an unknown signal NOT_FOUND.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { toAppError } from "@/server/errors";
import { createAdmin, createUser } from "@/test/helpers/factories";
import { insertPosition } from "@/test/helpers/positions";
import { uniqueSymbol } from "@/test/helpers/signals";
import { callerAs, trpcError } from "@/test/helpers/trpc";

const signal = () =>
  db().signal.create({ data: { symbol: uniqueSymbol(), direction: "LONG", entryLow: "100", entryHigh: "100", targets: ["110"], stopLoss: "90", source: "ADMIN" } });

describe("overview, reports and copy report procedures", () => {
  it("serve an admin: every part's health, a signal's copy report, a series, the reports", async () => {
    const admin = await callerAs((await createAdmin()).token);
    const health = await admin.analytics.health();
    expect(health.database.status).toBe("ok");
    expect(health).toHaveProperty("uptime.parts"); // the admin detail, as REST /api/health gives an admin
    expect(health.jobs.mode).toBeTruthy();
    expect(health.exchange.price_feed.status).toBeTruthy();

    const s = await signal();
    const { user } = await createUser({ plan: "PREMIUM" });
    await insertPosition(user.id, { signalId: s.id, entryLatencyMs: 300, slippagePct: "0.02" });
    const report = await admin.signals.copyReport({ signal_id: s.id });
    expect(report.paper).toMatchObject({ opened: 1, open_now: 1, latency_ms: { count: 1, p50: 300 } });
    expect(report.live.opened).toBe(0);

    expect((await admin.analytics.pnlSeries({ days: 7 })).points).toHaveLength(7);
    expect((await admin.analytics.dailyReports({ limit: 3 })).view).toBe("full");
    const head = await admin.analytics.chainHead();
    expect(head.seq).toBeGreaterThanOrEqual(0);
    expect(head.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuse subscribers (FORBIDDEN) and anonymous callers (UNAUTHORIZED)", async () => {
    const s = await signal();
    const subscriber = await callerAs((await createUser({ plan: "PREMIUM" })).token);
    expect((await trpcError(subscriber.analytics.health())).code).toBe("FORBIDDEN");
    expect((await trpcError(subscriber.analytics.chainHead())).code).toBe("FORBIDDEN");
    expect((await trpcError(subscriber.signals.copyReport({ signal_id: s.id }))).code).toBe("FORBIDDEN");
    const anon = await callerAs();
    expect((await trpcError(anon.analytics.health())).code).toBe("UNAUTHORIZED");
    expect((await trpcError(anon.analytics.chainHead())).code).toBe("UNAUTHORIZED");
    expect((await trpcError(anon.signals.copyReport({ signal_id: s.id }))).code).toBe("UNAUTHORIZED");
    expect((await trpcError(anon.analytics.generateDailyReport({}))).code).toBe("UNAUTHORIZED");
  });

  it("answer BAD_REQUEST naming the field for bad input, NOT_FOUND for a signal that does not exist", async () => {
    const admin = await callerAs((await createAdmin()).token);
    const field = async (p: Promise<unknown>) => {
      const err = await trpcError(p);
      expect(err.code).toBe("BAD_REQUEST");
      return toAppError(err.cause).field;
    };
    expect(await field(admin.signals.copyReport({ signal_id: "not-a-uuid" }))).toBe("signal_id");
    expect(await field(admin.signals.copyReport({ signal_id: 42 as unknown as string }))).toBe("signal_id");
    expect(await field(admin.signals.copyReport({} as { signal_id: string }))).toBe("signal_id");
    const s = await signal();
    const unknownField = await trpcError(admin.signals.copyReport({ signal_id: s.id, user_id: 1 } as { signal_id: string }));
    expect(unknownField.code).toBe("BAD_REQUEST");
    expect(await field(admin.analytics.dailyReports({ limit: 0 }))).toBe("limit");
    expect(await field(admin.analytics.dailyReports({ date: "2026-13-45" }))).toBe("date");
    expect(await field(admin.analytics.generateDailyReport({ date: "yesterday" }))).toBe("date");
    expect(await field(admin.analytics.revenueSeries({ days: 100_000 }))).toBe("days");
    expect((await trpcError(admin.signals.copyReport({ signal_id: "00000000-0000-4000-8000-000000000000" }))).code).toBe("NOT_FOUND");
  });
});

// tRPC safety.*: the same services, guards and errors as /api/safety/* and /api/risk/*, plus the
// per-day blocked-trade counts the daily report's safety section reads.
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { prismaSql } from "@/server/db/sql";
import { setEventDispatcher } from "@/server/jobs/events";
import { recordRiskBlocks } from "@/server/risk/risk-events";
import { createAdmin, createUser } from "@/test/helpers/factories";
import { callerAs, trpcError } from "@/test/helpers/trpc";

afterEach(async () => {
  await db().safetyState.upsert({ where: { id: 1 }, create: { id: 1 }, update: { killSwitch: false, reason: null } });
});

describe("safety router", () => {
  it("status and widget for any signed-in user; toggle only for an admin (FORBIDDEN), audited", async () => {
    setEventDispatcher(async () => undefined);
    const { token } = await createUser();
    const user = await callerAs(token);
    expect(await user.safety.widget()).toMatchObject({ kill_switch: false, max_dd_limit: 35 });
    expect(await user.safety.status()).toMatchObject({ kill_switch: false, jobs: expect.any(Array) });
    const refused = await trpcError(user.safety.toggle({ kill_switch: true }));
    expect(refused.code).toBe("FORBIDDEN");
    expect((await db().safetyState.findUnique({ where: { id: 1 } }))?.killSwitch ?? false).toBe(false);

    const { user: adminUser, token: adminToken } = await createAdmin();
    const admin = await callerAs(adminToken);
    expect(await admin.safety.toggle({ kill_switch: true, reason: "maintenance" })).toMatchObject({ kill_switch: true, reason: "maintenance", changed_by: adminUser.id });
    expect(await user.safety.widget()).toMatchObject({ kill_switch: true });
    const events = await admin.safety.events({ page: 1, limit: 10 });
    expect(events.events[0]).toMatchObject({ kind: "GLOBAL_HALT", rule: "admin", reason: "maintenance", user_id: null });
  });

  it("anonymous → UNAUTHORIZED; bad input → BAD_REQUEST naming the field", async () => {
    expect((await trpcError((await callerAs()).safety.widget())).code).toBe("UNAUTHORIZED");
    const { token } = await createAdmin();
    const admin = await callerAs(token);
    expect((await trpcError(admin.safety.toggle({ kill_switch: "yes" } as never))).code).toBe("BAD_REQUEST");
    expect((await trpcError(admin.safety.events({ page: 0, limit: 10 }))).code).toBe("BAD_REQUEST");
    expect((await trpcError(admin.safety.blocked({ day: "2026-13-01" }))).code).toBe("BAD_REQUEST");
  });

  it("limits: read and update the caller's own; invalid values save nothing", async () => {
    const { user, token } = await createUser();
    const api = await callerAs(token);
    expect(await api.safety.updateLimits({ max_concurrent_trades: 2 })).toMatchObject({ max_concurrent_trades: 2, current: { open_trades: 0 } });
    const err = await trpcError(api.safety.updateLimits({ max_concurrent_trades: 51 }));
    expect(err.code).toBe("BAD_REQUEST");
    expect((err.cause as { field?: string } | undefined)?.field ?? err.message).toMatch(/max_concurrent_trades/);
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { maxConcurrentTrades: true } })).toEqual({ maxConcurrentTrades: 2 });
  });

  it("blocked: trades refused per UTC day, by kind and rule; only for admins", async () => {
    const { user: a } = await createUser();
    const { user: b } = await createUser();
    await db().$transaction(async (tx) => {
      await recordRiskBlocks(prismaSql(tx), [
        { userId: a.id, symbol: "ETHUSDT", rule: "cooldown", reason: "cooling down", signalId: null },
        { userId: a.id, symbol: "ETHUSDT", rule: "kill_switch", reason: "halted", signalId: null },
      ], new Date("2026-10-03T00:00:00.000Z"));
      await recordRiskBlocks(prismaSql(tx), [{ userId: b.id, symbol: "BTCUSDT", rule: "cooldown", reason: "cooling down", signalId: null }], new Date("2026-10-03T23:59:59.999Z"));
      await recordRiskBlocks(prismaSql(tx), [{ userId: b.id, symbol: "BTCUSDT", rule: "cooldown", reason: "next day", signalId: null }], new Date("2026-10-04T00:00:00.000Z"));
    });
    const { token } = await createAdmin();
    expect(await (await callerAs(token)).safety.blocked({ day: "2026-10-03" })).toEqual({
      day: "2026-10-03",
      total: 3,
      users: 2,
      by_kind: { USER_BLOCKED: 2, GLOBAL_BLOCKED: 1 },
      by_rule: { cooldown: 2, kill_switch: 1 },
    });
    const { token: userToken } = await createUser();
    expect((await trpcError((await callerAs(userToken)).safety.blocked({}))).code).toBe("FORBIDDEN");
  });
});

// The global circuit breaker against the database: trips exactly at the limit, alerts both chats,
// records GLOBAL_HALT, stays tripped; AUTO_RESUME lifts only its own halt, only after 30 minutes
// without a break 5 points below the limit. Every run takes an injected clock.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { insertPosition } from "@/test/helpers/positions";
import { setEventDispatcher } from "@/server/jobs/events";
import { setEnv, uniqueChatId } from "@/test/helpers/signals";
import { createTrader } from "@/test/helpers/trading";
import { RESUME_AFTER_MS, runCircuitBreaker } from "./circuit-breaker";
import { setKillSwitch } from "./safety";
import { LIVE_COALESCE_MS, subscribeLiveUpdates } from "@/server/live-updates/live-updates";
import { createAdmin } from "@/test/helpers/factories";

const T0 = new Date("2026-11-20T12:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;

let chats: { admin: string; vip: string };
beforeEach(async () => {
  setEventDispatcher(async () => undefined);
  // The drawdown is system-wide: each test starts from a platform with no trades and no traders.
  await db().position.deleteMany({});
  await db().user.updateMany({ data: { autoTradeEnabled: false } });
  await db().riskEvent.deleteMany({});
  await db().outboxMessage.deleteMany({ where: { kind: "kill_switch" } });
  await db().safetyState.upsert({ where: { id: 1 }, create: { id: 1 }, update: { killSwitch: false, reason: null, changedById: null, recoveringSince: null, breakerArmed: true } });
  chats = { admin: uniqueChatId(), vip: uniqueChatId() };
  setEnv({ GLOBAL_MAX_DD_PCT: "35", AUTO_RESUME: "0", ADMIN_CHAT_ID: chats.admin, VIP_CHAT_ID: chats.vip });
});
// Files may share one database (PGlite): leave the platform unhalted, as found.
afterEach(async () => {
  await db().user.updateMany({ where: { autoTradeEnabled: true }, data: { autoTradeEnabled: false } });
  await db().safetyState.update({ where: { id: 1 }, data: { killSwitch: false, reason: null, changedById: null, recoveringSince: null, breakerArmed: true } });
});

/** Two auto-traders with 100 USDT each (200 at stake); one closed trade with this P&L, `minutesAgo` before T0. */
async function platformLost(pnl: string, minutesAgo = 10) {
  const a = await createTrader({ autoTradeEnabled: true, capitalUsdt: "100" });
  await createTrader({ autoTradeEnabled: true, capitalUsdt: "100" });
  await insertPosition(a.id, { status: "CLOSED", remainingQty: "0", realizedPnl: pnl, closedAt: at(-minutesAgo * MIN), openedAt: at(-(minutesAgo + 5) * MIN) });
  return a;
}

const safety = () => db().safetyState.findUniqueOrThrow({ where: { id: 1 } });

describe("tripping", () => {
  it("just below the limit (34.99 % of the capital at stake) → nothing happens", async () => {
    await platformLost("-69.98");
    expect(await runCircuitBreaker(T0)).toEqual({ action: "none", drawdown_pct: "34.99", limit_pct: 35, kill_switch: false });
    expect((await safety()).killSwitch).toBe(false);
  });

  it("exactly at the limit → kill switch on, GLOBAL_HALT event, audit by the system, both chats alerted once", async () => {
    await platformLost("-70");
    expect(await runCircuitBreaker(T0)).toMatchObject({ action: "halted", drawdown_pct: "35", kill_switch: true });
    expect(await safety()).toMatchObject({ killSwitch: true, changedById: null, reason: "24 h system drawdown 35% reached the 35% limit" });
    expect(await db().riskEvent.findMany({ select: { kind: true, rule: true, userId: true } })).toEqual([{ kind: "GLOBAL_HALT", rule: "global_drawdown", userId: null }]);
    expect(await db().auditEvent.count({ where: { action: "safety.kill_switch.on", actorId: null, createdAt: { gte: new Date(Date.now() - MIN) } } })).toBeGreaterThanOrEqual(1);
    const alerts = await db().outboxMessage.findMany({ where: { kind: "kill_switch" }, select: { target: true, body: true } });
    const halt = "🚨 GLOBAL HALT ENABLED\nReason: 24 h system drawdown 35% reached the 35% limit";
    expect(alerts.sort((a, b) => a.target.localeCompare(b.target))).toEqual([chats.admin, chats.vip].sort().map((target) => ({ target, body: halt })));
    // The next minute changes nothing and alerts nobody again.
    expect(await runCircuitBreaker(at(MIN))).toMatchObject({ action: "none", kill_switch: true });
    expect(await db().outboxMessage.count({ where: { kind: "kill_switch" } })).toBe(2);
  });

  it("the window is 24 h rolling: a loss closed 24 h and 1 min ago no longer counts", async () => {
    await platformLost("-100", 24 * 60 + 1);
    expect(await runCircuitBreaker(T0)).toMatchObject({ action: "none", drawdown_pct: "0" });
  });

  it("gains offset losses: the drawdown is net", async () => {
    const a = await platformLost("-80");
    await insertPosition(a.id, { status: "CLOSED", remainingQty: "0", realizedPnl: "20", closedAt: at(-5 * MIN) });
    expect(await runCircuitBreaker(T0)).toMatchObject({ action: "none", drawdown_pct: "30" });
  });

  it("a user's daily loss breach blocks that user, not the platform (global rule only)", async () => {
    // 30 USDT lost by one of two traders: 30 % of that user's capital, 15 % of the platform's.
    await platformLost("-30");
    expect(await runCircuitBreaker(T0)).toMatchObject({ action: "none", drawdown_pct: "15", kill_switch: false });
  });
});

describe("AUTO_RESUME", () => {
  async function halted() {
    await platformLost("-70");
    await runCircuitBreaker(T0);
    // The loss ages: from here on the window holds a smaller one (29.5 % ≤ 35 − 5).
    await db().position.updateMany({ data: { realizedPnl: "-59" } });
  }

  it("off (default): a breaker halt stays until an admin lifts it", async () => {
    await halted();
    expect(await runCircuitBreaker(at(2 * RESUME_AFTER_MS))).toMatchObject({ action: "none", kill_switch: true });
  });

  it("on: resumes after 30 minutes 5 points below the limit — not a millisecond earlier", async () => {
    setEnv({ AUTO_RESUME: "1" });
    await halted();
    expect(await runCircuitBreaker(at(MIN))).toMatchObject({ action: "recovering", drawdown_pct: "29.5", kill_switch: true });
    expect((await safety()).recoveringSince).toEqual(at(MIN));
    expect(await runCircuitBreaker(at(MIN + RESUME_AFTER_MS - 1))).toMatchObject({ action: "recovering", kill_switch: true });
    expect(await runCircuitBreaker(at(MIN + RESUME_AFTER_MS))).toMatchObject({ action: "resumed", kill_switch: false });
    expect(await safety()).toMatchObject({ killSwitch: false, recoveringSince: null });
    expect((await db().riskEvent.findMany({ orderBy: { id: "asc" }, select: { kind: true } })).map((e) => e.kind)).toEqual(["GLOBAL_HALT", "GLOBAL_RESUME"]);
    const lifted = await db().outboxMessage.findMany({ where: { kind: "kill_switch", body: { startsWith: "✅" } }, select: { target: true } });
    expect(lifted.map((m) => m.target).sort()).toEqual([chats.admin, chats.vip].sort());
  });

  it("tells the dashboard (live `safety`) when it halts, starts counting and resumes — not on a run that only counts", async () => {
    setEnv({ AUTO_RESUME: "1" });
    const heard: string[] = [];
    const stop = await subscribeLiveUpdates((m) => void heard.push(m));
    // Whether a run announced `safety` at all: its announcements usually fold into one (coalescing
    // window), but on a slow machine a run can outlast the window and announce twice — harmless,
    // the page refreshes twice. What must hold is none from a run that only counts.
    const run = async (ms: number) => {
      const r = await runCircuitBreaker(at(ms));
      await new Promise((resolve) => setTimeout(resolve, LIVE_COALESCE_MS + 150));
      return { action: r.action, announced: heard.splice(0).includes("safety") };
    };
    try {
      await platformLost("-70");
      expect(await run(0)).toEqual({ action: "halted", announced: true });
      await db().position.updateMany({ data: { realizedPnl: "-59" } });
      expect(await run(MIN)).toEqual({ action: "recovering", announced: true });
      expect(await run(2 * MIN)).toEqual({ action: "recovering", announced: false });
      expect(await run(MIN + RESUME_AFTER_MS)).toEqual({ action: "resumed", announced: true });
      expect(await run(MIN + RESUME_AFTER_MS + MIN)).toEqual({ action: "none", announced: false });
    } finally {
      stop();
    }
  });

  it("on: drawdown back above limit − 5 restarts the 30 minutes", async () => {
    setEnv({ AUTO_RESUME: "1" });
    await halted();
    await runCircuitBreaker(at(MIN));
    await db().position.updateMany({ data: { realizedPnl: "-61" } }); // 30.5 %: not 5 points below 35
    expect(await runCircuitBreaker(at(10 * MIN))).toMatchObject({ action: "recovery_reset", kill_switch: true });
    await db().position.updateMany({ data: { realizedPnl: "-59" } });
    expect(await runCircuitBreaker(at(11 * MIN))).toMatchObject({ action: "recovering" });
    expect(await runCircuitBreaker(at(MIN + RESUME_AFTER_MS))).toMatchObject({ action: "recovering", kill_switch: true });
    expect(await runCircuitBreaker(at(11 * MIN + RESUME_AFTER_MS))).toMatchObject({ action: "resumed", kill_switch: false });
  });

  it("on: a halt an admin set is never lifted by the breaker", async () => {
    setEnv({ AUTO_RESUME: "1" });
    const { user: admin } = await createAdmin();
    await setKillSwitch(admin, true, "exchange maintenance", T0);
    expect(await runCircuitBreaker(at(MIN))).toMatchObject({ action: "none", drawdown_pct: "0", kill_switch: true });
    expect(await runCircuitBreaker(at(MIN + 2 * RESUME_AFTER_MS))).toMatchObject({ action: "none", kill_switch: true });
    expect(await safety()).toMatchObject({ killSwitch: true, changedById: admin.id });
  });
});

describe("an admin's resume past the limit", () => {
  it("is not overruled: the breaker stands down until the drawdown is below the limit, then re-arms and trips again", async () => {
    const { user: admin } = await createAdmin();
    await platformLost("-70");
    await runCircuitBreaker(T0);
    await setKillSwitch(admin, false, "accepting the risk", at(MIN));
    expect(await safety()).toMatchObject({ killSwitch: false, breakerArmed: false });
    expect(await runCircuitBreaker(at(2 * MIN))).toMatchObject({ action: "none", kill_switch: false });

    await db().position.updateMany({ data: { realizedPnl: "-60" } }); // 30 %: below the limit
    expect(await runCircuitBreaker(at(3 * MIN))).toMatchObject({ action: "rearmed", kill_switch: false });
    await db().position.updateMany({ data: { realizedPnl: "-72" } }); // 36 %
    expect(await runCircuitBreaker(at(4 * MIN))).toMatchObject({ action: "halted", kill_switch: true });
  });

  it("an admin resume below the limit leaves the breaker armed", async () => {
    const { user: admin } = await createAdmin();
    await setKillSwitch(admin, true, "maintenance", T0);
    await setKillSwitch(admin, false, null, at(MIN));
    expect(await safety()).toMatchObject({ killSwitch: false, breakerArmed: true });
  });
});

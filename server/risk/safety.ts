// The global safety state (SPEC §7): the kill switch and every change of it (admin toggle or circuit
// breaker: audit event, risk event, alert to the admin and VIP chats), its status with the
// background jobs, and the widget's figures.
import { db, type TTx } from "../db/client";
import { env } from "../env";
import { dec } from "../decimal";
import { enqueueOutbox } from "../notifications/outbox";
import { nudgeOutbox } from "../notifications/nudge-outbox";
import { announceChange } from "../live-updates/live-updates";
import { DAY_MS, utcDayStart } from "./clock";
import { systemDrawdownPct } from "./drawdown";
import { blockedTradeCounts, recordGlobalEvent } from "./risk-events";
import { haltReason } from "./rules/kill-switch";

export type TSafetyRow = { killSwitch: boolean; reason: string | null; changedAt: Date | null; changedById: number | null; recoveringSince: Date | null; breakerArmed: boolean };

const SAFETY_SELECT = { killSwitch: true, reason: true, changedAt: true, changedById: true, recoveringSince: true, breakerArmed: true } as const;
const NO_HALT: TSafetyRow = { killSwitch: false, reason: null, changedAt: null, changedById: null, recoveringSince: null, breakerArmed: true };

async function safetyRow(): Promise<TSafetyRow> {
  return (await db().safetyState.findUnique({ where: { id: 1 }, select: SAFETY_SELECT })) ?? NO_HALT;
}

/** Why nothing may open now (the kill switch), or null: the same words as the risk rule's. */
export async function currentHaltReason(): Promise<string | null> {
  const row = await safetyRow();
  return haltReason({ on: row.killSwitch, reason: row.reason });
}

/** The single safety row, locked for the rest of the transaction (created on first use). */
export async function lockSafetyRow(tx: TTx): Promise<TSafetyRow> {
  await tx.$executeRawUnsafe(`INSERT INTO safety_state (id, kill_switch, changed_at) VALUES (1, false, now()) ON CONFLICT (id) DO NOTHING`);
  await tx.$queryRawUnsafe(`SELECT id FROM safety_state WHERE id = 1 FOR UPDATE`);
  return tx.safetyState.findUniqueOrThrow({ where: { id: 1 }, select: SAFETY_SELECT });
}

export type TKillSwitchChange = {
  on: boolean;
  reason: string;
  /** The admin who toggled it; null for the circuit breaker. */
  actorId: number | null;
  /** Risk event rule: "admin" or the breaker's "global_drawdown". */
  rule: string;
  /** Whether the circuit breaker may switch it on again (default: yes). */
  breakerArmed?: boolean;
  details?: Record<string, unknown>;
  now: Date;
};

/** Switches the kill switch inside the caller's transaction (the row locked by lockSafetyRow): audit, risk event, alerts. */
export async function changeKillSwitch(tx: TTx, c: TKillSwitchChange): Promise<void> {
  await tx.safetyState.update({
    where: { id: 1 },
    data: { killSwitch: c.on, reason: c.reason, changedAt: c.now, changedById: c.actorId, recoveringSince: null, breakerArmed: c.breakerArmed ?? true },
  });
  await tx.auditEvent.create({
    data: { actorId: c.actorId, action: c.on ? "safety.kill_switch.on" : "safety.kill_switch.off", target: "safety_state:1", details: { reason: c.reason, rule: c.rule, ...c.details } },
  });
  await recordGlobalEvent(tx, { kind: c.on ? "GLOBAL_HALT" : "GLOBAL_RESUME", rule: c.rule, reason: c.reason, details: c.details, now: c.now });
  const body = c.on ? `🚨 GLOBAL HALT ENABLED\nReason: ${c.reason}` : `✅ Global halt lifted: trading resumed\nReason: ${c.reason}`;
  const key = `kill-switch:${c.on ? "on" : "off"}:${c.now.toISOString()}`;
  await enqueueOutbox(tx, [
    { audience: "admin", kind: "kill_switch", body, dedupeKey: key },
    { audience: "vip", kind: "kill_switch", body, dedupeKey: key },
  ]);
}

/** An admin, the circuit breaker (it always records why), or nobody yet (the row as set up). */
export function lastChangeBy(state: Pick<TSafetyRow, "changedById" | "reason">): "admin" | "circuit_breaker" | "never" {
  if (state.changedById !== null) return "admin";
  return state.reason !== null ? "circuit_breaker" : "never";
}

/**
 * GET /api/safety/status. Anyone may read the platform-wide figures (the runbook and the app's badge
 * send no token: SPEC §7); who switched the kill switch and why, and the jobs' error texts, are for
 * admins only.
 */
export async function getSafetyStatus(viewer: { role: string } | null, now: Date = new Date()) {
  const [state, dd, jobs] = await Promise.all([
    safetyRow(),
    systemDrawdownPct(new Date(now.getTime() - DAY_MS), now),
    db().jobRun.findMany({ orderBy: { name: "asc" }, select: { name: true, lastRunAt: true, lastStatus: true, lastError: true } }),
  ]);
  const admin = viewer?.role === "ADMIN";
  return {
    kill_switch: state.killSwitch,
    changed_at: state.changedAt?.toISOString() ?? null,
    ...(admin
      ? {
          reason: state.reason,
          /** Who switched it last: an admin's id, or null (the circuit breaker, or never switched). */
          changed_by: state.changedById,
          /** Who switched it last, in words: the breaker always gives a reason, a fresh platform has none. */
          changed_by_kind: lastChangeBy(state),
        }
      : {}),
    max_dd_limit: env().GLOBAL_MAX_DD_PCT,
    drawdown_24h_pct: dd,
    auto_resume: env().AUTO_RESUME,
    recovering_since: state.recoveringSince?.toISOString() ?? null,
    /** False while an admin's resume overrules the breaker (until the drawdown falls below the limit). */
    breaker_armed: state.breakerArmed,
    jobs: jobs.map((j) => ({ name: j.name, last_run_at: j.lastRunAt.toISOString(), last_status: j.lastStatus, ...(admin ? { last_error: j.lastError } : {}) })),
    timestamp: now.toISOString(),
  };
}

/** Admin toggle. A change writes an audit event and a risk event and alerts both chats; the same state again changes nothing. */
export async function setKillSwitch(admin: { id: number }, on: boolean, reason: string | null, now: Date = new Date()) {
  // Resuming while the drawdown is still past the limit is the admin's call: the breaker would
  // otherwise halt again within a minute, so it stands down until the drawdown is below the limit.
  // (Read before the transaction: one connection must never wait for a second one.)
  const overrule = !on && dec(await systemDrawdownPct(new Date(now.getTime() - DAY_MS), now)).gte(env().GLOBAL_MAX_DD_PCT);
  const changed = await db().$transaction(async (tx) => {
    const current = await lockSafetyRow(tx);
    if (current.killSwitch === on) return false;
    await changeKillSwitch(tx, { on, reason: reason ?? (on ? "halted by an admin" : "resumed by an admin"), actorId: admin.id, rule: "admin", breakerArmed: !overrule, now });
    return true;
  });
  if (changed) await Promise.all([nudgeOutbox(), announceChange("safety")]);
  return getSafetyStatus({ role: "ADMIN" }, now);
}

/** GET /api/safety/widget: today (UTC) so far. */
export async function getSafetyWidget(now: Date = new Date()) {
  const day = utcDayStart(now);
  const [state, dd, trades, blocked] = await Promise.all([
    safetyRow(),
    systemDrawdownPct(day, now),
    db().position.count({ where: { status: { not: "FAILED" }, openedAt: { gte: day, lte: now } } }),
    blockedTradeCounts(now),
  ]);
  return { kill_switch: state.killSwitch, today_dd_pct: dd, today_trades: trades, blocks: blocked.total, max_dd_limit: env().GLOBAL_MAX_DD_PCT, timestamp: now.toISOString() };
}

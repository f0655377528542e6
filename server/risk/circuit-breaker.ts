// The global circuit breaker (SPEC §7), run every 60 s by a durable cron: the rolling 24 h system
// drawdown at or past GLOBAL_MAX_DD_PCT switches the kill switch on (alert to the admin and VIP
// chats). With AUTO_RESUME=1 a halt the breaker set is lifted once the drawdown has stayed at least
// RESUME_MARGIN_PCT points below the limit for RESUME_AFTER_MS without a break; a halt an admin set
// is only ever lifted by an admin, and an admin who resumes while the drawdown is still past the limit
// overrules the breaker until the drawdown has fallen below it. A user's own daily loss limit blocks that user (rules/), never
// the whole platform: only this rule trips the global switch.
//
// One run is one transaction holding the safety row's lock, so two processes running the cron at
// once cannot both trip (or both resume) it.
import { db } from "../db/client";
import { dec } from "../decimal";
import { env } from "../env";
import { announceChange } from "../live-updates/live-updates";
import { DAY_MS } from "./clock";
import { systemDrawdownPct } from "./drawdown";
import { changeKillSwitch, lockSafetyRow } from "./safety";

export const RESUME_MARGIN_PCT = 5;
export const RESUME_AFTER_MS = 30 * 60_000;
export const BREAKER_RULE = "global_drawdown";

export type TBreakerAction = "none" | "halted" | "recovering" | "resumed" | "recovery_reset" | "rearmed";
export type TBreakerRun = { action: TBreakerAction; drawdown_pct: string; limit_pct: number; kill_switch: boolean };

const HALTED_AFTER: Record<Exclude<TBreakerAction, "none">, boolean> = { halted: true, recovering: true, recovery_reset: true, resumed: false, rearmed: false };
const isHalted = async () => (await db().safetyState.findUnique({ where: { id: 1 }, select: { killSwitch: true } }))?.killSwitch === true;

export async function runCircuitBreaker(now: Date = new Date()): Promise<TBreakerRun> {
  const limit = env().GLOBAL_MAX_DD_PCT;
  const dd = await systemDrawdownPct(new Date(now.getTime() - DAY_MS), now);
  /** Still counting down to a resume: nothing was written this run. */
  let counting = false;
  const action = await db().$transaction(async (tx): Promise<TBreakerAction> => {
    const state = await lockSafetyRow(tx);
    const details = { drawdown_24h_pct: dd, limit_pct: limit };
    if (!state.killSwitch) {
      if (dec(dd).lt(limit)) {
        if (state.breakerArmed) return "none";
        await tx.safetyState.update({ where: { id: 1 }, data: { breakerArmed: true } });
        return "rearmed";
      }
      if (!state.breakerArmed) return "none"; // an admin resumed past the limit: their call stands
      await changeKillSwitch(tx, { on: true, reason: `24 h system drawdown ${dd}% reached the ${limit}% limit`, actorId: null, rule: BREAKER_RULE, details, now });
      return "halted";
    }
    const breakerHalt = state.changedById === null;
    if (!env().AUTO_RESUME || !breakerHalt) return "none";
    if (dec(dd).gt(limit - RESUME_MARGIN_PCT)) {
      if (state.recoveringSince === null) return "none";
      await tx.safetyState.update({ where: { id: 1 }, data: { recoveringSince: null } });
      return "recovery_reset";
    }
    if (state.recoveringSince === null) {
      await tx.safetyState.update({ where: { id: 1 }, data: { recoveringSince: now } });
      return "recovering";
    }
    if (now.getTime() - state.recoveringSince.getTime() < RESUME_AFTER_MS) {
      counting = true;
      return "recovering";
    }
    const reason = `auto-resume: 24 h system drawdown ${dd}% has stayed at least ${RESUME_MARGIN_PCT} points below the ${limit}% limit for ${RESUME_AFTER_MS / 60_000} minutes`;
    await changeKillSwitch(tx, { on: false, reason, actorId: null, rule: BREAKER_RULE, details: { ...details, recovering_since: state.recoveringSince.toISOString() }, now });
    return "resumed";
  });
  // Halted, resumed, re-armed, a countdown started or reset: the dashboard's banner and risk screen show each.
  if (action !== "none" && !counting) await announceChange("safety");
  const halted = action === "none" ? await isHalted() : HALTED_AFTER[action];
  return { action, drawdown_pct: dd, limit_pct: limit, kill_switch: halted };
}

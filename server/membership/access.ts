// Who may be in the VIP group, and keeping the group in step with it. A user is entitled while
// their plan is VIP or PREMIUM and unexpired. `vip_granted_at` marks a paid period the platform
// has acted on: set (and the invite DMed) when it starts, cleared (and the removal queued) when it
// ends — each a conditional UPDATE, so concurrent jobs act once.
import { db, Prisma, type TTx } from "../db/client";
import { env } from "../env";
import { effectivePlan, type TPlan } from "../users/plan";
import { enqueueBotCalls, type TBotCall } from "../notifications/outbox";
import { dm, removalCalls } from "./bot-calls";
import { vipGrantedText, vipLapsedText } from "./messages";

/** The plan rule every other part uses (a paid plan without an expiry date does not lapse). */
export function isEntitled(u: { plan: TPlan; planExpiresAt: Date | null }, now = new Date()): boolean {
  return effectivePlan(u, now) !== "TRIAL";
}

type TChanged = { id: number; telegram_user_id: bigint | null; at: Date };

/**
 * Grants or withdraws VIP group access to match the plans now: for the given users (inside the
 * transaction of their plan change), or for everyone (the sweep, which catches any plan change
 * made elsewhere, e.g. a payment confirmation). Returns how many changed each way.
 */
export async function syncVipAccess(tx: TTx, userIds: number[] | "all", now = new Date()): Promise<{ granted: number; revoked: number }> {
  const scope = userIds === "all" ? Prisma.sql`TRUE` : Prisma.sql`id = ANY(${userIds})`;
  if (userIds !== "all" && userIds.length === 0) return { granted: 0, revoked: 0 };
  const granted = await tx.$queryRaw<TChanged[]>`
    WITH due AS (
      SELECT id FROM users WHERE ${scope} AND vip_granted_at IS NULL AND plan <> 'TRIAL' AND (plan_expires_at IS NULL OR plan_expires_at > ${now})
      ORDER BY id LIMIT 5000 FOR UPDATE SKIP LOCKED)
    UPDATE users u SET vip_granted_at = ${now} FROM due WHERE u.id = due.id AND u.vip_granted_at IS NULL
    RETURNING u.id, u.telegram_user_id, u.vip_granted_at AS at`;
  const revoked = await tx.$queryRaw<TChanged[]>`
    WITH due AS (
      SELECT id, vip_granted_at FROM users
      WHERE ${scope} AND vip_granted_at IS NOT NULL AND (plan = 'TRIAL' OR plan_expires_at <= ${now})
      ORDER BY id LIMIT 5000 FOR UPDATE SKIP LOCKED)
    UPDATE users u SET vip_granted_at = NULL, vip_revoked_at = ${now} FROM due WHERE u.id = due.id AND u.vip_granted_at IS NOT NULL
    RETURNING u.id, u.telegram_user_id, due.vip_granted_at AS at`;
  const vip = env().VIP_CHAT_ID;
  const calls: TBotCall[] = [];
  if (vip) {
    for (const g of granted) {
      if (g.telegram_user_id !== null) calls.push(dm(g.telegram_user_id, "vip_granted", vipGrantedText(vip), `vip-grant:${g.id}:${g.at.toISOString()}`));
    }
    for (const r of revoked) {
      if (r.telegram_user_id === null) continue;
      const key = `vip-remove:${r.id}:${r.at.toISOString()}`;
      calls.push(...removalCalls(vip, r.telegram_user_id, key), dm(r.telegram_user_id, "vip_lapsed", vipLapsedText(), `${key}:dm`));
    }
  }
  await enqueueBotCalls(tx, calls);
  return { granted: granted.length, revoked: revoked.length };
}

/** The sweep: every user's access brought in step with their plan, in batches. */
export async function syncAllVipAccess(now = new Date()): Promise<{ granted: number; revoked: number }> {
  const total = { granted: 0, revoked: 0 };
  for (;;) {
    const batch = await db().$transaction((tx) => syncVipAccess(tx, "all", now));
    total.granted += batch.granted;
    total.revoked += batch.revoked;
    if (batch.granted < 5000 && batch.revoked < 5000) return total;
  }
}

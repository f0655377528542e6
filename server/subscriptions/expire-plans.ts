// The expiry sweep (every 5 minutes): paid plans whose expiry has passed fall back to TRIAL in
// ONE statement (UPDATE … RETURNING, rows locked by a confirmation are skipped and caught by the
// next run), and in the same transaction the admin chat (one digest when many end at once,
// expiry-digest.ts) and each user are told and their removal
// from the VIP group is queued (membership/access.ts). Idempotent: a second run finds nothing. Between runs the guard (effectivePlan) already treats them as TRIAL.
import { db } from "../db/client";
import { syncVipAccess } from "../membership/access";
import { announceChange } from "../live-updates/live-updates";
import { enqueueOutbox } from "../notifications/outbox";
import { notifyUsers } from "../notifications/user-notifications";
import { escapeHtml } from "../telegram/format";
import { addToExpiryDigest, DIGEST_FROM, releaseExpiryDigest } from "./expiry-digest";

type TExpired = { id: number; username: string; email: string; old_plan: "VIP" | "PREMIUM"; expired_at: Date };

export function planExpiredText(u: { username: string; email: string; plan: string }): string {
  return [`⌛ Plan expired`, `👤 User: ${escapeHtml(u.username)} (${escapeHtml(u.email)})`, `💎 Plan: ${u.plan} → TRIAL`].join("\n");
}

// Small enough that a batch (plans, notices, queued removals) commits well within a transaction's 5 s on a busy machine.
const BATCH = 200;

/** Every plan due by `now`, in transactions of BATCH users, so a big day ends in one run. */
export async function expirePlans(now = new Date()): Promise<{ expired: { user_id: number; plan: string; expired_at: string }[] }> {
  const expired: TExpired[] = [];
  // A full first batch means many at once: the admin chat then gets one digest for the run.
  let digest = false;
  for (;;) {
    const batch = await expireBatch(now, (rows) => (digest ||= rows.length >= DIGEST_FROM));
    // Each batch is committed: the dashboard's plan counts and user list follow (coalesced per run).
    if (batch.length > 0) void announceChange("payments");
    expired.push(...batch);
    if (batch.length < BATCH) break;
  }
  if (digest) await releaseExpiryDigest(now, now);
  return { expired: expired.map((r) => ({ user_id: r.id, plan: r.old_plan, expired_at: r.expired_at.toISOString() })) };
}

async function expireBatch(now: Date, useDigest: (rows: TExpired[]) => boolean): Promise<TExpired[]> {
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<TExpired[]>`
      WITH due AS (
        SELECT id, plan, plan_expires_at FROM users
        WHERE plan <> 'TRIAL' AND plan_expires_at <= ${now}
        ORDER BY id LIMIT ${BATCH}
        FOR UPDATE SKIP LOCKED)
      UPDATE users u SET plan = 'TRIAL', plan_expires_at = NULL, updated_at = ${now}
      FROM due WHERE u.id = due.id
      RETURNING u.id, u.username, u.email, due.plan::text AS old_plan, due.plan_expires_at AS expired_at`;
    const key = (r: TExpired) => `plan-expired:${r.id}:${r.expired_at.toISOString()}`;
    if (useDigest(rows)) await addToExpiryDigest(tx, now, rows, now);
    else {
      await enqueueOutbox(
        tx,
        rows.map((r) => ({ audience: "admin" as const, kind: "plan_expired", body: planExpiredText({ ...r, plan: r.old_plan }), dedupeKey: key(r) })),
      );
    }
    await notifyUsers(
      tx,
      rows.map((r) => ({
        userId: r.id,
        kind: "plan_expired",
        title: `Your ${r.old_plan} plan has ended`,
        body: `Your ${r.old_plan} plan expired; you are back on TRIAL. Renew on the payment page to get full signals again.`,
        dedupeKey: key(r),
      })),
    );
    await syncVipAccess(tx, rows.map((r) => r.id), now);
    return rows;
  });
}

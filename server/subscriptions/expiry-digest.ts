// The admin chat's notice of a mass expiry: one summary message for a run that ends many plans at
// once, instead of one message each (20 a minute to a group would spread 10,000 notices over
// 8 hours, holding up every other admin alert behind them). Each batch adds its users to the
// run's digest inside its own transaction, so the notice exists exactly when the expiries do; the
// digest waits (held) until the run releases it, or until the hold lapses if the run dies.
import type { Prisma, TTx } from "../db/client";
import { db } from "../db/client";
import { chatFor } from "../notifications/outbox";
import { escapeHtml } from "../telegram/format";

/** From this many expiries in one run on, the admin chat gets one digest instead of a message each. */
export const DIGEST_FROM = 10;
/** Longest a digest waits for its run (a run that dies leaves it to be sent after this). */
export const DIGEST_HOLD_MS = 5 * 60_000;
const SAMPLE = 10;

type TDigest = { count: number; by_plan: Record<string, number>; sample: string[] };
export type TExpiredForDigest = { username: string; old_plan: string };

const prefix = (run: Date) => `plan-expired-digest:${run.toISOString()}:`;
const fmt = (n: number) => n.toLocaleString("en-US");

export function expiryDigestText(d: TDigest): string {
  const plans = Object.entries(d.by_plan)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([plan, n]) => `${plan} ${fmt(n)}`)
    .join(" · ");
  const more = d.count - d.sample.length;
  return [
    `⌛ ${fmt(d.count)} plan${d.count === 1 ? "" : "s"} expired`,
    `💎 ${plans} → TRIAL`,
    `👤 ${d.sample.map(escapeHtml).join(", ")}${more > 0 ? ` and ${fmt(more)} more` : ""}`,
    `Their VIP group removals are queued.`,
  ].join("\n");
}

/**
 * Adds one batch of a run's expiries to the run's open digest (or opens one). A digest the
 * deliverer has already picked up is left alone and the batch opens the next part.
 */
export async function addToExpiryDigest(tx: TTx, run: Date, rows: TExpiredForDigest[], now: Date): Promise<void> {
  const target = chatFor("admin");
  if (!target || rows.length === 0) return;
  const parts = await tx.$queryRaw<{ id: bigint; payload: TDigest; open: boolean }[]>`
    SELECT id, payload, (status = 'PENDING' AND attempts = 0) AS open FROM outbox_messages
    WHERE target = ${target} AND dedupe_key LIKE ${prefix(run) + "%"}
    ORDER BY id DESC LIMIT 1 FOR UPDATE`;
  const last = parts[0];
  const digest: TDigest = last?.open ? structuredClone(last.payload) : { count: 0, by_plan: {}, sample: [] };
  for (const r of rows) {
    digest.count += 1;
    digest.by_plan[r.old_plan] = (digest.by_plan[r.old_plan] ?? 0) + 1;
    if (digest.sample.length < SAMPLE) digest.sample.push(r.username);
  }
  const payload = digest as unknown as Prisma.InputJsonObject;
  if (last?.open) {
    await tx.outboxMessage.update({ where: { id: last.id }, data: { body: expiryDigestText(digest), payload } });
    return;
  }
  const part = await tx.outboxMessage.count({ where: { target, dedupeKey: { startsWith: prefix(run) } } });
  await tx.outboxMessage.create({
    data: { target, kind: "plan_expired_digest", body: expiryDigestText(digest), payload, dedupeKey: `${prefix(run)}${part + 1}`, nextAttemptAt: new Date(now.getTime() + DIGEST_HOLD_MS) },
  });
}

/** The run is over: its digest may go out now. */
export async function releaseExpiryDigest(run: Date, now: Date): Promise<void> {
  await db().outboxMessage.updateMany({
    where: { dedupeKey: { startsWith: prefix(run) }, status: "PENDING", attempts: 0, nextAttemptAt: { gt: now } },
    data: { nextAttemptAt: now },
  });
}

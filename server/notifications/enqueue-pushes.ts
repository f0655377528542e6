// Writes the pushes of a change in the transaction of that change (beside its outbox rows): one
// row per device of each recipient who wants that kind of push. One INSERT … SELECT per audience
// plan, so a signal to thousands of subscribers costs one statement; the personal notes (plan
// expiry, payments) — thousands at once when plans lapse together — go in ONE statement for all.
import { Prisma, type TTx } from "../db/client";
import type { TOutboxMessage } from "./outbox";
import type { TUserNotification } from "./user-notifications";
import { pushPlansForOutbox, pushPlansForUserNotes, type TPushPlan } from "./push-rules";

const PREFERENCE = { notify_signals: Prisma.sql`u.notify_signals`, notify_trades: Prisma.sql`u.notify_trades`, notify_payments: Prisma.sql`u.notify_payments` };

export async function enqueuePushes(tx: TTx, plans: TPushPlan[]): Promise<number> {
  const personal = plans.flatMap((p) => ("userId" in p.who ? [{ ...p, userId: p.who.userId }] : []));
  let queued = await enqueuePersonalPushes(tx, personal);
  for (const p of plans) {
    if ("userId" in p.who) continue;
    queued += await tx.$executeRaw`
      INSERT INTO push_messages (user_id, token, kind, title, body, data, dedupe_key, next_attempt_at)
      SELECT d.user_id, d.token, ${p.kind}, ${p.title}, ${p.body}, ${JSON.stringify(p.data)}::jsonb, ${p.dedupeKey} || ':' || d.token, ${p.notBefore ?? new Date()}
      FROM push_devices d JOIN users u ON u.id = d.user_id
      WHERE u.is_active AND ${PREFERENCE[p.preference]} AND ${p.who}
      ON CONFLICT (dedupe_key) DO NOTHING`;
  }
  return queued;
}

/** Pushes to one user each, any number of them, in one statement (the rows travel as arrays). */
async function enqueuePersonalPushes(tx: TTx, plans: (TPushPlan & { userId: number })[]): Promise<number> {
  if (plans.length === 0) return 0;
  const now = new Date();
  const c = <T>(f: (p: TPushPlan & { userId: number }) => T) => plans.map(f);
  return tx.$executeRaw`
    INSERT INTO push_messages (user_id, token, kind, title, body, data, dedupe_key, next_attempt_at)
    SELECT d.user_id, d.token, x.kind, x.title, x.body, x.data::jsonb, x.dedupe_key || ':' || d.token, (x.not_before::timestamptz AT TIME ZONE 'UTC')
    FROM unnest(${c((p) => p.userId)}::int[], ${c((p) => p.kind)}::text[], ${c((p) => p.title)}::text[], ${c((p) => p.body)}::text[],
      ${c((p) => JSON.stringify(p.data))}::text[], ${c((p) => p.dedupeKey)}::text[], ${c((p) => (p.notBefore ?? now).toISOString())}::text[],
      ${c((p) => p.preference)}::text[])
      AS x(user_id, kind, title, body, data, dedupe_key, not_before, preference)
    JOIN users u ON u.id = x.user_id
    JOIN push_devices d ON d.user_id = u.id
    WHERE u.is_active AND CASE x.preference WHEN 'notify_signals' THEN u.notify_signals WHEN 'notify_trades' THEN u.notify_trades ELSE u.notify_payments END
    ON CONFLICT (dedupe_key) DO NOTHING`;
}

export const enqueueOutboxPushes = (tx: TTx, messages: TOutboxMessage[]) => enqueuePushes(tx, pushPlansForOutbox(messages));
export const enqueueUserNotePushes = (tx: TTx, notes: TUserNotification[]) => enqueuePushes(tx, pushPlansForUserNotes(notes));

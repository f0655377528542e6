// Writes the pushes of a change in the transaction of that change (beside its outbox rows): one
// row per device of each recipient who wants that kind of push. One INSERT … SELECT per plan, so a
// signal to thousands of subscribers costs one statement.
import { Prisma, type TTx } from "../db/client";
import type { TOutboxMessage } from "./outbox";
import type { TUserNotification } from "./user-notifications";
import { pushPlansForOutbox, pushPlansForUserNotes, type TPushPlan } from "./push-rules";

const PREFERENCE = { notify_signals: Prisma.sql`u.notify_signals`, notify_trades: Prisma.sql`u.notify_trades`, notify_payments: Prisma.sql`u.notify_payments` };

export async function enqueuePushes(tx: TTx, plans: TPushPlan[]): Promise<number> {
  let queued = 0;
  for (const p of plans) {
    queued += await tx.$executeRaw`
      INSERT INTO push_messages (user_id, token, kind, title, body, data, dedupe_key, next_attempt_at)
      SELECT d.user_id, d.token, ${p.kind}, ${p.title}, ${p.body}, ${JSON.stringify(p.data)}::jsonb, ${p.dedupeKey} || ':' || d.token, ${p.notBefore ?? new Date()}
      FROM push_devices d JOIN users u ON u.id = d.user_id
      WHERE u.is_active AND ${PREFERENCE[p.preference]} AND ${p.who}
      ON CONFLICT (dedupe_key) DO NOTHING`;
  }
  return queued;
}

export const enqueueOutboxPushes = (tx: TTx, messages: TOutboxMessage[]) => enqueuePushes(tx, pushPlansForOutbox(messages));
export const enqueueUserNotePushes = (tx: TTx, notes: TUserNotification[]) => enqueuePushes(tx, pushPlansForUserNotes(notes));

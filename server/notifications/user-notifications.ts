// A user's own notifications (plan activated, payment rejected, plan expired): written in the
// transaction of the change they describe, read by the app (GET /api/notifications/me).
import { db, type TTx } from "../db/client";
import { enqueueUserNotePushes } from "./enqueue-pushes";

export type TUserNotification = { userId: number; kind: string; title: string; body: string; dedupeKey: string };

/** Same dedupeKey → one notification, whatever retries or replays happen. */
export async function notifyUsers(tx: TTx, notes: TUserNotification[]): Promise<number> {
  if (notes.length === 0) return 0;
  await enqueueUserNotePushes(tx, notes);
  const { count } = await tx.userNotification.createMany({ data: notes, skipDuplicates: true });
  return count;
}

const SELECT = { id: true, kind: true, title: true, body: true, readAt: true, createdAt: true } as const;

export async function listMyNotifications(userId: number, options: { unreadOnly?: boolean; limit?: number } = {}) {
  const where = { userId, ...(options.unreadOnly ? { readAt: null } : {}) };
  const [rows, unread] = await Promise.all([
    db().userNotification.findMany({ where, orderBy: { id: "desc" }, take: options.limit ?? 50, select: SELECT }),
    db().userNotification.count({ where: { userId, readAt: null } }),
  ]);
  return {
    unread,
    notifications: rows.map((n) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      read_at: n.readAt?.toISOString() ?? null,
      created_at: n.createdAt.toISOString(),
    })),
  };
}

/** Marks the given notifications (or all) of the user read; answers how many changed. */
export async function markNotificationsRead(userId: number, ids?: number[]): Promise<{ marked: number }> {
  const { count } = await db().userNotification.updateMany({
    where: { userId, readAt: null, ...(ids ? { id: { in: ids } } : {}) },
    data: { readAt: new Date() },
  });
  return { marked: count };
}

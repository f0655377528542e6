// Renewal reminders 3 days and 1 day before a paid plan ends: a DM (when Telegram is linked) and
// an in-app notification, each once per plan period (keyed by the expiry, which a renewal moves).
import { db } from "../db/client";
import { enqueueBotCalls } from "../notifications/outbox";
import { notifyUsers } from "../notifications/user-notifications";
import { dm } from "./bot-calls";
import { reminderText } from "./messages";

const DAY = 86_400_000;

export async function sendExpiryReminders(now = new Date()): Promise<{ reminded: number }> {
  const due = await db().user.findMany({
    where: { plan: { not: "TRIAL" }, isActive: true, planExpiresAt: { gt: now, lte: new Date(now.getTime() + 3 * DAY) } },
    select: { id: true, telegramUserId: true, planExpiresAt: true },
  });
  let reminded = 0;
  for (let i = 0; i < due.length; i += 500) {
    const batch = due.slice(i, i + 500).map((u) => {
      const expiresAt = u.planExpiresAt!;
      const days = expiresAt.getTime() - now.getTime() <= DAY ? (1 as const) : (3 as const);
      return { ...u, expiresAt, days, key: `plan-reminder:${days}d:${u.id}:${expiresAt.toISOString()}` };
    });
    reminded += await db().$transaction(async (tx) => {
      const fresh = await notifyUsers(
        tx,
        batch.map((u) => ({ userId: u.id, kind: "plan_reminder", title: u.days === 1 ? "Your plan ends tomorrow" : "Your plan ends in 3 days", body: reminderText(u.days, u.expiresAt), dedupeKey: u.key })),
      );
      await enqueueBotCalls(tx, batch.flatMap((u) => (u.telegramUserId ? [dm(u.telegramUserId, "plan_reminder", reminderText(u.days, u.expiresAt), u.key)] : [])));
      return fresh;
    });
  }
  return { reminded };
}

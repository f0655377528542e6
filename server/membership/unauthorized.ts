// The admin's view of the VIP group: who is in it without an active paid plan (unlinked
// accounts included), and the one action on them — remove (ban then unban, through the outbox).
import { z } from "zod";
import { db } from "../db/client";
import { env } from "../env";
import { AppError } from "../errors";
import { enqueueBotCalls } from "../notifications/outbox";
import { REMOVAL_KIND, memberQueue, removalCalls } from "./bot-calls";

type TRow = {
  telegram_user_id: bigint;
  telegram_username: string | null;
  status: string;
  seen_at: Date;
  user_id: number | null;
  username: string | null;
  plan: string | null;
  plan_expires_at: Date | null;
  removal_error: string | null;
};

/** The statuses the bot can remove from a group (an owner or admin it cannot ban). */
export const REMOVABLE_STATUSES = ["member", "restricted"];

/** Members of the VIP group without an active paid plan (one of them when `only` is given). */
async function unauthorizedRows(chatId: string, now: Date, only: bigint | null): Promise<TRow[]> {
  return db().$queryRaw<TRow[]>`
    SELECT m.telegram_user_id, COALESCE(m.username, u.telegram_username) AS telegram_username, m.status, m.updated_at AS seen_at,
           u.id AS user_id, u.username, u.plan::text AS plan, u.plan_expires_at,
           (SELECT o.last_error FROM outbox_messages o
             WHERE o.target = 'member:' || m.telegram_user_id::text AND o.kind = ${REMOVAL_KIND} AND o.last_error IS NOT NULL
             ORDER BY o.id DESC LIMIT 1) AS removal_error
    FROM telegram_group_members m LEFT JOIN users u ON u.telegram_user_id = m.telegram_user_id
    WHERE m.chat_id = ${chatId} AND m.status = ANY(${REMOVABLE_STATUSES}::text[])
      AND (u.id IS NULL OR u.plan = 'TRIAL' OR u.plan_expires_at <= ${now})
      AND (${only}::bigint IS NULL OR m.telegram_user_id = ${only}::bigint)
    ORDER BY m.updated_at, m.telegram_user_id`;
}

export async function listUnauthorizedMembers(now = new Date()) {
  const chatId = env().VIP_CHAT_ID;
  if (!chatId) return { chat_id: null, members: [] };
  const rows = await unauthorizedRows(chatId, now, null);
  return {
    chat_id: chatId,
    members: rows.map((r) => ({
      telegram_user_id: String(r.telegram_user_id),
      telegram_username: r.telegram_username,
      status: r.status,
      seen_at: r.seen_at.toISOString(),
      user: r.user_id === null ? null : { id: r.user_id, username: r.username, plan: r.plan, plan_expires_at: r.plan_expires_at?.toISOString() ?? null },
      removal_error: r.removal_error,
    })),
  };
}

export const ZRemoveMemberInput = z.strictObject({
  telegram_user_id: z.union([z.string().regex(/^\d{1,19}$/, "must be a Telegram user id"), z.number().int().positive()], { error: "must be a Telegram user id" }),
});

/** Queues the removal of one listed member; asking again for the same sighting queues nothing more. */
export async function removeUnauthorizedMember(actorId: number, input: unknown): Promise<{ queued: boolean }> {
  const { telegram_user_id } = ZRemoveMemberInput.parse(input);
  const chatId = env().VIP_CHAT_ID;
  if (!chatId) throw new AppError("SERVICE_UNAVAILABLE", "The VIP group is not configured (VIP_CHAT_ID)");
  const tg = BigInt(telegram_user_id);
  const [listed] = await unauthorizedRows(chatId, new Date(), tg);
  if (!listed) throw new AppError("NOT_FOUND", "No unauthorized member with this Telegram user id", { field: "telegram_user_id" });
  return db().$transaction(async (tx) => {
    const queued = await enqueueBotCalls(tx, removalCalls(chatId, tg, `admin-remove:${memberQueue(tg)}:${listed.seen_at.toISOString()}`));
    if (queued > 0) await tx.auditEvent.create({ data: { actorId, action: "membership.remove", target: `telegram:${String(tg)}`, details: { chat_id: chatId } } });
    return { queued: queued > 0 };
  });
}

// Nightly: ask Telegram (getChatMember, through the outbox and its limits) about everyone who
// should be in the VIP group, who left it lately, or whom we last saw in it — so missed
// chat_member updates are repaired and the unauthorized list is true.
import { db } from "../db/client";
import { env } from "../env";
import { enqueueBotCalls, type TBotCall } from "../notifications/outbox";
import { memberQueue } from "./bot-calls";

const RECENT_MS = 7 * 86_400_000;

export async function reconcileVipMembers(now = new Date()): Promise<{ checks: number }> {
  const chatId = env().VIP_CHAT_ID;
  if (!chatId) return { checks: 0 };
  const rows = await db().$queryRaw<{ telegram_user_id: bigint }[]>`
    SELECT telegram_user_id FROM users
    WHERE telegram_user_id IS NOT NULL
      AND ((plan <> 'TRIAL' AND (plan_expires_at IS NULL OR plan_expires_at > ${now})) OR vip_revoked_at > ${new Date(now.getTime() - RECENT_MS)})
    UNION
    SELECT telegram_user_id FROM telegram_group_members
    WHERE chat_id = ${chatId} AND status IN ('creator', 'administrator', 'member', 'restricted')`;
  const day = now.toISOString().slice(0, 10);
  const calls: TBotCall[] = rows.map((r) => ({
    target: memberQueue(r.telegram_user_id),
    method: "getChatMember",
    params: { chat_id: Number(chatId), user_id: Number(r.telegram_user_id) },
    kind: "member_check",
    dedupeKey: `reconcile:${chatId}:${day}:${r.telegram_user_id}`,
  }));
  let checks = 0;
  for (let i = 0; i < calls.length; i += 1000) checks += await db().$transaction((tx) => enqueueBotCalls(tx, calls.slice(i, i + 1000)));
  return { checks };
}

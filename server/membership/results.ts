// What a delivered Bot API call tells us, recorded before its outbox row counts as sent: the
// group's invite link, and members' status after our own actions or a reconcile check.
import { z } from "zod";
import { db } from "../db/client";
import { recordMemberStatus } from "./updates";

const ZIds = z.object({ chat_id: z.coerce.string(), user_id: z.coerce.number() });
const STATUS_AFTER: Record<string, string> = { approveChatJoinRequest: "member", banChatMember: "kicked", unbanChatMember: "left" };

export async function recordBotCallResult(row: { method: string; params: Record<string, unknown> }, result: unknown, now = new Date()): Promise<void> {
  if (row.method === "createChatInviteLink") {
    const { invite_link } = z.object({ invite_link: z.string() }).parse(result);
    const chatId = String(row.params.chat_id);
    await db().telegramInviteLink.createMany({ data: [{ chatId, inviteLink: invite_link }], skipDuplicates: true });
    return;
  }
  if (row.method === "getChatMember") {
    const member = z.object({ status: z.string(), user: z.object({ id: z.number(), username: z.string().optional() }) }).parse(result);
    await recordMemberStatus(String(row.params.chat_id), member.user, member.status, now);
    return;
  }
  const status = STATUS_AFTER[row.method];
  if (status) {
    const ids = ZIds.parse(row.params);
    await recordMemberStatus(ids.chat_id, { id: ids.user_id }, status, now);
  }
}

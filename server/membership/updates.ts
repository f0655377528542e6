// The Telegram updates membership acts on, from the webhook or long polling alike: `/start
// <token>` in a private chat, join requests to the VIP and TRIAL groups, and members' status
// changes there. Each answer is an outbox row keyed by the update, so a redelivered update
// (Telegram retries webhooks) acts once.
import { z } from "zod";
import { db } from "../db/client";
import { env } from "../env";
import { announceChange } from "../live-updates/live-updates";
import { enqueueBotCalls } from "../notifications/outbox";
import { isEntitled } from "./access";
import { dm, memberQueue } from "./bot-calls";
import { joinDeclinedText, startWithoutTokenText } from "./messages";
import { redeemTelegramLink } from "./link-telegram";

const ZUser = z.object({ id: z.number(), is_bot: z.boolean().optional(), username: z.string().optional() });
const ZChat = z.object({ id: z.number(), type: z.string() });

export const ZMembershipUpdate = z.object({
  update_id: z.number(),
  message: z.object({ chat: ZChat, from: ZUser.optional(), text: z.string().optional() }).optional(),
  chat_join_request: z.object({ chat: ZChat, from: ZUser, user_chat_id: z.number(), date: z.number() }).optional(),
  chat_member: z
    .object({ chat: ZChat, date: z.number(), new_chat_member: z.object({ status: z.string(), user: ZUser }) })
    .optional(),
});
export type TMembershipUpdate = z.infer<typeof ZMembershipUpdate>;

const START_RE = /^\/start(?:@\w+)?(?:\s+([A-Za-z0-9_-]{1,64}))?\s*$/;

/** Acts on one update; true when it queued Bot API calls (an answer, an approval) to deliver. */
export async function handleMembershipUpdate(raw: unknown): Promise<boolean> {
  const update = ZMembershipUpdate.parse(raw);
  let queued = false;
  if (update.message) queued = await onPrivateMessage(update.update_id, update.message);
  if (update.chat_join_request) queued = (await onJoinRequest(update.chat_join_request)) || queued;
  if (update.chat_member) {
    const m = update.chat_member;
    await recordMemberStatus(String(m.chat.id), m.new_chat_member.user, m.new_chat_member.status, new Date(m.date * 1000));
  }
  return queued;
}

async function onPrivateMessage(updateId: number, message: NonNullable<TMembershipUpdate["message"]>): Promise<boolean> {
  const match = START_RE.exec(message.text ?? "");
  if (message.chat.type !== "private" || !message.from || !match) return false;
  const token = match[1];
  if (token) {
    await redeemTelegramLink(message.from, token, updateId);
    return true;
  }
  await db().$transaction((tx) => enqueueBotCalls(tx, [dm(message.from!.id, "telegram_start", startWithoutTokenText(), `tg-start:${updateId}:${message.from!.id}`)]));
  return true;
}

type TJoinRequest = NonNullable<TMembershipUpdate["chat_join_request"]>;

/** VIP: linked and entitled → approved. TRIAL: linked → approved. Anyone else: declined, told how. */
async function onJoinRequest(request: TJoinRequest): Promise<boolean> {
  const chatId = String(request.chat.id);
  const { VIP_CHAT_ID, TRIAL_CHAT_ID } = env();
  if (chatId !== VIP_CHAT_ID && chatId !== TRIAL_CHAT_ID) return false;
  const user = await db().user.findUnique({ where: { telegramUserId: BigInt(request.from.id) }, select: { plan: true, planExpiresAt: true, isActive: true } });
  const allowed = !!user && user.isActive && (chatId === TRIAL_CHAT_ID || isEntitled(user));
  const key = `join:${chatId}:${request.from.id}:${request.date}`;
  const ids = { chat_id: request.chat.id, user_id: request.from.id };
  const target = memberQueue(request.from.id);
  await db().$transaction((tx) =>
    enqueueBotCalls(
      tx,
      allowed
        ? [{ target, method: "approveChatJoinRequest", params: ids, kind: "join_approve", dedupeKey: `${key}:approve` }]
        : [
            { target, method: "declineChatJoinRequest", params: ids, kind: "join_decline", dedupeKey: `${key}:decline` },
            // user_chat_id: a bot may write to a join requester for 5 minutes, started or not.
            dm(request.user_chat_id, "join_declined", joinDeclinedText(!!user), `${key}:dm`),
          ],
    ),
  );
  return true;
}

/** A member's status in a group as of `at`; an older report never overwrites a newer one. */
export async function recordMemberStatus(chatId: string, user: { id: number; username?: string | undefined }, status: string, at: Date): Promise<void> {
  const { VIP_CHAT_ID, TRIAL_CHAT_ID } = env();
  if (chatId !== VIP_CHAT_ID && chatId !== TRIAL_CHAT_ID) return;
  const changed = await db().$executeRaw`
    INSERT INTO telegram_group_members (chat_id, telegram_user_id, username, status, updated_at)
    VALUES (${chatId}, ${BigInt(user.id)}, ${user.username ?? null}, ${status}, ${at})
    ON CONFLICT (chat_id, telegram_user_id) DO UPDATE
    SET status = EXCLUDED.status, username = COALESCE(EXCLUDED.username, telegram_group_members.username), updated_at = EXCLUDED.updated_at
    WHERE telegram_group_members.updated_at <= EXCLUDED.updated_at`;
  if (changed > 0) await announceChange("membership");
}

export const IN_GROUP = ["creator", "administrator", "member", "restricted"] as const;

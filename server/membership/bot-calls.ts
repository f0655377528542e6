// The Bot API calls of membership, as outbox rows. Calls about one Telegram user share a queue
// (`member:<id>`, so a ban always precedes its unban); messages to them go to their private chat.
import type { TBotCall } from "../notifications/outbox";

export const REMOVAL_KIND = "vip_remove";

export const dm = (telegramUserId: bigint | number | string, kind: string, text: string, dedupeKey: string): TBotCall => ({
  target: String(telegramUserId),
  method: "sendMessage",
  params: { chat_id: Number(telegramUserId), text, parse_mode: "HTML", link_preview_options: { is_disabled: true } },
  kind,
  dedupeKey,
});

export const memberQueue = (telegramUserId: bigint | number | string) => `member:${String(telegramUserId)}`;

/** Ban then unban: out of the group now, free to come back through a join request after paying. */
export function removalCalls(chatId: string, telegramUserId: bigint | number | string, dedupeKey: string): TBotCall[] {
  const base = { target: memberQueue(telegramUserId), kind: REMOVAL_KIND };
  const ids = { chat_id: Number(chatId), user_id: Number(telegramUserId) };
  return [
    { ...base, method: "banChatMember", params: ids, dedupeKey: `${dedupeKey}:ban` },
    { ...base, method: "unbanChatMember", params: { ...ids, only_if_banned: true }, dedupeKey: `${dedupeKey}:unban` },
  ];
}

const INVITE_LINK_KIND = "invite_link";

/**
 * The link call's own queue: it is a call about the group, not a message to it, so it neither waits
 * behind the group's posts (which Telegram paces at 20 a minute) nor counts against them.
 */
export const inviteLinkQueue = (chatId: string) => `invite-link:${chatId}`;

export function inviteLinkCall(chatId: string, now: Date): TBotCall {
  return {
    target: inviteLinkQueue(chatId),
    method: "createChatInviteLink",
    params: { chat_id: Number(chatId), creates_join_request: true, name: "Verzek members" },
    kind: INVITE_LINK_KIND,
    // One attempt an hour at most: a refusal (bot not admin yet) is tried again the next hour.
    dedupeKey: `invite-link:${chatId}:${now.toISOString().slice(0, 13)}`,
  };
}

// The groups' join-request invite links: made once through the outbox (createChatInviteLink),
// stored, and written into messages at delivery time.
import { db } from "../db/client";
import { enqueueBotCalls } from "../notifications/outbox";
import { nudgeOutbox } from "../notifications/nudge-outbox";
import { inviteLinkCall } from "./bot-calls";
import { INVITE_PLACEHOLDER_RE } from "./messages";

/** The stored link, or null after queueing its creation (once an hour at most). */
export async function findInviteLink(chatId: string, now = new Date()): Promise<string | null> {
  const row = await db().telegramInviteLink.findUnique({ where: { chatId }, select: { inviteLink: true } });
  if (row) return row.inviteLink;
  const queued = await db().$transaction((tx) => enqueueBotCalls(tx, [inviteLinkCall(chatId, now)]));
  if (queued > 0) await nudgeOutbox(); // made now, so the app and the DMs waiting for it get it soon
  return null;
}

/** Fills the invite-link placeholders; null while a link is still being made. */
export async function fillInviteLinks(text: string): Promise<string | null> {
  const chats = [...new Set([...text.matchAll(INVITE_PLACEHOLDER_RE)].map((m) => m[1]!))];
  let filled = text;
  for (const chatId of chats) {
    const link = await findInviteLink(chatId);
    if (!link) return null;
    filled = filled.replaceAll(`{{invite_link:${chatId}}}`, link);
  }
  return filled;
}

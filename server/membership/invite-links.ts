// The groups' join-request invite links: made once through the outbox (createChatInviteLink),
// stored, and written into messages at delivery time.
import { db } from "../db/client";
import { enqueueBotCalls } from "../notifications/outbox";
import { nudgeOutbox } from "../notifications/nudge-outbox";
import { inviteLinkCall, inviteLinkQueue } from "./bot-calls";
import { INVITE_PLACEHOLDER_RE } from "./messages";

/** The stored link, or null after queueing its creation (once an hour at most). */
export async function findInviteLink(chatId: string, now = new Date()): Promise<string | null> {
  const row = await db().telegramInviteLink.findUnique({ where: { chatId }, select: { inviteLink: true } });
  if (row) return row.inviteLink;
  const queued = await db().$transaction((tx) => enqueueBotCalls(tx, [inviteLinkCall(chatId, now)]));
  if (queued > 0 || (await hastenLinkCall(chatId, now))) await nudgeOutbox(); // the app and the DMs waiting for it get it soon
  return null;
}

/** While messages wait for a link, its call is tried at least this often. */
const LINK_WAIT_RETRY_MS = 10_000;

/**
 * A link call backing off after Telegram was unreachable (up to 5 minutes between attempts) is
 * brought forward while somebody waits for the link: a new VIP member's invite should not sit out a
 * backoff that began before they paid. Bounded, so a thousand waiting DMs still mean one attempt
 * every few seconds, not a thousand.
 */
async function hastenLinkCall(chatId: string, now: Date): Promise<boolean> {
  const soon = new Date(now.getTime() + LINK_WAIT_RETRY_MS);
  const { count } = await db().outboxMessage.updateMany({
    where: { target: inviteLinkQueue(chatId), status: "PENDING", nextAttemptAt: { gt: soon } },
    data: { nextAttemptAt: soon },
  });
  return count > 0;
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

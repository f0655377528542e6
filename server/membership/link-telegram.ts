// "Connect Telegram": a one-time deep link to the bot (random token, 15 minutes, stored only as
// its SHA-256), redeemed by `/start <token>` in a private chat. One Telegram account per user:
// redeeming moves the Telegram account here from any other user.
import { createHash, randomBytes } from "node:crypto";
import { db } from "../db/client";
import { env } from "../env";
import { AppError } from "../errors";
import { enqueueBotCalls, type TBotCall } from "../notifications/outbox";
import { isEntitled, syncVipAccess } from "./access";
import { dm, removalCalls } from "./bot-calls";
import { linkedText, linkRefusedText, unlinkedText } from "./messages";

export const LINK_TOKEN_TTL_MS = 15 * 60_000;
const hash = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createTelegramLink(userId: number, now = new Date()): Promise<{ url: string; token: string; expires_at: string }> {
  const bot = env().TELEGRAM_BOT_USERNAME;
  if (!bot) throw new AppError("SERVICE_UNAVAILABLE", "Telegram linking is not configured (TELEGRAM_BOT_USERNAME)");
  // 24 bytes → 32 base64url characters: within /start's 64 characters of [A-Za-z0-9_-].
  const token = randomBytes(24).toString("base64url");
  const expiresAt = new Date(now.getTime() + LINK_TOKEN_TTL_MS);
  await db().$transaction(async (tx) => {
    // A new link replaces the user's earlier unused ones.
    await tx.telegramLinkToken.updateMany({ where: { userId, usedAt: null }, data: { expiresAt: now } });
    await tx.telegramLinkToken.create({ data: { tokenHash: hash(token), userId, expiresAt } });
  });
  return { url: `https://t.me/${bot}?start=${token}`, token, expires_at: expiresAt.toISOString() };
}

export type TTelegramFrom = { id: number; username?: string | undefined };
export type TLinkOutcome = { linked: true; userId: number } | { linked: false; reason: "expired" | "used" | "unknown" };

/** `/start <token>` from a private chat; the answer is queued as a DM in the same transaction. */
export async function redeemTelegramLink(from: TTelegramFrom, token: string, updateId: number, now = new Date()): Promise<TLinkOutcome> {
  const tokenHash = hash(token);
  return db().$transaction(async (tx) => {
    const claimed = await tx.telegramLinkToken.updateMany({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    const replyKey = `tg-start:${updateId}:${from.id}`;
    if (claimed.count === 0) {
      const row = await tx.telegramLinkToken.findUnique({ where: { tokenHash }, select: { usedAt: true } });
      const reason = !row ? "unknown" : row.usedAt ? "used" : "expired";
      await enqueueBotCalls(tx, [dm(from.id, "telegram_link_refused", linkRefusedText(reason), replyKey)]);
      return { linked: false, reason };
    }
    const { userId } = await tx.telegramLinkToken.findUniqueOrThrow({ where: { tokenHash }, select: { userId: true } });
    await syncVipAccess(tx, [userId], now); // before the link: the answer below carries the invite
    const previous = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { telegramUserId: true } });
    const moved = await tx.user.updateMany({ where: { telegramUserId: BigInt(from.id), id: { not: userId } }, data: { telegramUserId: null, telegramUsername: null } });
    const user = await tx.user.update({
      where: { id: userId },
      data: { telegramUserId: BigInt(from.id), telegramUsername: from.username ?? null },
      select: { username: true, plan: true, planExpiresAt: true },
    });
    const { VIP_CHAT_ID, TRIAL_CHAT_ID } = env();
    const entitled = isEntitled(user, now);
    const group = entitled && VIP_CHAT_ID ? ({ kind: "vip", chatId: VIP_CHAT_ID } as const) : TRIAL_CHAT_ID ? ({ kind: "trial", chatId: TRIAL_CHAT_ID } as const) : null;
    const calls = [dm(from.id, "telegram_linked", linkedText(user.username, group), replyKey)];
    if (VIP_CHAT_ID) calls.push(...relinkRemovals(VIP_CHAT_ID, { previous: previous.telegramUserId, current: BigInt(from.id), entitled, moved: moved.count > 0 }, user.username, updateId));
    await enqueueBotCalls(tx, calls);
    return { linked: true, userId };
  });
}

/**
 * The VIP group follows the account, not the Telegram id: after a paying user relinks, the Telegram
 * account they had before no longer belongs to a paying account, so it leaves the group (ban then unban,
 * queued after any approval still waiting on its queue, so a pending approval is undone too) and
 * is told why. An account that moved here from another user leaves the group too when its new
 * owner is not entitled.
 */
function relinkRemovals(vipChatId: string, ids: { previous: bigint | null; current: bigint; entitled: boolean; moved: boolean }, username: string, updateId: number): TBotCall[] {
  const calls: TBotCall[] = [];
  if (ids.entitled && ids.previous !== null && ids.previous !== ids.current) {
    const key = `relink:${updateId}:${ids.previous}`;
    calls.push(...removalCalls(vipChatId, ids.previous, key), dm(ids.previous, "telegram_unlinked", unlinkedText(username), `${key}:dm`));
  }
  if (ids.moved && !ids.entitled) calls.push(...removalCalls(vipChatId, ids.current, `relink:${updateId}:${ids.current}`));
  return calls;
}

// GET /api/membership/me: is Telegram linked, and the user's group — VIP while entitled, else
// TRIAL — with its invite link and whether they are in it.
import { db } from "../db/client";
import { env } from "../env";
import { isEntitled } from "./access";
import { findInviteLink } from "./invite-links";
import { IN_GROUP } from "./updates";

type TGroup = { entitled: boolean; member: boolean; invite_link: string | null };

export async function getMyMembership(userId: number, now = new Date()) {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId }, select: { telegramUserId: true, telegramUsername: true, plan: true, planExpiresAt: true } });
  const { VIP_CHAT_ID, TRIAL_CHAT_ID } = env();
  const entitled = isEntitled(user, now);
  const group = async (chatId: string | undefined, allowed: boolean): Promise<TGroup | null> => {
    if (!chatId) return null;
    const row = user.telegramUserId
      ? await db().telegramGroupMember.findUnique({ where: { chatId_telegramUserId: { chatId, telegramUserId: user.telegramUserId } }, select: { status: true } })
      : null;
    return {
      entitled: allowed,
      member: !!row && (IN_GROUP as readonly string[]).includes(row.status),
      invite_link: allowed ? await findInviteLink(chatId, now) : null,
    };
  };
  return {
    telegram_linked: user.telegramUserId !== null,
    telegram_username: user.telegramUsername,
    vip_group: await group(VIP_CHAT_ID, entitled),
    trial_group: await group(TRIAL_CHAT_ID, !entitled),
  };
}

// One user's VIP membership for the admin's user page: the linked Telegram account, where it stands
// in the groups, the last invite and the last removal (with Telegram's refusal, if any) — and the
// two actions on it: re-send the invite, remove from the group (the unauthorized list's removal).
import { db } from "../db/client";
import { env } from "../env";
import { AppError } from "../errors";
import { enqueueBotCalls } from "../notifications/outbox";
import { nudgeOutbox } from "../notifications/nudge-outbox";
import { isEntitled } from "./access";
import { dm, memberQueue, REMOVAL_KIND } from "./bot-calls";
import { inviteLinkPlaceholder, vipGrantedText } from "./messages";
import { removeUnauthorizedMember, REMOVABLE_STATUSES } from "./unauthorized";
import { IN_GROUP } from "./updates";

export const REINVITE_KIND = "vip_reinvite";

type TCallRow = { status: string; created_at: Date; sent_at: Date | null; last_error: string | null; kind: string };
const callDto = (r: TCallRow | undefined) =>
  r ? { kind: r.kind, status: r.status, queued_at: r.created_at.toISOString(), sent_at: r.sent_at?.toISOString() ?? null, error: r.last_error } : null;

async function findUser(userId: number) {
  const user = await db().user.findUnique({
    where: { id: userId },
    select: { id: true, username: true, plan: true, planExpiresAt: true, isActive: true, telegramUserId: true, telegramUsername: true, vipGrantedAt: true, vipRevokedAt: true },
  });
  if (!user) throw new AppError("NOT_FOUND", "No user with this id", { field: "id" });
  return user;
}

async function groupStatus(chatId: string | undefined, telegramUserId: bigint) {
  if (!chatId) return null;
  const row = await db().telegramGroupMember.findUnique({ where: { chatId_telegramUserId: { chatId, telegramUserId } }, select: { status: true, updatedAt: true } });
  return { status: row?.status ?? null, seen_at: row?.updatedAt.toISOString() ?? null };
}

/**
 * Where the user stands with the VIP group, decided here so the page only renders it:
 * - not_configured: no VIP_CHAT_ID; not_linked: no Telegram account connected;
 * - in_group: in the group with a plan that entitles them; entitled_not_in_group: entitled, but
 *   left, removed or never seen there;
 * - unauthorized: in the group without an active paid plan — exactly whom the unauthorized list
 *   shows and the removal acts on;
 * - group_admin_without_plan: an owner or admin of the group without a paid plan (the bot cannot ban them);
 * - not_in_group: no paid plan and not in the group (the nightly reconcile checks again).
 */
export type TVipState = "not_configured" | "not_linked" | "in_group" | "entitled_not_in_group" | "unauthorized" | "group_admin_without_plan" | "not_in_group";

/** The pure decision, from the plan rule and the member status the bot last saw. */
export function vipStateOf(input: { configured: boolean; linked: boolean; entitled: boolean; status: string | null }): TVipState {
  if (!input.configured) return "not_configured";
  if (!input.linked) return "not_linked";
  const status = input.status;
  const inGroup = status !== null && (IN_GROUP as readonly string[]).includes(status);
  if (input.entitled) return inGroup ? "in_group" : "entitled_not_in_group";
  if (!inGroup) return "not_in_group";
  return REMOVABLE_STATUSES.includes(status) ? "unauthorized" : "group_admin_without_plan";
}

export async function getUserMembership(userId: number, now = new Date()) {
  const user = await findUser(userId);
  const { VIP_CHAT_ID, TRIAL_CHAT_ID } = env();
  const entitled = isEntitled(user, now);
  const tg = user.telegramUserId;
  const vipGroup = tg === null ? null : await groupStatus(VIP_CHAT_ID, tg);
  const vipState = vipStateOf({ configured: !!VIP_CHAT_ID, linked: tg !== null, entitled, status: vipGroup?.status ?? null });
  const base = {
    user_id: user.id,
    entitled,
    vip_configured: !!VIP_CHAT_ID,
    vip_state: vipState,
    in_group: vipState === "in_group" || vipState === "unauthorized" || vipState === "group_admin_without_plan",
    unauthorized: vipState === "unauthorized",
    /** What resendVipInvite and removeUserFromVip accept, so the page offers only those. */
    can_reinvite: !!VIP_CHAT_ID && tg !== null && user.isActive && entitled,
    can_remove: vipState === "unauthorized",
    vip_granted_at: user.vipGrantedAt?.toISOString() ?? null,
    vip_revoked_at: user.vipRevokedAt?.toISOString() ?? null,
  };
  if (tg === null) return { ...base, telegram: null, vip_group: null, trial_group: null, last_invite: null, last_removal: null };
  // The invite is in the grant DM, an admin's re-send, or the linking answer of an entitled user.
  const vipLink = VIP_CHAT_ID ? `%${inviteLinkPlaceholder(VIP_CHAT_ID)}%` : "";
  const [invite] = await db().$queryRaw<TCallRow[]>`
    SELECT status::text, created_at, sent_at, last_error, kind FROM outbox_messages
    WHERE target = ${String(tg)} AND kind IN ('vip_granted', ${REINVITE_KIND}, 'telegram_linked') AND params->>'text' LIKE ${vipLink}
    ORDER BY id DESC LIMIT 1`;
  // A removal is a ban then an unban: it stands where the first of the two not yet sent stands.
  const [unban, ban] = await db().$queryRaw<TCallRow[]>`
    SELECT status::text, created_at, sent_at, last_error, kind FROM outbox_messages
    WHERE target = ${memberQueue(tg)} AND kind = ${REMOVAL_KIND}
    ORDER BY id DESC LIMIT 2`;
  const removal = ban && ban.status !== "SENT" ? ban : unban;
  return {
    ...base,
    telegram: { user_id: String(tg), username: user.telegramUsername },
    vip_group: vipGroup,
    trial_group: await groupStatus(TRIAL_CHAT_ID, tg),
    last_invite: callDto(invite),
    last_removal: callDto(removal),
  };
}

/** DMs the VIP invite again (lost, or the link was never opened). */
export async function resendVipInvite(actorId: number, userId: number, now = new Date()): Promise<{ queued: boolean }> {
  const user = await findUser(userId);
  const vip = env().VIP_CHAT_ID;
  if (!vip) throw new AppError("SERVICE_UNAVAILABLE", "The VIP group is not configured (VIP_CHAT_ID)");
  if (user.telegramUserId === null) throw new AppError("CONFLICT", "This user has not connected Telegram: there is nobody to invite");
  if (!user.isActive || !isEntitled(user, now)) throw new AppError("CONFLICT", "This user has no active VIP or PREMIUM plan: the bot would decline their join request");
  const tg = user.telegramUserId;
  // One re-send a minute at most, whatever double clicks happen.
  const key = `admin-reinvite:${user.id}:${now.toISOString().slice(0, 16)}`;
  const queued = await db().$transaction(async (tx) => {
    const n = await enqueueBotCalls(tx, [dm(tg, REINVITE_KIND, vipGrantedText(vip), key)]);
    if (n > 0) await tx.auditEvent.create({ data: { actorId, action: "membership.reinvite", target: `user:${user.id}`, details: { telegram_user_id: String(tg) } } });
    return n > 0;
  });
  if (queued) await nudgeOutbox();
  return { queued };
}

/** Removes the user's Telegram account from the VIP group: only when their plan no longer entitles them. */
export async function removeUserFromVip(actorId: number, userId: number, now = new Date()): Promise<{ queued: boolean }> {
  const user = await findUser(userId);
  if (user.telegramUserId === null) throw new AppError("CONFLICT", "This user has not connected Telegram");
  if (isEntitled(user, now)) {
    throw new AppError("CONFLICT", "This user's plan entitles them to the VIP group: end the plan (set TRIAL) and the bot removes them");
  }
  const result = await removeUnauthorizedMember(actorId, { telegram_user_id: String(user.telegramUserId) });
  if (result.queued) await nudgeOutbox();
  return result;
}

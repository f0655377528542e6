// What the bot says in private chats (HTML parse mode). Invite links are written as placeholders
// and filled in at delivery (deliver-telegram.ts), so a message can be queued before the group's
// link exists.
import { env } from "../env";
import { escapeHtml } from "../telegram/format";

export const inviteLinkPlaceholder = (chatId: string) => `{{invite_link:${chatId}}}`;
export const INVITE_PLACEHOLDER_RE = /\{\{invite_link:(-?\d+|@\w+)\}\}/g;

const payUrl = () => `${env().APP_URL.replace(/\/$/, "")}/pay`;

export function linkedText(username: string, groupLink: { kind: "vip" | "trial"; chatId: string } | null): string {
  const lines = [`✅ Telegram connected to your Verzek account <b>${escapeHtml(username)}</b>.`];
  if (groupLink?.kind === "vip") lines.push("", `💎 Join the VIP group: ${inviteLinkPlaceholder(groupLink.chatId)}`);
  if (groupLink?.kind === "trial") lines.push("", `Join the TRIAL group: ${inviteLinkPlaceholder(groupLink.chatId)}`, `Upgrade for the VIP group: ${payUrl()}`);
  return lines.join("\n");
}

export function linkRefusedText(reason: "expired" | "used" | "unknown"): string {
  const why = { expired: "This link has expired.", used: "This link was already used.", unknown: "This link is not valid." }[reason];
  return `${why} Open the Verzek app → Connect Telegram to get a new one.`;
}

export function unlinkedText(username: string): string {
  return `This Telegram account is no longer connected to the Verzek account <b>${escapeHtml(username)}</b> (another Telegram account was connected), so it has left the VIP group.`;
}

export const startWithoutTokenText = () => "To connect this Telegram account, open the Verzek app → Connect Telegram.";

export function vipGrantedText(chatId: string): string {
  return [`💎 Your VIP plan is active.`, ``, `Join the VIP group: ${inviteLinkPlaceholder(chatId)}`, `(the bot approves your request)`].join("\n");
}


export function joinDeclinedText(linked: boolean): string {
  return linked
    ? `The VIP group is for VIP and PREMIUM members. Subscribe here: ${payUrl()} — then ask to join again.`
    : `To join, connect this Telegram account to your Verzek account (app → Connect Telegram) and subscribe: ${payUrl()}`;
}

export function vipLapsedText(): string {
  return `⌛ Your VIP plan has ended, so you were removed from the VIP group. Renew here: ${payUrl()} — you get the invite again right away.`;
}

export function reminderText(days: 1 | 3, expiresAt: Date): string {
  const when = days === 1 ? "tomorrow" : "in 3 days";
  return `⏰ Your plan ends ${when} (${expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC). Renew to stay in the VIP group: ${payUrl()}`;
}

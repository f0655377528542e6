// Texts of the payment announcements (Telegram HTML) and of the user's own notifications.
// Everything that comes from users (usernames, emails, reasons) is escaped.
import { escapeHtml } from "../telegram/format";

/** "2026-12-25 08:16 UTC" */
export const utcMinute = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

export function vipActivatedText(p: { username: string; plan: string; validTill: Date }): string {
  return [`🎉 New VIP Activated!`, `👤 User: ${escapeHtml(p.username)}`, `💎 Plan: ${p.plan}`, `⏳ Valid Till: ${utcMinute(p.validTill)}`].join("\n");
}

export function adminActivatedText(p: { username: string; email: string; plan: string; validTill: Date; paidAmount: string; txHash: string; manual: boolean }): string {
  return [
    vipActivatedText(p),
    `📧 ${escapeHtml(p.email)}`,
    `💵 Paid: ${p.paidAmount} USDT (TRC-20)${p.manual ? " · confirmed by an admin" : ""}`,
    `🔗 <code>${p.txHash}</code>`,
  ].join("\n");
}

export function partnerReferralText(p: { partnerName: string; referralCode: string; username: string; plan: string; credit: string }): string {
  return [
    `Partner referral completed 💼`,
    `🤝 Partner: ${escapeHtml(p.partnerName)} (${escapeHtml(p.referralCode)})`,
    `👤 User: ${escapeHtml(p.username)}`,
    `💎 Plan: ${p.plan}`,
    `💰 Credit: $${p.credit}`,
  ].join("\n");
}

export function paymentAttentionText(p: { username: string; plan: string; txHash: string; headline: string; reason: string }): string {
  return [p.headline, `👤 User: ${escapeHtml(p.username)}`, `💎 Plan: ${p.plan}`, `📝 ${escapeHtml(p.reason)}`, `🔗 <code>${p.txHash}</code>`].join("\n");
}

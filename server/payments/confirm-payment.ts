// Confirming a payment, by the provider's verdict or by an admin: ONE transaction, with the
// payment row locked, sets the payment CONFIRMED, stacks the plan onto the user, credits the
// referring partner for the user's first paid plan (partner_credits.user_id is unique: exactly
// once under any replay or race), queues the VIP/admin announcements, writes the user's
// notification, the VIP group invite of this user (syncVipAccess, in the same transaction: the
// provider's, the watcher's, the admin's verify and an assigned transfer alike) and, for an admin,
// the audit event. A payment that is not PENDING → 409.
import { db, Prisma, type TTx } from "../db/client";
import { env } from "../env";
import { syncVipAccess } from "../membership/access";
import { AppError } from "../errors";
import { enqueueOutbox, type TOutboxMessage } from "../notifications/outbox";
import { notifyUsers } from "../notifications/user-notifications";
import { stackPlan } from "../subscriptions/plans";
import { nudgeOutbox } from "../notifications/nudge-outbox";
import { announceChange } from "../live-updates/live-updates";
import { lockPending, type TLockedPayment } from "./lock-payment";
import { adminActivatedText, partnerReferralText, utcMinute, vipActivatedText } from "./messages";
import { jsonSafe, PAYMENT_SELECT, type TPaymentRow } from "./payment-dto";

export type TConfirmBy =
  | { kind: "provider"; paidAmount: string; paidAt: Date; details: Record<string, unknown> }
  | { kind: "admin"; actorId: number };

export async function confirmPayment(paymentId: string, by: TConfirmBy, now = new Date()): Promise<TPaymentRow> {
  const row = await db().$transaction((tx) => confirmPaymentIn(tx, paymentId, by, now));
  await Promise.all([nudgeOutbox(), announceChange("payments")]);
  return row;
}

/** The same inside the caller's transaction (an invoice's activation); after commit the caller nudges the outbox and announces `payments`. */
export async function confirmPaymentIn(tx: TTx, paymentId: string, by: TConfirmBy, now = new Date()): Promise<TPaymentRow> {
  const locked = await lockPending(tx, paymentId);
  if (locked.userId === null) throw noAccount();
  const payment = { ...locked, userId: locked.userId };
  // Several users may have submitted one hash; it pays one of them (payments_tx_hash_confirmed_key).
  const paidBy = await tx.payment.findFirst({ where: { txHash: payment.txHash, status: "CONFIRMED", id: { not: payment.id } }, select: { id: true } });
  if (paidBy) throw new AppError("CONFLICT", "This transaction already paid another payment: a transaction can pay only once", { field: "tx_hash", extra: { paid_payment_id: paidBy.id } });
  // The user row too: two payments of one user confirmed at once stack one after the other.
  await tx.$queryRaw`SELECT id FROM users WHERE id = ${payment.userId} FOR UPDATE`;
  const user = await tx.user.findUniqueOrThrow({
    where: { id: payment.userId },
    select: { id: true, username: true, email: true, plan: true, planExpiresAt: true, referredByPartnerId: true },
  });
  const stacked = stackPlan(user, payment.plan, now);
  await tx.user.update({ where: { id: user.id }, data: { plan: stacked.plan, planExpiresAt: stacked.expiresAt } });
  // This user only; the 5-minute sweep (expire-subscriptions) still catches anything else.
  await syncVipAccess(tx, [user.id], now);

  const paidAmount = by.kind === "provider" ? new Prisma.Decimal(by.paidAmount) : new Prisma.Decimal(payment.expectedAmount);
  const updated = await tx.payment.update({
    where: { id: payment.id },
    data: {
      status: "CONFIRMED",
      paidAmount,
      paidAt: by.kind === "provider" ? by.paidAt : null,
      confirmedAt: now,
      validTill: stacked.expiresAt,
      reason: null,
      nextCheckAt: null,
      reviewedById: by.kind === "admin" ? by.actorId : null,
      verification:
        by.kind === "provider"
          ? jsonSafe(by.details)
          : { confirmed_by: "admin", admin_id: by.actorId, last_automatic_reason: payment.reason },
    },
    select: PAYMENT_SELECT,
  });

  const credit = user.referredByPartnerId ? await creditPartner(tx, user.referredByPartnerId, payment, user.username) : [];
  const activated = { username: user.username, plan: stacked.plan, validTill: stacked.expiresAt };
  await enqueueOutbox(tx, [
    { audience: "vip", kind: "vip_activated", body: vipActivatedText(activated), dedupeKey: `payment-confirmed:${payment.id}` },
    {
      audience: "admin",
      kind: "vip_activated",
      body: adminActivatedText({ ...activated, email: user.email, paidAmount: paidAmount.toString(), txHash: payment.txHash, manual: by.kind === "admin" }),
      dedupeKey: `payment-confirmed:${payment.id}`,
    },
    ...credit,
  ]);
  await notifyUsers(tx, [
    {
      userId: user.id,
      kind: "payment_confirmed",
      title: "✅ Payment Verified – Plan Activated",
      body: `Your ${stacked.plan} plan is active until ${utcMinute(stacked.expiresAt)}.`,
      dedupeKey: `payment-confirmed:${payment.id}`,
    },
  ]);
  if (by.kind === "admin") {
    await tx.auditEvent.create({
      data: { actorId: by.actorId, action: "payment.verify", target: `payment:${payment.id}`, details: { tx_hash: payment.txHash, plan: payment.plan, valid_till: stacked.expiresAt.toISOString() } },
    });
  }
  return updated;
}

/**
 * A submission made for an email with no account pays no one: not even an admin can activate it
 * (the transfer, if real, can be assigned to the right account from the unmatched transfers).
 */
const noAccount = () =>
  new AppError("CONFLICT", "This payment was submitted for an email that has no account: it cannot activate a plan; reject it, or assign its transfer to the payer's account", {
    extra: { reason: "no_account" },
  });

/** The partner's credit for this user's first paid plan; a user already credited yields nothing. */
async function creditPartner(tx: TTx, partnerId: number, payment: TLockedPayment & { userId: number }, username: string): Promise<TOutboxMessage[]> {
  const amount = env().PARTNER_CREDIT_USD;
  const { count } = await tx.partnerCredit.createMany({
    data: [{ partnerId, userId: payment.userId, paymentId: payment.id, amount }],
    skipDuplicates: true,
  });
  if (count === 0) return [];
  const partner = await tx.partner.findUniqueOrThrow({ where: { id: partnerId }, select: { name: true, referralCode: true } });
  return [
    {
      audience: "admin",
      kind: "partner_referral",
      body: partnerReferralText({ partnerName: partner.name, referralCode: partner.referralCode, username, plan: payment.plan, credit: new Prisma.Decimal(amount).toString() }),
      dedupeKey: `partner-credit:${payment.userId}`,
    },
  ];
}

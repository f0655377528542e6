// Rejecting a payment, by the provider's verdict (wrong token, wrong recipient, underpaid,
// reverted, too old) or by an admin: one transaction with the payment row locked; the reason is
// stored for the admin and the user. A payment that is not PENDING → 409.
import { db } from "../db/client";
import { enqueueOutbox } from "../notifications/outbox";
import { notifyUsers } from "../notifications/user-notifications";
import { nudgeOutbox } from "../notifications/nudge-outbox";
import { announceChange } from "../live-updates/live-updates";
import { lockPending } from "./lock-payment";
import { paymentAttentionText } from "./messages";
import { jsonSafe, PAYMENT_SELECT, payerLabel, type TPaymentRow } from "./payment-dto";

export type TRejectBy =
  | { kind: "provider"; reason: string; details?: Record<string, unknown> }
  | { kind: "admin"; actorId: number; reason: string };

export async function rejectPayment(paymentId: string, by: TRejectBy, now = new Date()): Promise<TPaymentRow> {
  const row = await db().$transaction(async (tx) => {
    const payment = await lockPending(tx, paymentId);
    const updated = await tx.payment.update({
      where: { id: payment.id },
      data: {
        status: "REJECTED",
        reason: by.reason,
        rejectedAt: now,
        nextCheckAt: null,
        reviewedById: by.kind === "admin" ? by.actorId : null,
        ...(by.kind === "provider" && by.details ? { verification: jsonSafe(by.details) } : {}),
      },
      select: PAYMENT_SELECT,
    });
    if (payment.userId !== null) {
      await notifyUsers(tx, [
        {
          userId: payment.userId,
          kind: "payment_rejected",
          title: "❌ Payment not accepted",
          body: `Your ${payment.plan} payment was rejected: ${by.reason}`,
          dedupeKey: `payment-rejected:${payment.id}`,
        },
      ]);
    }
    if (by.kind === "admin") {
      await tx.auditEvent.create({
        data: { actorId: by.actorId, action: "payment.reject", target: `payment:${payment.id}`, details: { tx_hash: payment.txHash, reason: by.reason } },
      });
    } else {
      // The operator hears about automatic rejections; an admin's own needs no echo.
      await enqueueOutbox(tx, [
        {
          audience: "admin",
          kind: "payment_rejected",
          body: paymentAttentionText({ headline: "❌ Payment rejected automatically", username: payerLabel(updated), plan: payment.plan, txHash: payment.txHash, reason: by.reason }),
          dedupeKey: `payment-rejected:${payment.id}`,
        },
      ]);
    }
    return updated;
  });
  await Promise.all([by.kind === "provider" ? nudgeOutbox() : undefined, announceChange("payments")]);
  return row;
}

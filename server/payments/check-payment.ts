// One automatic check of a PENDING payment against the provider. A payment already decided is
// never sent to the provider. Confirmed → confirmPayment; rejected → rejectPayment (final, with
// the reason); pending → the reason is stored and the next check scheduled with backoff. At the
// deadline (24 h after submission) automatic checks stop and the payment stays PENDING for the
// admin, who is told so: an outage of the chain API must never turn a real payment into a
// final rejection that even the admin could not undo.
import { db } from "../db/client";
import { AppError } from "../errors";
import { logger } from "../logger";
import { enqueueOutbox } from "../notifications/outbox";
import { nextCheckAt } from "./check-schedule";
import { confirmPayment } from "./confirm-payment";
import { emitAfterCommit, outboxPending } from "./events";
import { paymentAttentionText } from "./messages";
import { paymentProvider } from "./payment-provider";
import type { TPaymentProvider, TVerification } from "./provider";
import { rejectPayment } from "./reject-payment";

export type TCheckOutcome = "confirmed" | "rejected" | "pending" | "needs_review" | "skipped";

const SELECT = { id: true, status: true, txHash: true, plan: true, expectedAmount: true, createdAt: true, checkAttempts: true, checkDeadline: true } as const;

export async function checkPayment(paymentId: string, options: { provider?: TPaymentProvider; now?: Date } = {}): Promise<TCheckOutcome> {
  const payment = await db().payment.findUnique({ where: { id: paymentId }, select: SELECT });
  if (payment?.status !== "PENDING") return "skipped";
  const provider = options.provider ?? paymentProvider();
  const verdict = await verifySafely(provider, {
    txHash: payment.txHash,
    expectedAmount: payment.expectedAmount.toString(),
    submittedAt: payment.createdAt,
  });
  try {
    if (verdict.status === "confirmed") {
      await confirmPayment(payment.id, { kind: "provider", paidAmount: verdict.paidAmount, paidAt: verdict.paidAt, details: verdict.details }, options.now);
      return "confirmed";
    }
    if (verdict.status === "rejected") {
      await rejectPayment(payment.id, { kind: "provider", reason: verdict.reason, details: verdict.details }, options.now);
      return "rejected";
    }
  } catch (err) {
    // An admin decided it while the provider was asked: theirs stands.
    if (err instanceof AppError && err.code === "CONFLICT") return "skipped";
    throw err;
  }
  return recordPending(payment, verdict.reason, options.now ?? new Date());
}

async function verifySafely(provider: TPaymentProvider, payment: Parameters<TPaymentProvider["verify"]>[0]): Promise<TVerification> {
  try {
    return await provider.verify(payment);
  } catch (err) {
    logger.warn("payment provider failed", { provider: provider.id, txHash: payment.txHash, err: err as Error });
    return { status: "pending", reason: `Verification service unavailable (${(err as Error).message ?? "error"}); will retry` };
  }
}

type TPendingRow = { id: string; txHash: string; plan: string; checkAttempts: number; checkDeadline: Date | null };

async function recordPending(payment: TPendingRow, reason: string, now: Date): Promise<TCheckOutcome> {
  const attempts = payment.checkAttempts + 1;
  const next = nextCheckAt(attempts, now, payment.checkDeadline);
  const review = next === null;
  const stored = review ? `Needs review: not confirmed automatically within the check window (last check: ${reason})` : reason;
  const changed = await db().$transaction(async (tx) => {
    const { count } = await tx.payment.updateMany({
      where: { id: payment.id, status: "PENDING" },
      data: { reason: stored, checkAttempts: { increment: 1 }, lastCheckedAt: now, nextCheckAt: next },
    });
    if (count === 1 && review) {
      const owner = await tx.payment.findUniqueOrThrow({ where: { id: payment.id }, select: { user: { select: { username: true } } } });
      await enqueueOutbox(tx, [
        {
          audience: "admin",
          kind: "payment_review",
          body: paymentAttentionText({ headline: "⚠️ Payment needs review", username: owner.user.username, plan: payment.plan, txHash: payment.txHash, reason }),
          dedupeKey: `payment-review:${payment.id}`,
        },
      ]);
    }
    return count === 1;
  });
  if (!changed) return "skipped";
  if (review) await emitAfterCommit([outboxPending()]);
  return review ? "needs_review" : "pending";
}

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
import { nudgeOutbox } from "../notifications/nudge-outbox";
import { announceChange } from "../live-updates/live-updates";
import { paymentAttentionText } from "./messages";
import { payerLabel } from "./payment-dto";
import { paymentProvider } from "./payment-provider";
import type { TPaymentProvider, TVerification } from "./provider";
import { rejectPayment } from "./reject-payment";
import { usdtToBaseUnits } from "./trc20-provider";
import { activatePaidInvoices, recordTransfers } from "./watch-transfers";

export type TCheckOutcome = "confirmed" | "rejected" | "pending" | "needs_review" | "skipped";

const SELECT = { id: true, userId: true, status: true, txHash: true, plan: true, expectedAmount: true, createdAt: true, checkAttempts: true, checkDeadline: true } as const;

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
    if (verdict.status === "confirmed") return await settleByInvoice(payment, verdict, options.now ?? new Date());
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

type TPendingRow = { id: string; userId: number | null; txHash: string; plan: string; checkAttempts: number; checkDeadline: Date | null };

/**
 * A transfer is on chain, solidified and sufficient; whose is it? Only an invoice says so: its
 * unique amount names its payer (the hash is public, anyone may paste it). The transfer is
 * recorded and decided as the watcher would; this payment is confirmed only when the transfer
 * paid an invoice of this payment's user, made before it. Otherwise it waits for the admin —
 * never activated automatically, since its payer cannot be told from someone who copied the hash.
 */
async function settleByInvoice(payment: TPendingRow, verdict: Extract<TVerification, { status: "confirmed" }>, now: Date): Promise<TCheckOutcome> {
  const from = typeof verdict.details.from === "string" ? verdict.details.from : "";
  await recordTransfers([{ txId: payment.txHash, from, baseUnits: usdtToBaseUnits(verdict.paidAmount), blockTime: verdict.paidAt }]);
  const transfer = await db().incomingTransfer.findUnique({
    where: { txId: payment.txHash },
    select: { status: true, reason: true, invoice: { select: { id: true, userId: true } } },
  });
  if (transfer?.status === "MATCHED" && transfer.invoice) {
    const activated = await activatePaidInvoices(now, [transfer.invoice.id]);
    const after = await db().payment.findUnique({ where: { id: payment.id }, select: { status: true } });
    // Confirmed meanwhile by someone else (the watcher, an admin): theirs, not this check's.
    if (after?.status === "CONFIRMED") return activated > 0 ? "confirmed" : "skipped";
    if (after?.status !== "PENDING") return "skipped";
  }
  const why =
    transfer?.invoice && transfer.invoice.userId !== payment.userId
      ? `this transfer paid another account's invoice (${transfer.invoice.id})`
      : (transfer?.reason ?? "no invoice of this account holds this amount");
  return recordPending(payment, `paid ${verdict.paidAmount} USDT`, now, `Needs review: no invoice matches — ${why}`);
}

async function recordPending(payment: TPendingRow, reason: string, now: Date, forcedReview?: string): Promise<TCheckOutcome> {
  const attempts = payment.checkAttempts + 1;
  const next = forcedReview ? null : nextCheckAt(attempts, now, payment.checkDeadline);
  const review = next === null;
  const stored = forcedReview ?? (review ? `Needs review: not confirmed automatically within the check window (last check: ${reason})` : reason);
  const changed = await db().$transaction(async (tx) => {
    const { count } = await tx.payment.updateMany({
      where: { id: payment.id, status: "PENDING" },
      data: { reason: stored, checkAttempts: { increment: 1 }, lastCheckedAt: now, nextCheckAt: next },
    });
    if (count === 1 && review) {
      const owner = await tx.payment.findUniqueOrThrow({ where: { id: payment.id }, select: { submittedEmail: true, user: { select: { username: true } } } });
      await enqueueOutbox(tx, [
        {
          audience: "admin",
          kind: "payment_review",
          body: paymentAttentionText({ headline: "⚠️ Payment needs review", username: payerLabel(owner), plan: payment.plan, txHash: payment.txHash, reason: forcedReview ?? reason }),
          dedupeKey: `payment-review:${payment.id}`,
        },
      ]);
    }
    return count === 1;
  });
  if (!changed) return "skipped";
  // A payment handed to the admin joins the review queue; a check that only reschedules stays quiet.
  if (review) await Promise.all([nudgeOutbox(), announceChange("payments")]);
  return review ? "needs_review" : "pending";
}

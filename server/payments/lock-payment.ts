// Every decision on a payment starts here, inside its transaction: the payment row is locked
// (FOR UPDATE), so a confirm racing a reject, or two confirms, are serialised and the second
// one finds the payment decided.
import type { TTx } from "../db/client";
import { AppError, notFound } from "../errors";

export type TLockedPayment = {
  id: string;
  /** Null: submitted for an email with no account (never confirmed). */
  userId: number | null;
  plan: "VIP" | "PREMIUM";
  txHash: string;
  expectedAmount: string;
  status: "PENDING" | "CONFIRMED" | "REJECTED";
  reason: string | null;
};

export async function lockPayment(tx: TTx, paymentId: string): Promise<TLockedPayment> {
  const rows = await tx.$queryRaw<TLockedPayment[]>`
    SELECT id::text AS id, user_id AS "userId", plan::text AS plan, tx_hash AS "txHash",
           expected_amount::text AS "expectedAmount", status::text AS status, reason
    FROM payments WHERE id = ${paymentId}::uuid FOR UPDATE`;
  const row = rows[0];
  if (!row) throw notFound("Payment");
  return row;
}

export function alreadyDecided(status: TLockedPayment["status"]): AppError {
  return new AppError("CONFLICT", `This payment is already ${status === "CONFIRMED" ? "confirmed" : "rejected"}: only a PENDING payment can be verified or rejected`, {
    extra: { status },
  });
}

/** Locks the payment and insists it is still PENDING. */
export async function lockPending(tx: TTx, paymentId: string): Promise<TLockedPayment> {
  const payment = await lockPayment(tx, paymentId);
  if (payment.status !== "PENDING") throw alreadyDecided(payment.status);
  return payment;
}

// What the API says about a payment: the full view for its owner and the admin, and the status
// view that anyone holding the (unguessable) payment id gets — the payment page polls that one.
import type { Prisma } from "../db/client";

export const PAYMENT_SELECT = {
  id: true,
  userId: true,
  submittedEmail: true,
  plan: true,
  provider: true,
  network: true,
  txHash: true,
  expectedAmount: true,
  paidAmount: true,
  status: true,
  reason: true,
  checkAttempts: true,
  lastCheckedAt: true,
  nextCheckAt: true,
  checkDeadline: true,
  paidAt: true,
  validTill: true,
  confirmedAt: true,
  rejectedAt: true,
  reviewedById: true,
  createdAt: true,
  user: { select: { username: true, email: true } },
} satisfies Prisma.PaymentSelect;

export type TPaymentRow = Prisma.PaymentGetPayload<{ select: typeof PAYMENT_SELECT }>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The fields the payment page needs, and nothing that names the payer. */
export function toPaymentStatusDto(p: TPaymentRow) {
  const overpaid = p.paidAmount?.greaterThan(p.expectedAmount) ? p.paidAmount.minus(p.expectedAmount).toString() : null;
  return {
    id: p.id,
    plan: p.plan,
    network: p.network,
    status: p.status,
    expected_amount: p.expectedAmount.toString(),
    paid_amount: p.paidAmount?.toString() ?? null,
    overpaid_by: overpaid,
    reason: p.reason,
    valid_till: iso(p.validTill),
    created_at: p.createdAt.toISOString(),
    confirmed_at: iso(p.confirmedAt),
    rejected_at: iso(p.rejectedAt),
  };
}

export type TPaymentStatusDto = ReturnType<typeof toPaymentStatusDto>;

export function toPaymentDto(p: TPaymentRow) {
  return {
    ...toPaymentStatusDto(p),
    user_id: p.userId,
    username: p.user?.username ?? null,
    email: p.user?.email ?? null,
    /** The email a submitter typed without signing in (no account behind it when user_id is null). */
    submitted_email: p.submittedEmail,
    provider: p.provider,
    tx_hash: p.txHash,
    paid_at: iso(p.paidAt),
    check_attempts: p.checkAttempts,
    last_checked_at: iso(p.lastCheckedAt),
    next_check_at: iso(p.nextCheckAt),
    check_deadline: iso(p.checkDeadline),
    reviewed_by_id: p.reviewedById,
  };
}

export type TPaymentDto = ReturnType<typeof toPaymentDto>;

/** Who a payment is for, in the admin's messages: the account, or the email typed for none. */
export function payerLabel(p: { user: { username: string } | null; submittedEmail: string | null }): string {
  return p.user?.username ?? `no account (submitted for ${p.submittedEmail ?? "unknown email"})`;
}

/** Provider details as stored JSON: BigInts become strings, undefined fields drop out. */
export function jsonSafe(details: Record<string, unknown>): Prisma.InputJsonObject {
  return JSON.parse(JSON.stringify(details, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))) as Prisma.InputJsonObject;
}

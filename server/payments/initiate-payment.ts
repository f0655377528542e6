// A user says "I paid": the hash is recorded as a PENDING payment for the plan at its configured
// price, and verification starts at once (payment/submitted). A hash pays once, ever: the unique
// index on tx_hash decides between racing submissions, the losers get 409.
import { randomUUID } from "node:crypto";
import { db } from "../db/client";
import { AppError, toAppError } from "../errors";
import { planPrice } from "../subscriptions/plans";
import { CHECK_WINDOW_HOURS, FIRST_CHECK_LEASE_MS } from "./check-schedule";
import { emitAfterCommit, PAYMENT_SUBMITTED_EVENT } from "./events";
import { PAYMENT_SELECT, type TPaymentRow } from "./payment-dto";
import type { TInitiatePaymentInput } from "./schemas";

/**
 * Each PENDING payment costs chain-API calls for up to a day: an account may have this many
 * waiting at once. It bounds what a flood of made-up hashes can cost, whatever the caller's IP.
 */
export const MAX_PENDING_PER_USER = 5;

const tooManyPending = () =>
  new AppError("RATE_LIMITED", `This account already has ${MAX_PENDING_PER_USER} payments waiting for verification; wait until they are decided`, {
    retryAfterSeconds: 60,
  });

const hashTaken = () =>
  new AppError("CONFLICT", "This transaction hash was already submitted: a transaction can pay only once", { field: "tx_hash" });

export async function initiatePayment(input: TInitiatePaymentInput, now = new Date()): Promise<TPaymentRow> {
  const user = await db().user.findUnique({ where: { email: input.email }, select: { id: true, isActive: true } });
  if (!user?.isActive) throw new AppError("NOT_FOUND", "No account with this email: register in the app first", { field: "email" });
  if (await db().payment.findFirst({ where: { txHash: input.tx_hash }, select: { id: true } })) throw hashTaken();

  let payment: TPaymentRow;
  try {
    payment = await db().$transaction(async (tx) => {
      // One submission at a time per account, so the cap on waiting payments holds under races.
      await tx.$queryRaw`SELECT id FROM users WHERE id = ${user.id} FOR UPDATE`;
      // One submission of a hash, ever, whoever sends it: racing submitters of one hash queue
      // here (the unique index is per user, since an invoice's watcher may confirm a hash for its
      // payer after someone else submitted it).
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${input.tx_hash}, 16))`;
      if (await tx.payment.findFirst({ where: { txHash: input.tx_hash }, select: { id: true } })) throw hashTaken();
      const waiting = await tx.payment.count({ where: { userId: user.id, status: "PENDING" } });
      if (waiting >= MAX_PENDING_PER_USER) throw tooManyPending();
      return tx.payment.create({
        data: {
          // Our own v4 UUID (122 random bits): the id doubles as the payment page's capability.
          id: randomUUID(),
          userId: user.id,
          plan: input.plan,
          provider: "TRC20",
          network: input.network,
          txHash: input.tx_hash,
          expectedAmount: planPrice(input.plan),
          status: "PENDING",
          createdAt: now,
          nextCheckAt: new Date(now.getTime() + FIRST_CHECK_LEASE_MS),
          checkDeadline: new Date(now.getTime() + CHECK_WINDOW_HOURS * 3_600_000),
        },
        select: PAYMENT_SELECT,
      });
    });
  } catch (err) {
    if (toAppError(err).code === "CONFLICT") throw hashTaken();
    throw err;
  }
  await emitAfterCommit([{ name: PAYMENT_SUBMITTED_EVENT, id: `payment-submitted-${payment.id}`, data: { paymentId: payment.id } }]);
  return payment;
}

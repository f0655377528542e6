// A user says "I paid": the hash is recorded as a PENDING payment for the plan at its configured
// price, and verification starts at once (payment/submitted). A hash pays once, ever: racing
// submissions of one hash queue on an advisory lock, the losers get 409.
//
// Two ways in, kept apart so that strangers cannot spend the owner's quota:
// - signed in (a bearer token or the dashboard session): the payment is the account's own, and
//   the account may have MAX_PENDING_PER_USER of these waiting;
// - anonymous (the /pay form, the operator's tokenless request): limited per client address and
//   per email, whether or not the email has an account. The answer is the same for a known and an
//   unknown email: an unknown one (or a disabled account) gets a payment too, with no user, which
//   is checked like any other but can never activate anything (confirmPaymentIn refuses it).
import { randomUUID } from "node:crypto";
import type { TAuthUser } from "../auth/authenticate";
import { db, type TTx } from "../db/client";
import { AppError, toAppError } from "../errors";
import { consumeRateLimit } from "../rate-limits/consume-rate-limit";
import { planPrice } from "../subscriptions/plans";
import { CHECK_WINDOW_HOURS, FIRST_CHECK_LEASE_MS } from "./check-schedule";
import { paymentSubmitted } from "../jobs/catalog";
import { emitAfterCommit } from "../jobs/events";
import { announceChange } from "../live-updates/live-updates";
import { PAYMENT_SELECT, type TPaymentRow } from "./payment-dto";
import type { TInitiatePaymentInput } from "./schemas";

/**
 * Each PENDING payment costs chain-API calls for up to a day: a signed-in account may have this
 * many of its own waiting at once. Anonymous submissions never count here.
 */
export const MAX_PENDING_PER_USER = 5;
/** Anonymous submissions per client address per window. */
export const ANON_SUBMISSIONS_PER_IP = 20;
/** Anonymous submissions per email (known or not) per window, from all addresses together. */
export const ANON_SUBMISSIONS_PER_EMAIL = 5;
export const ANON_WINDOW_SECONDS = 60 * 60;

export type TSubmitter = { user: TAuthUser | null; ip: string };

const tooManyPending = () =>
  new AppError("RATE_LIMITED", `This account already has ${MAX_PENDING_PER_USER} payments waiting for verification; wait until they are decided`, {
    retryAfterSeconds: 60,
  });

const hashTaken = () =>
  new AppError("CONFLICT", "This transaction hash was already submitted: a transaction can pay only once", { field: "tx_hash" });

export async function initiatePayment(input: TInitiatePaymentInput, submitter: TSubmitter, now = new Date()): Promise<TPaymentRow> {
  const owner = submitter.user;
  if (owner && owner.email !== input.email) {
    throw new AppError("INVALID_INPUT", "email: you are signed in with another email; a signed-in payment is for your own account", { field: "email" });
  }
  if (!owner) await limitAnonymous(input.email, submitter.ip);
  // Before any account is looked up: a taken hash answers alike for every email.
  if (await hashIsTaken(db(), input.tx_hash)) throw hashTaken();

  let payment: TPaymentRow;
  try {
    payment = await db().$transaction(async (tx) => {
      // One submission of a hash, ever, whoever sends it: racing submitters of one hash queue here
      // (the unique index is per user, since an invoice's watcher may confirm a hash for its payer
      // after someone else submitted it).
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${input.tx_hash}, 16))`;
      if (await hashIsTaken(tx, input.tx_hash)) throw hashTaken();
      const userId = owner ? await reserveOwnSlot(tx, owner.id) : await activeAccountId(tx, input.email);
      return tx.payment.create({
        data: {
          // Our own v4 UUID (122 random bits): the id doubles as the payment page's capability.
          id: randomUUID(),
          userId,
          submittedEmail: owner ? null : input.email,
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
  await Promise.all([emitAfterCommit([paymentSubmitted.create({ paymentId: payment.id }, { id: `payment-submitted-${payment.id}` })]), announceChange("payments")]);
  return payment;
}

/** Per address first (one client trying many emails), then per email (many addresses, one email). */
async function limitAnonymous(email: string, ip: string): Promise<void> {
  await consumeRateLimit({ key: `pay-initiate:ip:${ip}`, limit: ANON_SUBMISSIONS_PER_IP, windowSeconds: ANON_WINDOW_SECONDS });
  await consumeRateLimit({ key: `pay-initiate:email:${email}`, limit: ANON_SUBMISSIONS_PER_EMAIL, windowSeconds: ANON_WINDOW_SECONDS });
}

async function hashIsTaken(tx: TTx, txHash: string): Promise<boolean> {
  return (await tx.payment.findFirst({ where: { txHash }, select: { id: true } })) !== null;
}

/** The owner's cap counts only what they submitted signed in; the row lock makes it hold under races. */
async function reserveOwnSlot(tx: TTx, userId: number): Promise<number> {
  await tx.$queryRaw`SELECT id FROM users WHERE id = ${userId} FOR UPDATE`;
  const waiting = await tx.payment.count({ where: { userId, status: "PENDING", submittedEmail: null } });
  if (waiting >= MAX_PENDING_PER_USER) throw tooManyPending();
  return userId;
}

/** The active account behind an email, or null: the caller answers the same either way. */
async function activeAccountId(tx: TTx, email: string): Promise<number | null> {
  const user = await tx.user.findUnique({ where: { email }, select: { id: true, isActive: true } });
  return user?.isActive ? user.id : null;
}

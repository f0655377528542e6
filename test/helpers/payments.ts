// Helpers for the payment tests: fresh hashes, the payment configuration, a scriptable
// in-test provider that counts its calls, a recording job dispatcher, and DB snapshots for
// "nothing changed" assertions.
import { randomBytes, randomInt } from "node:crypto";
import type { TJobEvent } from "@/server/jobs/job";
import { db } from "@/server/db/client";
import { resetEnvForTests } from "@/server/env";
import { setEventDispatcher } from "@/server/jobs/events";
import type { TPaymentProvider, TPaymentToVerify, TVerification } from "@/server/payments/provider";

export const txHash = () => randomBytes(32).toString("hex");
/** A submitter without a token, from an address of its own (so no test shares a per-address limit). */
export const anonymousSubmitter = () => ({ user: null, ip: `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` });
const chatId = () => `-100${randomInt(100_000_000, 999_999_999)}`;

/** The payment configuration of these tests (prices 49 / 99, credit 10, our own chat ids); call before anything reads env(). */
export function configurePayments(extra: Record<string, string> = {}) {
  const config = {
    USDT_TRC20_ADDRESS: "TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL",
    PLAN_PRICE_VIP: "49",
    PLAN_PRICE_PREMIUM: "99",
    PARTNER_CREDIT_USD: "10",
    VIP_CHAT_ID: chatId(),
    ADMIN_CHAT_ID: chatId(),
    ...extra,
  };
  Object.assign(process.env, config);
  resetEnvForTests();
  return config;
}

/** Installs a dispatcher that only records the job events emitted. */
export function recordJobEvents(): TJobEvent[] {
  const events: TJobEvent[] = [];
  setEventDispatcher(async (batch) => void events.push(...batch));
  return events;
}

export type TScriptedProvider = TPaymentProvider & {
  calls: TPaymentToVerify[];
  /** The verdict for a hash (default: pending "not found on the chain yet"). */
  set(hash: string, verdict: TVerification | (() => TVerification | Promise<TVerification>)): void;
  callsFor(hash: string): number;
};

export function scriptedProvider(): TScriptedProvider {
  const verdicts = new Map<string, TVerification | (() => TVerification | Promise<TVerification>)>();
  const calls: TPaymentToVerify[] = [];
  return {
    id: "TRC20",
    calls,
    set: (hash, verdict) => void verdicts.set(hash, verdict),
    callsFor: (hash) => calls.filter((c) => c.txHash === hash).length,
    async verify(payment) {
      calls.push(payment);
      const v = verdicts.get(payment.txHash);
      if (!v) return { status: "pending", reason: "Transaction not found on the chain yet" };
      return typeof v === "function" ? v() : v;
    },
  };
}

export const confirmedVerdict = (paidAmount: string, paidAt = new Date()): TVerification => ({
  status: "confirmed",
  paidAmount,
  paidAt,
  details: { from: "TXYZ", to: "TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL", block: 123 },
});

/** Everything a payment operation may write about a user, to assert that a refused one wrote nothing. */
export async function snapshotOf(userId: number) {
  const [user, payments, credits, notifications] = await Promise.all([
    db().user.findUniqueOrThrow({ where: { id: userId }, select: { plan: true, planExpiresAt: true } }),
    db().payment.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, select: { id: true, txHash: true, status: true, reason: true, paidAmount: true, updatedAt: true } }),
    db().partnerCredit.findMany({ where: { userId } }),
    db().userNotification.findMany({ where: { userId } }),
  ]);
  const targets = payments.map((p) => `payment:${p.id}`);
  const [audits, outbox] = await Promise.all([
    db().auditEvent.count({ where: { target: { in: targets } } }),
    db().outboxMessage.count({ where: { OR: payments.map((p) => ({ dedupeKey: { contains: p.id } })) } }),
  ]);
  return { user, payments, credits, notifications, audits, outbox: payments.length ? outbox : 0 };
}

export async function outboxFor(paymentKey: string) {
  return db().outboxMessage.findMany({ where: { dedupeKey: { startsWith: paymentKey } }, orderBy: { id: "asc" }, select: { target: true, kind: true, body: true, dedupeKey: true } });
}

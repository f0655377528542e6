// The admin's manual path (SPEC §4): verify or reject a payment by its transaction hash.
// Verifying confirms it at the expected amount (the admin has checked the chain by hand).
import type { TAuthUser } from "../auth/authenticate";
import { db } from "../db/client";
import { notFound } from "../errors";
import { confirmPayment } from "./confirm-payment";
import { toPaymentDto, type TPaymentDto } from "./payment-dto";
import { rejectPayment } from "./reject-payment";

/** Several users may have submitted one hash (see invoices): the admin decides the waiting one first. */
async function paymentIdOf(txHash: string): Promise<string> {
  const row = await db().payment.findFirst({ where: { txHash }, orderBy: [{ status: "asc" }, { createdAt: "asc" }], select: { id: true } });
  if (!row) throw notFound("Payment with this transaction hash");
  return row.id;
}

export async function verifyPaymentByHash(admin: TAuthUser, txHash: string): Promise<{ message: string; payment: TPaymentDto }> {
  const payment = await confirmPayment(await paymentIdOf(txHash), { kind: "admin", actorId: admin.id });
  return { message: "✅ Payment Verified – Plan Activated", payment: toPaymentDto(payment) };
}

export async function rejectPaymentByHash(admin: TAuthUser, txHash: string, reason: string): Promise<{ message: string; payment: TPaymentDto }> {
  const payment = await rejectPayment(await paymentIdOf(txHash), { kind: "admin", actorId: admin.id, reason });
  return { message: "Payment rejected", payment: toPaymentDto(payment) };
}

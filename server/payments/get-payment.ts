// Reading payments. GET /api/payments/:id serves two callers: the owner or an admin with a
// bearer token (the full payment), and the web payment page without a token, for which the
// payment id itself is the capability: a random v4 UUID (122 bits) handed only to whoever
// submitted the hash, answering status fields only — nothing that names the payer.
import { z } from "zod";
import type { TAuthUser } from "../auth/authenticate";
import { db } from "../db/client";
import { forbidden, notFound } from "../errors";
import { PAYMENT_SELECT, toPaymentDto, toPaymentStatusDto, type TPaymentDto, type TPaymentStatusDto } from "./payment-dto";
import { ZPaymentId } from "./schemas";

export async function getPaymentForViewer(rawId: string, viewer: TAuthUser | null): Promise<TPaymentDto | TPaymentStatusDto> {
  const { id } = z.object({ id: ZPaymentId }).parse({ id: rawId });
  const payment = await db().payment.findUnique({ where: { id }, select: PAYMENT_SELECT });
  if (!payment) throw notFound("Payment");
  if (!viewer) return toPaymentStatusDto(payment);
  if (viewer.role !== "ADMIN" && viewer.id !== payment.userId) throw forbidden("This payment belongs to another account");
  return toPaymentDto(payment);
}

export async function listMyPayments(userId: number): Promise<{ payments: TPaymentDto[] }> {
  const rows = await db().payment.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, take: 100, select: PAYMENT_SELECT });
  return { payments: rows.map(toPaymentDto) };
}

export async function listPayments(query: { status?: "PENDING" | "CONFIRMED" | "REJECTED"; page: number; per_page: number }) {
  const where = query.status ? { status: query.status } : {};
  const [rows, total] = await db().$transaction([
    db().payment.findMany({ where, orderBy: { createdAt: "desc" }, skip: (query.page - 1) * query.per_page, take: query.per_page, select: PAYMENT_SELECT }),
    db().payment.count({ where }),
  ]);
  return { payments: rows.map(toPaymentDto), page: query.page, per_page: query.per_page, total };
}

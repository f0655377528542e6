// Reading payments. GET /api/payments/:id serves two callers: the owner or an admin with a
// bearer token (the full payment), and the web payment page without a token, for which the
// payment id itself is the capability: a random v4 UUID (122 bits) handed only to whoever
// submitted the hash, answering status fields only — nothing that names the payer.
import { likeLiteral } from "../db/like-literal";
import { z } from "zod";
import type { TAuthUser } from "../auth/authenticate";
import { db, type Prisma } from "../db/client";
import { forbidden, notFound } from "../errors";
import { PAYMENT_SELECT, toPaymentDto, toPaymentStatusDto, type TPaymentDto, type TPaymentStatusDto } from "./payment-dto";
import { ZPaymentId, type ZPaymentListQuery } from "./schemas";

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

/** The history's filters (status, plan, payer or hash): the list and the dashboard's totals share them. */
export function paymentListWhere(query: Pick<z.infer<typeof ZPaymentListQuery>, "status" | "plan" | "q">): Prisma.PaymentWhereInput {
  return {
    ...(query.status ? { status: query.status } : {}),
    ...(query.plan ? { plan: query.plan } : {}),
    ...(query.q
      ? {
          OR: [
            { txHash: { startsWith: likeLiteral(query.q.replace(/^0x/i, "").toLowerCase()) } },
            { user: { email: { contains: likeLiteral(query.q), mode: "insensitive" } } },
            { user: { username: { contains: likeLiteral(query.q), mode: "insensitive" } } },
          ],
        }
      : {}),
  };
}

export async function listPayments(query: z.infer<typeof ZPaymentListQuery>) {
  const where = paymentListWhere(query);
  const [rows, total] = await db().$transaction([
    db().payment.findMany({ where, orderBy: { createdAt: "desc" }, skip: (query.page - 1) * query.per_page, take: query.per_page, select: PAYMENT_SELECT }),
    db().payment.count({ where }),
  ]);
  return { payments: rows.map(toPaymentDto), page: query.page, per_page: query.per_page, total };
}

// Reading payments. GET /api/payments/:id serves two callers: the owner or an admin with a
// bearer token (the full payment), and the web payment page without a token, for which the
// payment id itself is the capability: a random v4 UUID (122 bits) handed only to whoever
// submitted the hash, answering status fields only — nothing that names the payer.
import { likeLiteral } from "../db/like-literal";
import { z } from "zod";
import type { TAuthUser } from "../auth/authenticate";
import { db, Prisma } from "../db/client";
import { forbidden, notFound } from "../errors";
import { PAYMENT_SELECT, toPaymentDto, toPaymentStatusDto, type TPaymentDto, type TPaymentStatusDto } from "./payment-dto";
import { ZPaymentId, type ZPaymentListQuery } from "./schemas";
import { userIdsMatchingSql } from "../users/user-search";

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

type TPaymentFilters = Pick<z.infer<typeof ZPaymentListQuery>, "status" | "plan" | "q">;

/**
 * The history's filters (status, plan, payer or hash) as SQL over `payments p`: the list and the
 * dashboard's totals share them. Raw rather than a Prisma where: Prisma joins the payer in to test
 * "hash OR payer", which no index serves (every search read all users and all payments); written
 * as `user_id IN (…)` the payer side is users' own search (users/user-search.ts) and the hash side a
 * probe of payments_tx_hash_trgm_idx (pg_trgm, migration search_trigram_indexes).
 */
export function paymentFilterSql(query: TPaymentFilters): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (query.status) conditions.push(Prisma.sql`p.status = ${query.status}::"PaymentStatus"`);
  if (query.plan) conditions.push(Prisma.sql`p.plan = ${query.plan}::"Plan"`);
  if (query.q) {
    const hashPrefix = `${likeLiteral(query.q.replace(/^0x/i, "").toLowerCase())}%`;
    conditions.push(Prisma.sql`(p.tx_hash LIKE ${hashPrefix} OR p.user_id IN (${userIdsMatchingSql(query.q)}))`);
  }
  return Prisma.join(conditions, " AND ");
}

export async function listPayments(query: z.infer<typeof ZPaymentListQuery>) {
  if (!query.q) {
    // Without a search Prisma's own query is index-served already, and one statement fewer than an id page plus its rows.
    const where: Prisma.PaymentWhereInput = { ...(query.status ? { status: query.status } : {}), ...(query.plan ? { plan: query.plan } : {}) };
    const [rows, total] = await db().$transaction([
      db().payment.findMany({ where, orderBy: { createdAt: "desc" }, skip: (query.page - 1) * query.per_page, take: query.per_page, select: PAYMENT_SELECT }),
      db().payment.count({ where }),
    ]);
    return { payments: rows.map(toPaymentDto), page: query.page, per_page: query.per_page, total };
  }
  const filter = paymentFilterSql(query);
  const [page, counted] = await db().$transaction([
    db().$queryRaw<{ id: string }[]>`SELECT p.id FROM payments p WHERE ${filter} ORDER BY p.created_at DESC LIMIT ${query.per_page} OFFSET ${(query.page - 1) * query.per_page}`,
    db().$queryRaw<{ total: bigint }[]>`SELECT count(*) AS total FROM payments p WHERE ${filter}`,
  ]);
  const ids = page.map((r) => r.id);
  const rows = ids.length ? await db().payment.findMany({ where: { id: { in: ids } }, select: PAYMENT_SELECT }) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ordered = ids.flatMap((id) => byId.get(id) ?? []);
  return { payments: ordered.map(toPaymentDto), page: query.page, per_page: query.per_page, total: Number(counted[0]?.total ?? 0) };
}

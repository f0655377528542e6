// Totals over the payments the dashboard's history shows (screen 5): for the same filters as the
// list (server/payments/get-payment.ts listPayments), the count and the USDT due and paid per
// status — one grouped query, exact decimals.
import type { z } from "zod";
import { db, type Prisma } from "../db/client";
import { paymentFilterSql } from "../payments/get-payment";
import { ZPaymentListQuery } from "../payments/schemas";

export const ZPaymentTotalsQuery = ZPaymentListQuery.pick({ status: true, plan: true, q: true }).strict();

const STATUSES = ["PENDING", "CONFIRMED", "REJECTED"] as const;

export async function paymentTotals(query: z.infer<typeof ZPaymentTotalsQuery>) {
  const groups = await db().$queryRaw<{ status: string; count: bigint; expected: Prisma.Decimal | null; paid: Prisma.Decimal | null }[]>`
    SELECT p.status::text AS status, count(*) AS count, sum(p.expected_amount) AS expected, sum(p.paid_amount) AS paid
    FROM payments p WHERE ${paymentFilterSql(query)} GROUP BY p.status`;
  const byStatus = STATUSES.map((status) => {
    const g = groups.find((x) => x.status === status);
    return {
      status,
      count: Number(g?.count ?? 0),
      expected_usdt: g?.expected?.toFixed(2) ?? "0.00",
      paid_usdt: g?.paid?.toFixed(2) ?? "0.00",
    };
  });
  return { by_status: byStatus, count: byStatus.reduce((n, s) => n + s.count, 0) };
}

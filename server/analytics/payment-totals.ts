// Totals over the payments the dashboard's history shows (screen 5): for the same filters as the
// list (server/payments/get-payment.ts listPayments), the count and the USDT due and paid per
// status — one grouped query, exact decimals.
import type { z } from "zod";
import { db } from "../db/client";
import { paymentListWhere } from "../payments/get-payment";
import { ZPaymentListQuery } from "../payments/schemas";

export const ZPaymentTotalsQuery = ZPaymentListQuery.pick({ status: true, plan: true, q: true }).strict();

const STATUSES = ["PENDING", "CONFIRMED", "REJECTED"] as const;

export async function paymentTotals(query: z.infer<typeof ZPaymentTotalsQuery>) {
  const where = paymentListWhere(query);
  const groups = await db().payment.groupBy({ by: ["status"], where, _count: { _all: true }, _sum: { expectedAmount: true, paidAmount: true } });
  const byStatus = STATUSES.map((status) => {
    const g = groups.find((x) => x.status === status);
    return {
      status,
      count: g?._count._all ?? 0,
      expected_usdt: (g?._sum.expectedAmount ?? null)?.toFixed(2) ?? "0.00",
      paid_usdt: (g?._sum.paidAmount ?? null)?.toFixed(2) ?? "0.00",
    };
  });
  return { by_status: byStatus, count: byStatus.reduce((n, s) => n + s.count, 0) };
}

import { db } from "../db/client";

/** Subscribers (role USER) by plan; operators' own accounts are not customers. */
export async function countUsersByPlan(): Promise<Record<"TOTAL" | "TRIAL" | "VIP" | "PREMIUM", number>> {
  const groups = await db().user.groupBy({ by: ["plan"], where: { role: "USER" }, _count: { _all: true } });
  const counts = { TOTAL: 0, TRIAL: 0, VIP: 0, PREMIUM: 0 };
  for (const g of groups) {
    counts[g.plan] = g._count._all;
    counts.TOTAL += g._count._all;
  }
  return counts;
}

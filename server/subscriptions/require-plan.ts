// The one plan guard (SPEC §3), used by REST and tRPC alike.
import { db } from "../db/client";
import { AppError } from "../errors";
import { effectivePlan, type TPlan } from "../users/plan";

const RANK: Record<TPlan, number> = { TRIAL: 0, VIP: 1, PREMIUM: 2 };

export function requirePlan(
  user: { plan: TPlan; planExpiresAt: Date | null; role?: string },
  needed: Exclude<TPlan, "TRIAL">,
  feature: string,
): void {
  // Operators' own accounts are not customers: every feature is theirs.
  if (user.role === "ADMIN" || RANK[effectivePlan(user)] >= RANK[needed]) return;
  const label = needed === "VIP" ? "VIP/Premium" : "Premium";
  throw new AppError("UPGRADE_REQUIRED", `Upgrade to ${label} to access this feature (${feature})`, {
    extra: { required_plan: needed },
  });
}

/** The guard for the user an action is about (who may differ from the actor, e.g. an admin). */
export async function requireTargetPlan(userId: number, needed: Exclude<TPlan, "TRIAL">, feature: string): Promise<void> {
  const target = await db().user.findUniqueOrThrow({ where: { id: userId }, select: { plan: true, planExpiresAt: true, role: true } });
  requirePlan(target, needed, feature);
}

// The plan gate as the server applies it (SPEC §3): a paid plan past its expiry counts as TRIAL, and
// an admin has every feature. The server still decides; this only greys out what it would refuse.
import type { TPlan, TUser } from "../api/schemas";

const RANK: Record<TPlan, number> = { TRIAL: 0, VIP: 1, PREMIUM: 2 };

export function effectivePlan(user: Pick<TUser, "plan" | "plan_expires_at">, now = Date.now()): TPlan {
  if (user.plan !== "TRIAL" && user.plan_expires_at && new Date(user.plan_expires_at).getTime() <= now) return "TRIAL";
  return user.plan;
}

export function hasPlan(user: Pick<TUser, "plan" | "plan_expires_at" | "role">, needed: TPlan, now = Date.now()): boolean {
  return user.role === "ADMIN" || RANK[effectivePlan(user, now)] >= RANK[needed];
}

/** The server's 403 wording (server/subscriptions/require-plan.ts). */
export const upgradeMessage = (needed: "VIP" | "PREMIUM") => `Upgrade to ${needed === "VIP" ? "VIP/Premium" : "Premium"} to access this feature`;

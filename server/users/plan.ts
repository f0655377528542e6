// A user's plan as it stands (SPEC §3): a paid plan past its expiry is TRIAL until the expiry job
// writes it down. The one rule; the plan guard (subscriptions/require-plan.ts), VIP access,
// the feed and the reports all read it from here.
export type TPlan = "TRIAL" | "VIP" | "PREMIUM";

export function effectivePlan(user: { plan: TPlan; planExpiresAt: Date | null }, now = new Date()): TPlan {
  if (user.plan !== "TRIAL" && user.planExpiresAt && user.planExpiresAt <= now) return "TRIAL";
  return user.plan;
}

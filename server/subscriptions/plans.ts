// Plans and prices (SPEC §3, §4): what a paid plan costs, where to pay it, how long it lasts.
// Prices come from the configuration; nothing here is stored.
import { Prisma } from "../db/client";
import { env } from "../env";
import type { TPlan } from "../users/plan";

/** How long a paid plan runs from its payment (or an admin grant without an expiry). */
export const PLAN_DAYS = 30;
export const PAID_PLANS = ["VIP", "PREMIUM"] as const;
export type TPaidPlan = (typeof PAID_PLANS)[number];

const FEATURES: Record<TPaidPlan, string[]> = {
  VIP: ["Full real-time signal feed", "VIP Telegram group", "Full signal analytics", "Trade preview"],
  PREMIUM: ["Everything in VIP", "Paper trading", "Auto-trader and exchange connection"],
};

export function planPrice(plan: TPaidPlan): Prisma.Decimal {
  const config = env();
  return new Prisma.Decimal(plan === "VIP" ? config.PLAN_PRICE_VIP : config.PLAN_PRICE_PREMIUM);
}

export type TPlansDto = {
  plans: { plan: TPaidPlan; price_usdt: string; days: number; features: string[] }[];
  currency: "USDT";
  network: "TRC20";
  /** The operator's receiving address; null until USDT_TRC20_ADDRESS is configured. */
  address: string | null;
  usdt_contract: string;
};

export function listPlans(): TPlansDto {
  const config = env();
  return {
    plans: PAID_PLANS.map((plan) => ({ plan, price_usdt: planPrice(plan).toString(), days: PLAN_DAYS, features: FEATURES[plan] })),
    currency: "USDT",
    network: "TRC20",
    address: config.USDT_TRC20_ADDRESS ?? null,
    usdt_contract: config.USDT_TRC20_CONTRACT,
  };
}

const RANK: Record<TPlan, number> = { TRIAL: 0, VIP: 1, PREMIUM: 2 };

/**
 * A confirmed payment stacks onto unexpired time: the new expiry is max(now, current unexpired
 * expiry) + 30 days, and the plan becomes the higher of the paid plan and the current unexpired
 * one (a PREMIUM member who buys VIP keeps PREMIUM; a VIP member who buys PREMIUM is PREMIUM for
 * all the remaining time too — the simple rule the operator asked for, no pro-rating).
 */
export function stackPlan(
  current: { plan: TPlan; planExpiresAt: Date | null },
  paid: TPaidPlan,
  now = new Date(),
): { plan: TPaidPlan; expiresAt: Date } {
  const unexpired = current.plan !== "TRIAL" && current.planExpiresAt !== null && current.planExpiresAt > now;
  const base = unexpired ? current.planExpiresAt! : now;
  const plan = unexpired && RANK[current.plan] > RANK[paid] ? (current.plan as TPaidPlan) : paid;
  return { plan, expiresAt: new Date(base.getTime() + PLAN_DAYS * 86_400_000) };
}

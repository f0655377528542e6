import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "../env";
import { listPlans, planPrice, stackPlan } from "./plans";

const DAY = 86_400_000;
const now = new Date("2026-11-25T12:00:00Z");
const inDays = (d: number) => new Date(now.getTime() + d * DAY);

describe("stackPlan", () => {
  it.each([
    ["TRIAL buys VIP", { plan: "TRIAL", planExpiresAt: null }, "VIP", "VIP", 30],
    ["TRIAL buys PREMIUM", { plan: "TRIAL", planExpiresAt: null }, "PREMIUM", "PREMIUM", 30],
    ["VIP (10 days left) buys VIP", { plan: "VIP", planExpiresAt: inDays(10) }, "VIP", "VIP", 40],
    ["VIP (10 days left) buys PREMIUM", { plan: "VIP", planExpiresAt: inDays(10) }, "PREMIUM", "PREMIUM", 40],
    ["PREMIUM (5 days left) buys VIP", { plan: "PREMIUM", planExpiresAt: inDays(5) }, "VIP", "PREMIUM", 35],
    ["expired PREMIUM buys VIP", { plan: "PREMIUM", planExpiresAt: inDays(-3) }, "VIP", "VIP", 30],
    ["VIP expiring exactly now buys VIP", { plan: "VIP", planExpiresAt: now }, "VIP", "VIP", 30],
    ["VIP without an expiry (data error) buys VIP", { plan: "VIP", planExpiresAt: null }, "VIP", "VIP", 30],
  ] as const)("%s → %s for %i days", (_name, current, paid, plan, days) => {
    expect(stackPlan(current, paid, now)).toEqual({ plan, expiresAt: inDays(days) });
  });
});

describe("plans from config", () => {
  afterEach(() => {
    delete process.env.PLAN_PRICE_VIP;
    delete process.env.PLAN_PRICE_PREMIUM;
    delete process.env.USDT_TRC20_ADDRESS;
    resetEnvForTests();
  });

  it("prices are decimals from the environment, the address null until configured", () => {
    process.env.PLAN_PRICE_VIP = "19.99";
    process.env.PLAN_PRICE_PREMIUM = "120.5";
    resetEnvForTests();
    expect(planPrice("VIP").toString()).toBe("19.99");
    expect(listPlans()).toMatchObject({
      network: "TRC20",
      currency: "USDT",
      address: null,
      plans: [
        { plan: "VIP", price_usdt: "19.99", days: 30 },
        { plan: "PREMIUM", price_usdt: "120.5", days: 30 },
      ],
    });
  });
});

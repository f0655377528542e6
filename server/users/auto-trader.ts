// Who the auto-trader copies a new signal for (SPEC §6): PREMIUM right now (effectivePlan: a paid plan
// without an expiry date is entitled), auto-trade on, account active. One rule in the three forms its
// callers need — a predicate, a Prisma filter (the broadcast hold asks "is there anyone?") and an SQL
// condition (the fan-out loads its users in batches of thousands with raw SQL). auto-trader.int.test.ts
// holds the three against each other: if they drift, broadcasts are held for nobody or released early.
import type { Prisma } from "../db/client";
import { effectivePlan, type TPlan } from "./plan";

export type TAutoTraderFields = { plan: TPlan; planExpiresAt: Date | null; autoTradeEnabled: boolean; isActive: boolean };

export function isAutoTrader(u: TAutoTraderFields, now: Date): boolean {
  return effectivePlan(u, now) === "PREMIUM" && u.autoTradeEnabled && u.isActive;
}

export function autoTraderWhere(now: Date): Prisma.UserWhereInput {
  return { plan: "PREMIUM", autoTradeEnabled: true, isActive: true, OR: [{ planExpiresAt: null }, { planExpiresAt: { gt: now } }] };
}

/** The rule over the users row `u`; `now` is an SQL expression of type timestamptz (e.g. "$2::timestamptz"). */
export function autoTraderSql(u: string, now: string): string {
  return `${u}.plan = 'PREMIUM' AND (${u}.plan_expires_at IS NULL OR ${u}.plan_expires_at > (${now} AT TIME ZONE 'UTC'))
  AND ${u}.auto_trade_enabled AND ${u}.is_active`;
}

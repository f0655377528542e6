// GET/PUT /api/risk/limits/me: the user's risk settings (the "risk" settings group, which validates
// every field: ranges, types, max concurrent ≤ 50, percentages ≤ 100) plus where the user stands now.
import { db } from "../db/client";
import { getSettings, updateSettings } from "../users/settings";
import { utcDayStart } from "./clock";

export async function getRiskLimits(userId: number, now: Date = new Date()) {
  const [settings, open, today, pnl] = await Promise.all([
    getSettings(userId, "risk"),
    db().position.aggregate({ where: { userId, status: "OPEN" }, _count: { _all: true }, _sum: { margin: true } }),
    db().position.count({ where: { userId, status: { not: "FAILED" }, openedAt: { gte: utcDayStart(now) } } }),
    db().dailyPnl.findUnique({ where: { userId_day: { userId, day: utcDayStart(now) } }, select: { realizedPnl: true, realizedPct: true, lastLossAt: true } }),
  ]);
  return {
    ...settings,
    current: {
      open_trades: open._count._all,
      exposure_usdt: (open._sum.margin ?? 0).toString(),
      today_trades: today,
      today_pnl_usdt: pnl?.realizedPnl.toFixed() ?? "0",
      today_pnl_pct: pnl?.realizedPct.toFixed() ?? "0",
      last_loss_at: pnl?.lastLossAt?.toISOString() ?? null,
    },
  };
}

/** Invalid input → 400 naming the field, nothing saved (the settings group's validation). */
export async function updateRiskLimits(userId: number, input: unknown, now: Date = new Date()) {
  await updateSettings(userId, "risk", input);
  return getRiskLimits(userId, now);
}

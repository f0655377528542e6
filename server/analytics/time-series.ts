// Time series the admin dashboard charts (issue 12): one point per UTC day for the last `days`
// days including today, days without data as zeros. One grouped query per series; the days are
// filled in here, so a chart never has holes.
//
// - signups: subscriber accounts created that day, by their plan now (TRIAL / VIP / PREMIUM).
// - revenue: CONFIRMED payments by confirmation day, paid amount in USDT (exact decimal strings).
// - signals: signals created that day by outcome — WIN / LOSS / BREAKEVEN once closed, OPEN before.
// - profit: realized profit % of the signals closed that day, and the running total since the
//   first signal ever (the track record's curve; the window's first point carries what came before).
// - pnl: the auto-trader's realized P&L (USDT) of positions closed that day, paper and live apart.
// - blocked: trades the risk engine refused that day, by rule.
// Every series reads per-day aggregates (rollups.ts), so 365 days of a large platform answer in
// milliseconds.
import { z } from "zod";
import { Prisma } from "../db/client";
import { DAY_MS, utcDayStart } from "../risk/clock";
import { rollupRows } from "./rollups";

export const SERIES = ["signups", "revenue", "signals", "profit", "pnl", "blocked"] as const;
export type TSeriesName = (typeof SERIES)[number];

export const ZSeriesQuery = z.object({
  days: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(365, "must be at most 365").default(30),
});
export const ZSeriesName = z.enum(SERIES, { error: `must be one of ${SERIES.join(", ")}` });

type TRow = { day: string; key: string; n: bigint; amount: string | null };
type TPoint = { date: string } & Record<string, number | string>;

const dec = (s: string | null | undefined) => new Prisma.Decimal(s ?? "0");

function toPoint(name: TSeriesName, date: string, rows: TRow[], carry: { profit: Prisma.Decimal }): TPoint {
  const n = (key: string) => Number(rows.find((r) => r.key === key)?.n ?? 0n);
  const amount = (key: string) => dec(rows.find((r) => r.key === key)?.amount);
  switch (name) {
    case "signups":
      return { date, TRIAL: n("TRIAL"), VIP: n("VIP"), PREMIUM: n("PREMIUM"), total: n("TRIAL") + n("VIP") + n("PREMIUM") };
    case "revenue":
      return { date, revenue_usdt: amount("revenue").toFixed(), payments: n("revenue") };
    case "signals":
      return { date, WIN: n("WIN"), LOSS: n("LOSS"), BREAKEVEN: n("BREAKEVEN"), OPEN: n("OPEN"), total: rows.reduce((t, r) => t + Number(r.n), 0) };
    case "profit":
      carry.profit = carry.profit.plus(amount("profit"));
      return { date, closed: n("profit"), profit_pct: amount("profit").toFixed(), cumulative_pct: carry.profit.toFixed() };
    case "pnl":
      return { date, paper_usdt: amount("paper").toFixed(), live_usdt: amount("live").toFixed(), paper_trades: n("paper"), live_trades: n("live") };
    case "blocked":
      return { date, total: rows.reduce((t, r) => t + Number(r.n), 0), ...Object.fromEntries(rows.map((r) => [r.key, Number(r.n)])) };
  }
}

export async function getTimeSeries(name: TSeriesName, days: number, now = new Date()) {
  const to = new Date(utcDayStart(now).getTime() + DAY_MS);
  const from = new Date(to.getTime() - days * DAY_MS);
  const byDay = new Map<string, TRow[]>();
  for (const r of await rollupRows(name, from, to, now)) byDay.set(r.day, [...(byDay.get(r.day) ?? []), r]);
  const carry = { profit: dec(byDay.get("before")?.[0]?.amount) };
  const points: TPoint[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += DAY_MS) {
    const date = new Date(t).toISOString().slice(0, 10);
    points.push(toPoint(name, date, byDay.get(date) ?? [], carry));
  }
  return { series: name, days, from: from.toISOString(), to: to.toISOString(), points };
}

// GET /api/positions/history?days=30: the closed positions of the window and the daily aggregates
// (daily_pnl, one row per user and UTC day, updated on each close by the trading core: net and gross
// P&L, fees, win rate, and the day's max drawdown). The tRPC `trading.history` returns the same.
import { db } from "../../db/client";
import { dec, money, pct } from "../../decimal";
import { POSITION_SELECT, toPositionDtos } from "../position-dto";
import type { THistoryQuery } from "./schemas";

const DAY_MS = 86_400_000;

const winRate = (wins: number, trades: number) => (trades === 0 ? null : pct(dec(wins).div(trades).mul(100)));

export async function getPositionHistory(userId: number, query: Pick<THistoryQuery, "days" | "page" | "per_page">, now = new Date()) {
  const since = new Date(now.getTime() - query.days * DAY_MS);
  const firstDay = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (query.days - 1) * DAY_MS);
  const where = { userId, status: "CLOSED" as const, closedAt: { gte: since } };
  const [rows, total, days] = await db().$transaction([
    db().position.findMany({ where, select: POSITION_SELECT, orderBy: [{ closedAt: "desc" }, { id: "desc" }], skip: (query.page - 1) * query.per_page, take: query.per_page }),
    db().position.count({ where }),
    db().dailyPnl.findMany({ where: { userId, day: { gte: firstDay } }, orderBy: { day: "desc" } }),
  ]);
  const daily = days.map((d) => ({
    day: d.day.toISOString().slice(0, 10),
    trades: d.trades,
    wins: d.wins,
    losses: d.losses,
    win_rate_pct: winRate(d.wins, d.trades),
    realized_pnl: d.realizedPnl.toFixed(),
    realized_pct: d.realizedPct.toFixed(),
    gross_pnl: d.grossPnl.toFixed(),
    gross_pct: d.grossPct.toFixed(),
    fees: d.fees.toFixed(),
    max_drawdown_pnl: d.maxDrawdownPnl.toFixed(),
    max_drawdown_pct: d.maxDrawdownPct.toFixed(),
  }));
  const sum = (f: (d: (typeof days)[number]) => number) => days.reduce((a, d) => a + f(d), 0);
  const trades = sum((d) => d.trades);
  const wins = sum((d) => d.wins);
  const sumMoney = (f: (d: (typeof days)[number]) => { toFixed(): string }) => money(days.reduce((a, d) => a.add(f(d).toFixed()), dec(0)));
  return {
    user_id: userId,
    days: query.days,
    since: since.toISOString(),
    positions: await toPositionDtos(rows),
    page: query.page,
    per_page: query.per_page,
    total,
    daily,
    totals: {
      trades,
      wins,
      losses: sum((d) => d.losses),
      win_rate_pct: winRate(wins, trades),
      realized_pnl: sumMoney((d) => d.realizedPnl),
      gross_pnl: sumMoney((d) => d.grossPnl),
      fees: sumMoney((d) => d.fees),
    },
  };
}

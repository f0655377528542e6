// GET /api/positions/history?days=30: the closed positions of the window and the daily aggregates
// (daily_pnl, one row per user and UTC day, updated on each close by the trading core).
import { db } from "../db/client";
import { dec, money, pct } from "../exchange/decimal";
import { POSITION_SELECT, toPositionDtos } from "../trading/position-dto";
import type { THistoryQuery } from "./schemas";

const DAY_MS = 86_400_000;

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
    realized_pnl: d.realizedPnl.toFixed(),
    realized_pct: d.realizedPct.toFixed(),
  }));
  const sum = (f: (d: (typeof days)[number]) => number) => days.reduce((a, d) => a + f(d), 0);
  const trades = sum((d) => d.trades);
  const wins = sum((d) => d.wins);
  const realized = days.reduce((a, d) => a.add(d.realizedPnl.toFixed()), dec(0));
  return {
    user_id: userId,
    days: query.days,
    since: since.toISOString(),
    positions: await toPositionDtos(rows),
    page: query.page,
    per_page: query.per_page,
    total,
    daily,
    totals: { trades, wins, losses: sum((d) => d.losses), win_rate_pct: trades === 0 ? null : pct(dec(wins).div(trades).mul(100)), realized_pnl: money(realized) },
  };
}

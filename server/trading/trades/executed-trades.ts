// The executed-trades log (SPEC §6, seed phase 2): trade confirmations the app posts after a trade,
// stored as sent and listed per user, newest first.
import { db, type Prisma } from "../../db/client";
import type { TListExecutedTradesQuery, TExecutedTradeInput } from "./schemas";

const SELECT = { id: true, userId: true, symbol: true, side: true, qty: true, price: true, result: true, executedAt: true, createdAt: true } satisfies Prisma.ExecutedTradeSelect;
type TRow = Prisma.ExecutedTradeGetPayload<{ select: typeof SELECT }>;

export function toExecutedTradeDto(row: TRow) {
  return {
    id: row.id,
    user_id: row.userId,
    symbol: row.symbol,
    side: row.side,
    qty: row.qty.toFixed(),
    price: row.price.toFixed(),
    notional: row.qty.mul(row.price).toFixed(),
    result: row.result,
    executed_at: row.executedAt.toISOString(),
    created_at: row.createdAt.toISOString(),
  };
}

export async function recordExecutedTrade(userId: number, input: TExecutedTradeInput) {
  const row = await db().executedTrade.create({
    data: { userId, symbol: input.symbol, side: input.side, qty: input.qty, price: input.price, result: input.result ?? null, executedAt: input.executed_at ?? new Date() },
    select: SELECT,
  });
  return toExecutedTradeDto(row);
}

export async function listExecutedTrades(userId: number, query: Pick<TListExecutedTradesQuery, "page" | "per_page">) {
  const where = { userId };
  const [rows, total] = await db().$transaction([
    db().executedTrade.findMany({ where, select: SELECT, orderBy: [{ executedAt: "desc" }, { id: "desc" }], skip: (query.page - 1) * query.per_page, take: query.per_page }),
    db().executedTrade.count({ where }),
  ]);
  return { trades: rows.map(toExecutedTradeDto), page: query.page, per_page: query.per_page, total };
}

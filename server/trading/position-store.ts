// Set-based reads and writes of positions, orders, fills and daily P&L, used on the hot paths (the
// fan-out, the price monitor, signal events): one statement per table for any number of rows, with
// the rows passed as arrays (unnest). Decimals travel as text both ways — never as JS numbers — and
// timestamps as ISO strings read in UTC (the columns are `timestamp` in UTC, as Prisma writes them).
import type pg from "pg";
import type { TTx } from "../db/client";
import { dec, money, pct } from "../exchange/decimal";
import type { TFillRow, TOrderRow, TPositionRow } from "./position-math";

/** Raw SQL on either a Prisma transaction or a plain pg client (the settlement hot path skips Prisma). */
export type TSql = {
  query<T>(sql: string, ...params: unknown[]): Promise<T[]>;
  exec(sql: string, ...params: unknown[]): Promise<number>;
};
export const prismaSql = (tx: TTx): TSql => ({ query: (sql, ...p) => tx.$queryRawUnsafe(sql, ...p), exec: (sql, ...p) => tx.$executeRawUnsafe(sql, ...p) });
export const pgSql = (c: pg.PoolClient): TSql => ({
  query: async <T>(sql: string, ...p: unknown[]) => (await c.query(sql, p)).rows as T[],
  exec: async (sql, ...p) => (await c.query(sql, p)).rowCount ?? 0,
});

/** `$n` as a UTC timestamp for a `timestamp(3)` column. */
export const utc = (n: number) => `($${n}::timestamptz AT TIME ZONE 'UTC')`;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export type TStoredOrder = TOrderRow & { positionId: string; userId: number };

const POSITION_COLUMNS = `p.id::text AS id, p.user_id AS "userId", p.signal_id::text AS "signalId", p.symbol, p.direction::text AS direction,
  p.mode::text AS mode, p.status::text AS status, p.leverage, p.entry_price::text AS "entryPrice", p.qty::text AS qty,
  p.remaining_qty::text AS "remainingQty", p.margin::text AS margin, p.realized_pnl::text AS "realizedPnl", p.fees::text AS fees,
  p.targets_hit AS "targetsHit", p.stop_loss::text AS "stopLoss", p.next_tp_price::text AS "nextTpPrice", p.pnl_pct::text AS "pnlPct",
  p.close_reason AS "closeReason", NULL::timestamptz AS "closedAt", u.move_sl_to_entry_after_tp1 AS "moveSlToEntryAfterTp1",
  u.capital_usdt::text AS "capitalUsdt"`;

export type TLockedPosition = TPositionRow & { capitalUsdt: string };

/** Locks the positions (in id order, so two settlers never deadlock) and reads them with their owner's settings. */
export async function lockPositions(sql: TSql, ids: string[]): Promise<TLockedPosition[]> {
  if (ids.length === 0) return [];
  return sql.query<TLockedPosition>(
    `SELECT ${POSITION_COLUMNS} FROM positions p JOIN users u ON u.id = p.user_id WHERE p.id = ANY($1::uuid[]) ORDER BY p.id FOR UPDATE OF p`,
    ids,
  );
}

/** The orders settlement needs: those still working, and every stop and close (their count numbers the next client id). */
export async function loadOrders(sql: TSql, positionIds: string[]): Promise<TStoredOrder[]> {
  if (positionIds.length === 0) return [];
  return sql.query<TStoredOrder>(
    `SELECT id::text AS id, position_id::text AS "positionId", user_id AS "userId", client_order_id AS "clientOrderId",
       exchange_order_id AS "exchangeOrderId", kind::text AS kind, side::text AS side, type, target_index AS "targetIndex",
       qty::text AS qty, price::text AS price, trigger_price::text AS "triggerPrice", reduce_only AS "reduceOnly",
       status::text AS status, filled_qty::text AS "filledQty", avg_price::text AS "avgPrice"
     FROM orders WHERE position_id = ANY($1::uuid[])
       AND (status IN ('NEW', 'OPEN', 'PARTIALLY_FILLED') OR kind IN ('STOP_LOSS', 'CLOSE'))
     ORDER BY created_at, id`,
    positionIds,
  );
}

export async function insertOrders(sql: TSql, rows: TStoredOrder[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  const c = <K extends keyof TStoredOrder>(k: K) => rows.map((r) => r[k]);
  await sql.exec(
    `INSERT INTO orders (id, position_id, user_id, client_order_id, exchange_order_id, kind, side, type, target_index, qty, price,
       trigger_price, reduce_only, status, filled_qty, avg_price, created_at, updated_at)
     SELECT u.id, u.position_id, u.user_id, u.coid, u.xid, u.kind::"OrderKind", u.side::"OrderSide", u.type, u.target_index,
       u.qty::numeric, u.price::numeric, u.trigger_price::numeric, u.reduce_only, u.status::"OrderStatus", u.filled::numeric,
       u.avg::numeric, ${utc(17)}, ${utc(17)}
     FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::text[],
       $11::text[], $12::text[], $13::bool[], $14::text[], $15::text[], $16::text[])
       AS u(id, position_id, user_id, coid, xid, kind, side, type, target_index, qty, price, trigger_price, reduce_only, status, filled, avg)
     ON CONFLICT (client_order_id) DO NOTHING`,
    c("id"), c("positionId"), c("userId"), c("clientOrderId"), c("exchangeOrderId"), c("kind"), c("side"), c("type"), c("targetIndex"),
    c("qty"), c("price"), c("triggerPrice"), c("reduceOnly"), c("status"), c("filledQty"), c("avgPrice"), now.toISOString(),
  );
}

/** Writes the status, fill and exchange id of existing orders. */
export async function updateOrders(sql: TSql, rows: TOrderRow[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await sql.exec(
    `UPDATE orders o SET status = u.status::"OrderStatus", filled_qty = u.filled::numeric, avg_price = u.avg::numeric,
       exchange_order_id = COALESCE(u.xid, o.exchange_order_id), updated_at = ${utc(6)}
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(id, status, filled, avg, xid) WHERE o.id = u.id`,
    rows.map((r) => r.id), rows.map((r) => r.status), rows.map((r) => r.filledQty), rows.map((r) => r.avgPrice),
    rows.map((r) => r.exchangeOrderId), now.toISOString(),
  );
}

export async function insertFills(sql: TSql, rows: TFillRow[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await sql.exec(
    `INSERT INTO fills (id, order_id, trade_id, qty, price, fee, created_at)
     SELECT u.id, u.order_id, u.trade_id, u.qty::numeric, u.price::numeric, u.fee::numeric, ${utc(7)}
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(id, order_id, trade_id, qty, price, fee)
     ON CONFLICT (order_id, trade_id) DO NOTHING`,
    rows.map((r) => r.id), rows.map((r) => r.orderId), rows.map((r) => r.tradeId), rows.map((r) => r.qty), rows.map((r) => r.price),
    rows.map((r) => r.fee), now.toISOString(),
  );
}

/** Writes what settlement changes on a position. */
export async function updatePositions(sql: TSql, rows: TPositionRow[]): Promise<void> {
  if (rows.length === 0) return;
  const c = <K extends keyof TPositionRow>(k: K) => rows.map((r) => r[k]);
  await sql.exec(
    `UPDATE positions p SET status = u.status::"PositionStatus", remaining_qty = u.remaining::numeric, realized_pnl = u.realized::numeric,
       fees = u.fees::numeric, targets_hit = u.targets_hit, pnl_pct = u.pnl_pct::numeric, next_tp_price = u.next_tp::numeric,
       stop_loss = u.stop::numeric, close_reason = u.reason, closed_at = (u.closed_at::timestamptz AT TIME ZONE 'UTC')
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
       AS u(id, status, remaining, realized, fees, targets_hit, pnl_pct, next_tp, stop, reason, closed_at)
     WHERE p.id = u.id`,
    c("id"), c("status"), c("remainingQty"), c("realizedPnl"), c("fees"), c("targetsHit"), c("pnlPct"), c("nextTpPrice"), c("stopLoss"),
    c("closeReason"), rows.map((r) => iso(r.closedAt)),
  );
}

export type TClosedTrade = { userId: number; pnl: string; capitalUsdt: string; closedAt: Date };

/**
 * Daily P&L per user and UTC day, one row per (user, day), updated in the transaction that closes the
 * trades: trades, wins (P&L > 0), losses (P&L < 0), realized USDT, and realized % of the user's capital.
 */
export async function addToDailyPnl(sql: TSql, trades: TClosedTrade[]): Promise<void> {
  if (trades.length === 0) return;
  const byKey = new Map<string, { userId: number; day: string; trades: number; wins: number; losses: number; pnl: string; pct: string; lastLoss: Date | null }>();
  for (const t of trades) {
    const day = t.closedAt.toISOString().slice(0, 10);
    const key = `${t.userId}:${day}`;
    const row = byKey.get(key) ?? { userId: t.userId, day, trades: 0, wins: 0, losses: 0, pnl: "0", pct: "0", lastLoss: null };
    const pnl = dec(t.pnl);
    row.trades += 1;
    if (pnl.gt(0)) row.wins += 1;
    if (pnl.lt(0)) {
      row.losses += 1;
      row.lastLoss = row.lastLoss && row.lastLoss > t.closedAt ? row.lastLoss : t.closedAt;
    }
    row.pnl = money(dec(row.pnl).add(pnl));
    row.pct = dec(t.capitalUsdt).gt(0) ? pct(dec(row.pct).add(pnl.div(t.capitalUsdt).mul(100))) : row.pct;
    byKey.set(key, row);
  }
  // (user, day) order: concurrent settlements lock the shared rows in the same order, never deadlocking.
  const rows = [...byKey.values()].sort((a, b) => a.userId - b.userId || a.day.localeCompare(b.day));
  await sql.exec(
    `INSERT INTO daily_pnl (user_id, day, trades, wins, losses, realized_pnl, realized_pct, last_loss_at)
     SELECT u.user_id, u.day::date, u.trades, u.wins, u.losses, u.pnl::numeric, u.pct::numeric, (u.last_loss::timestamptz AT TIME ZONE 'UTC')
     FROM unnest($1::int[], $2::text[], $3::int[], $4::int[], $5::int[], $6::text[], $7::text[], $8::text[])
       AS u(user_id, day, trades, wins, losses, pnl, pct, last_loss)
     ON CONFLICT (user_id, day) DO UPDATE SET trades = daily_pnl.trades + EXCLUDED.trades, wins = daily_pnl.wins + EXCLUDED.wins,
       losses = daily_pnl.losses + EXCLUDED.losses, realized_pnl = daily_pnl.realized_pnl + EXCLUDED.realized_pnl,
       realized_pct = daily_pnl.realized_pct + EXCLUDED.realized_pct,
       last_loss_at = GREATEST(daily_pnl.last_loss_at, EXCLUDED.last_loss_at)`,
    rows.map((r) => r.userId), rows.map((r) => r.day), rows.map((r) => r.trades), rows.map((r) => r.wins), rows.map((r) => r.losses),
    rows.map((r) => r.pnl), rows.map((r) => r.pct), rows.map((r) => iso(r.lastLoss)),
  );
}

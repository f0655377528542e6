// Set-based reads and writes of positions, orders, fills and daily P&L, used on the hot paths (the
// fan-out, the price monitor, signal events): one statement per table for any number of rows, with
// the rows passed as arrays (unnest). Decimals travel as text both ways — never as JS numbers — and
// timestamps as ISO strings read in UTC (the columns are `timestamp` in UTC, as Prisma writes them).
import type { TSql } from "../db/sql";
import { traderSettingsOfSql } from "../users/trader-settings";
import { addTradesToDay, EMPTY_DAY, groupByUserDay, type TDailyPnl, type TDayTrade } from "./daily-pnl";
import type { TFillRow, TOrderRow, TPositionRow } from "./position-math";

/** `$n` as a UTC timestamp for a `timestamp(3)` column. */
export const utc = (n: number) => `($${n}::timestamptz AT TIME ZONE 'UTC')`;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export type TStoredOrder = TOrderRow & { positionId: string; userId: number };

const POSITION_COLUMNS = `p.id::text AS id, p.user_id AS "userId", p.signal_id::text AS "signalId", p.symbol, p.direction::text AS direction,
  p.mode::text AS mode, p.status::text AS status, p.leverage, p.entry_price::text AS "entryPrice", p.qty::text AS qty,
  p.remaining_qty::text AS "remainingQty", p.margin::text AS margin, p.realized_pnl::text AS "realizedPnl", p.fees::text AS fees,
  p.targets_hit AS "targetsHit", p.stop_loss::text AS "stopLoss", p.next_tp_price::text AS "nextTpPrice", p.pnl_pct::text AS "pnlPct",
  p.close_reason AS "closeReason", NULL::timestamptz AS "closedAt", s."moveSlToEntryAfterTp1",
  p.trailing_stop_pct::text AS "trailingStopPct", p.trailing_after_tp AS "trailingAfterTp", p.trail_extreme::text AS "trailExtreme",
  s."capitalUsdt"`;

/** The owner's settings settlement needs, read in the locking statement (users/ owns the columns). */
const OWNER_SETTINGS = traderSettingsOfSql("p.user_id", ["capitalUsdt", "moveSlToEntryAfterTp1"]);

export type TLockedPosition = TPositionRow & { capitalUsdt: string };

/** Locks the positions (in id order, so two settlers never deadlock) and reads them with their owner's settings. */
export async function lockPositions(sql: TSql, ids: string[]): Promise<TLockedPosition[]> {
  if (ids.length === 0) return [];
  return sql.query<TLockedPosition>(
    `SELECT ${POSITION_COLUMNS} FROM positions p CROSS JOIN LATERAL ${OWNER_SETTINGS} s WHERE p.id = ANY($1::uuid[]) ORDER BY p.id FOR UPDATE OF p`,
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
       stop_loss = u.stop::numeric, close_reason = u.reason, closed_at = (u.closed_at::timestamptz AT TIME ZONE 'UTC'),
       trail_extreme = u.trail_extreme::numeric
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
       $12::text[])
       AS u(id, status, remaining, realized, fees, targets_hit, pnl_pct, next_tp, stop, reason, closed_at, trail_extreme)
     WHERE p.id = u.id`,
    c("id"), c("status"), c("remainingQty"), c("realizedPnl"), c("fees"), c("targetsHit"), c("pnlPct"), c("nextTpPrice"), c("stopLoss"),
    c("closeReason"), rows.map((r) => iso(r.closedAt)), c("trailExtreme"),
  );
}

export type TClosedTrade = TDayTrade & { userId: number };

type TDailyPnlRow = TDailyPnl & { userId: number; day: string };

const DAILY_PNL_COLUMNS = `user_id AS "userId", to_char(day, 'YYYY-MM-DD') AS day, trades, wins, losses, realized_pnl::text AS "realizedPnl",
  realized_pct::text AS "realizedPct", gross_pnl::text AS "grossPnl", fees::text AS fees, gross_pct::text AS "grossPct",
  peak_pnl::text AS "peakPnl", max_drawdown_pnl::text AS "maxDrawdownPnl", max_drawdown_pct::text AS "maxDrawdownPct",
  to_char(last_loss_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "lastLossAt"`;

/**
 * Daily P&L per user and UTC day (daily-pnl.ts), updated in the transaction that closes the trades.
 * The running peak and drawdown depend on the order of the closes, so each row is locked and read
 * first, the chunk's trades are folded into it in close order, and the result is written back: two
 * statements per chunk for any number of rows.
 */
export async function addToDailyPnl(sql: TSql, trades: TClosedTrade[]): Promise<void> {
  if (trades.length === 0) return;
  const groups = groupByUserDay(trades);
  // Creates the missing rows and locks them all (the no-op update returns the latest row), in (user,
  // day) order: concurrent settlements lock the shared rows in the same order, never deadlocking.
  const current = await sql.query<Omit<TDailyPnlRow, "lastLossAt"> & { lastLossAt: string | null }>(
    `INSERT INTO daily_pnl (user_id, day) SELECT u.user_id, u.day::date FROM unnest($1::int[], $2::text[]) AS u(user_id, day)
     ON CONFLICT (user_id, day) DO UPDATE SET trades = daily_pnl.trades RETURNING ${DAILY_PNL_COLUMNS}`,
    groups.map((g) => g.userId), groups.map((g) => g.day),
  );
  const byKey = new Map(current.map((r) => [`${r.userId}:${r.day}`, { ...r, lastLossAt: r.lastLossAt === null ? null : new Date(r.lastLossAt) }]));
  const rows: TDailyPnlRow[] = groups.map((g) => ({ userId: g.userId, day: g.day, ...addTradesToDay(byKey.get(`${g.userId}:${g.day}`) ?? EMPTY_DAY, g.trades) }));
  const c = <K extends keyof TDailyPnlRow>(k: K) => rows.map((r) => r[k]);
  await sql.exec(
    `UPDATE daily_pnl d SET trades = u.trades, wins = u.wins, losses = u.losses, realized_pnl = u.realized::numeric,
       realized_pct = u.realized_pct::numeric, gross_pnl = u.gross::numeric, fees = u.fees::numeric, gross_pct = u.gross_pct::numeric,
       peak_pnl = u.peak::numeric, max_drawdown_pnl = u.dd::numeric, max_drawdown_pct = u.dd_pct::numeric,
       last_loss_at = (u.last_loss::timestamptz AT TIME ZONE 'UTC')
     FROM unnest($1::int[], $2::text[], $3::int[], $4::int[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
       $12::text[], $13::text[], $14::text[])
       AS u(user_id, day, trades, wins, losses, realized, realized_pct, gross, fees, gross_pct, peak, dd, dd_pct, last_loss)
     WHERE d.user_id = u.user_id AND d.day = u.day::date`,
    c("userId"), c("day"), c("trades"), c("wins"), c("losses"), c("realizedPnl"), c("realizedPct"), c("grossPnl"), c("fees"), c("grossPct"),
    c("peakPnl"), c("maxDrawdownPnl"), c("maxDrawdownPct"), rows.map((r) => iso(r.lastLossAt)),
  );
}

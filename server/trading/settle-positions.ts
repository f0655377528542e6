// Applies fills and closes to many positions at once (the price monitor, signal events, a manual
// close): lock the positions, read them and their orders, let position-math decide, write the
// result back with one statement per table, and add every closed trade to the daily P&L — all in
// one transaction per chunk, so a position is never settled twice by two racing jobs.
import { randomUUID } from "node:crypto";
import { inPgTransaction, type TSql } from "../db/sql";
import { env } from "../env";
import { endPhase } from "../lib/phase-timer";
import { announceChange } from "../live-updates/live-updates";
import { DEFAULT_PAPER_FEE_RATE } from "../exchange/paper-exchange";
import { settlePosition, type TOrderRow, type TSettleAction } from "./position-math";
import { addToDailyPnl, insertFills, insertOrders, loadOrders, lockPositions, updateOrders, updatePositions, type TStoredOrder } from "./position-store";

export type TSettleItem = { positionId: string; actions: TSettleAction[] };

export type TClosedPosition = {
  positionId: string;
  userId: number;
  signalId: string | null;
  symbol: string;
  direction: "LONG" | "SHORT";
  mode: string;
  /** Realized P&L of the whole trade, USDT, fees included. */
  pnl: string;
  /** The same in % of the margin. */
  pnlPct: string;
  reason: string;
};

/** What a live position still needs on the exchange after the database was settled. */
export type TLiveFollowUp = { positionId: string; userId: number; symbol: string; toCancel: TOrderRow[]; toPlace: TStoredOrder[] };

export type TSettleSummary = { settled: number; fills: number; closed: TClosedPosition[]; liveFollowUps: TLiveFollowUp[] };

export type TSettleOptions = {
  now?: Date;
  feeRate?: string;
  chunkSize?: number;
  /** Paper market fills' slippage in basis points; default PAPER_SLIPPAGE_BPS. */
  slippageBps?: number;
};

const emptySummary = (): TSettleSummary => ({ settled: 0, fills: 0, closed: [], liveFollowUps: [] });

/** Settles inside the caller's transaction (`prismaSql(tx)` or a pg client in a transaction). */
export async function settlePositionsInTx(tx: TSql, items: TSettleItem[], options: TSettleOptions = {}): Promise<TSettleSummary> {
  const now = options.now ?? new Date();
  const feeRate = options.feeRate ?? DEFAULT_PAPER_FEE_RATE;
  const slippageBps = options.slippageBps ?? env().PAPER_SLIPPAGE_BPS;
  const actions = new Map<string, TSettleAction[]>();
  for (const item of items) actions.set(item.positionId, [...(actions.get(item.positionId) ?? []), ...item.actions]);
  let t = performance.now();
  const positions = await lockPositions(tx, [...actions.keys()]);
  t = endPhase("settle: lock + read positions", t);
  const orders = await loadOrders(tx, positions.map((p) => p.id));
  t = endPhase("settle: read orders", t);
  const ordersOf = new Map<string, TStoredOrder[]>();
  for (const o of orders) ordersOf.set(o.positionId, [...(ordersOf.get(o.positionId) ?? []), o]);

  const summary = emptySummary();
  const changedPositions = [];
  const updated: TOrderRow[] = [];
  const created: TStoredOrder[] = [];
  const fills = [];
  const closedTrades = [];
  for (const position of positions) {
    const s = settlePosition(position, ordersOf.get(position.id) ?? [], actions.get(position.id) ?? [], { feeRate, now, newId: randomUUID, slippageBps });
    if (!s.changed) continue;
    const owned = (o: TOrderRow): TStoredOrder => ({ ...o, positionId: position.id, userId: position.userId });
    changedPositions.push(s.position);
    updated.push(...s.updatedOrders);
    created.push(...s.newOrders.map(owned));
    fills.push(...s.fills);
    if (s.toCancel.length > 0 || s.toPlace.length > 0) {
      summary.liveFollowUps.push({ positionId: position.id, userId: position.userId, symbol: position.symbol, toCancel: s.toCancel, toPlace: s.toPlace.map(owned) });
    }
    if (s.closed) {
      const p = s.position;
      closedTrades.push({ userId: p.userId, pnl: p.realizedPnl, fees: p.fees, capitalUsdt: position.capitalUsdt, closedAt: now });
      summary.closed.push({ positionId: p.id, userId: p.userId, signalId: p.signalId, symbol: p.symbol, direction: p.direction, mode: p.mode, pnl: p.realizedPnl, pnlPct: p.pnlPct, reason: p.closeReason ?? "" });
    }
  }
  t = endPhase("settle: position math (JS)", t);
  await updateOrders(tx, updated, now);
  t = endPhase("settle: update orders", t);
  await insertOrders(tx, created, now);
  t = endPhase("settle: insert orders", t);
  await insertFills(tx, fills, now);
  t = endPhase("settle: insert fills", t);
  await updatePositions(tx, changedPositions);
  t = endPhase("settle: update positions", t);
  await addToDailyPnl(tx, closedTrades);
  endPhase("settle: daily P&L", t);
  summary.settled = changedPositions.length;
  summary.fills = fills.length;
  return summary;
}

/**
 * Settles in transactions of at most `chunkSize` positions (default 1,000), up to `parallel` (default
 * 3) at a time, on plain pg connections (this hot path skips Prisma). Chunks hold disjoint positions
 * and the one shared row kind (daily_pnl) is written in (user, day) order, so concurrent chunks never
 * deadlock; one connection (PGlite) simply runs them one after the other.
 */
export async function settlePositions(items: TSettleItem[], options: TSettleOptions & { parallel?: number } = {}): Promise<TSettleSummary> {
  const size = options.chunkSize ?? 1000;
  const chunks: TSettleItem[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  const total = emptySummary();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < chunks.length; i = next++) {
      const part = await inPgTransaction((sql) => settlePositionsInTx(sql, chunks[i]!, options));
      // Committed: a fill or a close changes what the dashboard lists (a moved stop alone does not).
      if (part.fills > 0 || part.closed.length > 0) void announceChange("positions");
      total.settled += part.settled;
      total.fills += part.fills;
      total.closed.push(...part.closed);
      total.liveFollowUps.push(...part.liveFollowUps);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel ?? 3, chunks.length) }, worker));
  return total;
}

// Writing LIVE positions before their orders go to Binance: each position OPEN with its entry, one
// reduce-only take-profit per target and the reduce-only stop, all NEW, under deterministic client
// order ids — for one user (a manual trade, one copy) or a fan-out's thousand in two statements.
// live-execution.ts then places exactly the orders not yet acknowledged. `ON CONFLICT (user_id,
// signal_id) DO NOTHING`: a copy that exists is not written again, nor are its orders.
import { randomUUID } from "node:crypto";
import { Prisma } from "../db/client";
import type { TSql } from "../db/sql";
import { clientOrderId } from "../exchange/client-order-id";
import type { TExchangeMode } from "../exchange/types";
import { nearestTarget, type TTrailingSetting } from "./paper-entries";
import { insertOrders, utc, type TStoredOrder } from "./position-store";
import type { TLivePosition } from "./live-execution";
import type { TTradePlan } from "./trade-plan";

export type TLiveEntry = {
  positionId: string;
  userId: number;
  mode: Exclude<TExchangeMode, "PAPER">;
  signalId: string | null;
  symbol: string;
  plan: TTradePlan;
  signalEntryPrice: string | null;
  trailing: TTrailingSetting | null;
};

/**
 * Inserts the positions that do not exist yet with their orders. Returns each inserted position as
 * executeLivePosition reads it (TLivePosition: the row as stored, its orders, the signal's time), so
 * a fan-out's thousand copies are not read back before their orders go out.
 */
export async function insertLiveEntries(sql: TSql, entries: TLiveEntry[], now: Date, signalCreatedAt: Date | null): Promise<Map<string, TLivePosition>> {
  if (entries.length === 0) return new Map();
  const c = <T>(f: (e: TLiveEntry) => T) => entries.map(f);
  const rows = await sql.query<{ id: string }>(
    `INSERT INTO positions (id, user_id, signal_id, symbol, direction, mode, status, leverage, qty, remaining_qty, notional, margin,
       stop_loss, targets, next_tp_price, signal_entry_price, trailing_stop_pct, trailing_after_tp, opened_at)
     SELECT u.id, u.user_id, u.signal_id, u.symbol, u.direction::"Direction", u.mode::"ExchangeMode", 'OPEN', u.leverage, u.qty::numeric,
       u.qty::numeric, u.notional::numeric, u.margin::numeric, u.stop::numeric, u.targets::numeric[], u.next_tp::numeric,
       u.signal_entry::numeric, u.trail_pct::numeric, u.trail_after, ${utc(17)}
     FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::text[], $10::text[],
       $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::int[])
       AS u(id, user_id, signal_id, symbol, direction, mode, leverage, qty, notional, margin, stop, targets, next_tp, signal_entry, trail_pct, trail_after)
     ON CONFLICT (user_id, signal_id) DO NOTHING
     RETURNING id::text AS id`,
    c((e) => e.positionId), c((e) => e.userId), c((e) => e.signalId), c((e) => e.symbol), c((e) => e.plan.direction), c((e) => e.mode),
    c((e) => e.plan.leverage), c((e) => e.plan.qty), c((e) => e.plan.notional), c((e) => e.plan.margin), c((e) => e.plan.stopLoss),
    c((e) => `{${e.plan.targets.map((t) => t.price).join(",")}}`), c((e) => nearestTarget(e.plan)), c((e) => e.signalEntryPrice),
    c((e) => e.trailing?.pct ?? null), c((e) => e.trailing?.afterTp ?? null), now.toISOString(),
  );
  const inserted = new Set(rows.map((r) => r.id));
  const written = entries.filter((e) => inserted.has(e.positionId)).map((e) => ({ e, orders: liveOrders(e) }));
  await insertOrders(sql, written.flatMap((w) => w.orders), now);
  return new Map(written.map(({ e, orders }) => [e.positionId, storedPosition(e, orders, now, signalCreatedAt)]));
}

const decimal = (v: string) => new Prisma.Decimal(v);
const decimalOrNull = (v: string | null) => (v === null ? null : decimal(v));

/** The rows just inserted, as stored: the columns written above, the database's defaults for the rest. */
function storedPosition(e: TLiveEntry, orders: TStoredOrder[], now: Date, signalCreatedAt: Date | null): TLivePosition {
  const { plan } = e;
  return {
    id: e.positionId, userId: e.userId, signalId: e.signalId, symbol: e.symbol, direction: plan.direction, mode: e.mode, status: "OPEN",
    leverage: plan.leverage, entryPrice: null, qty: decimal(plan.qty), remainingQty: decimal(plan.qty), notional: decimal(plan.notional),
    margin: decimal(plan.margin), stopLoss: decimalOrNull(plan.stopLoss), targets: plan.targets.map((t) => decimal(t.price)),
    realizedPnl: decimal("0"), fees: decimal("0"), filledAtSignalPrice: false, closeReason: null, failureReason: null, failureCode: null,
    protected: true, targetsHit: 0, pnlPct: decimal("0"), nextTpPrice: decimalOrNull(nearestTarget(plan)),
    trailingStopPct: decimalOrNull(e.trailing?.pct ?? null), trailingAfterTp: e.trailing?.afterTp ?? null, trailExtreme: null,
    protectedCheckedAt: null, signalEntryPrice: decimalOrNull(e.signalEntryPrice), entryAckAt: null, entryLatencyMs: null, slippagePct: null,
    openedAt: now, closedAt: null,
    signal: signalCreatedAt ? { createdAt: signalCreatedAt } : null,
    orders: orders.map((o) => ({
      id: o.id, positionId: o.positionId, userId: o.userId, clientOrderId: o.clientOrderId, exchangeOrderId: o.exchangeOrderId, kind: o.kind,
      side: o.side, type: o.type, targetIndex: o.targetIndex, qty: decimal(o.qty), price: decimalOrNull(o.price), triggerPrice: decimalOrNull(o.triggerPrice),
      reduceOnly: o.reduceOnly, status: "NEW", filledQty: decimal("0"), avgPrice: null, error: null, createdAt: now, updatedAt: now,
    })),
  };
}

/** The entry, the take-profits with a quantity and the stop, in the order they are placed. */
function liveOrders(e: TLiveEntry): TStoredOrder[] {
  const { plan, positionId, userId } = e;
  const scope = e.signalId ? { signalId: e.signalId } : { positionId };
  const exit = plan.direction === "LONG" ? "SELL" : "BUY";
  const order = (leg: string, o: Pick<TStoredOrder, "kind" | "side" | "type" | "qty"> & Partial<TStoredOrder>): TStoredOrder => ({
    id: randomUUID(), positionId, userId, clientOrderId: clientOrderId({ userId, ...scope, leg }), exchangeOrderId: null, targetIndex: null,
    price: null, triggerPrice: null, reduceOnly: false, status: "NEW", filledQty: "0", avgPrice: null, ...o,
  });
  return [
    order("entry", { kind: "ENTRY", side: plan.direction === "LONG" ? "BUY" : "SELL", type: "MARKET", qty: plan.qty }),
    ...plan.targets
      .filter((t) => t.qty !== "0" && !/^0(\.0+)?$/.test(t.qty))
      .map((t) => order(`tp${t.index}`, { kind: "TAKE_PROFIT", side: exit, type: "LIMIT", targetIndex: t.index, qty: t.qty, price: t.price, reduceOnly: true })),
    ...(plan.stopLoss !== null ? [order("sl", { kind: "STOP_LOSS", side: exit, type: "STOP_MARKET", qty: plan.qty, triggerPrice: plan.stopLoss, reduceOnly: true })] : []),
  ];
}

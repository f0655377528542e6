// Live positions after the entry: what the exchange did with the resting orders (fills of take-
// profits and the stop), the follow-ups that decides (cancel what a close left, place a moved stop),
// and closing the rest reduce-only at market. Every database change goes through settle-positions.
//
// Reading the exchange costs one open-orders snapshot per symbol (normal + conditional) instead of
// one look-up per order; only the orders missing from it (filled, cancelled, expired) are looked up.
// A fill's trades are fetched so the settlement charges the exact commission (live-commissions.ts).
// An order the exchange cancelled or expired is left resting in the database for live-protection to
// replace — after any take-profit fill or such a disappearance the position's protection is checked.
import { db } from "../db/client";
import { AppError, toAppError } from "../errors";
import { clientOrderId } from "../exchange/client-order-id";
import { createExchange } from "../exchange/create-exchange";
import { dec } from "../exchange/decimal";
import type { TExchange, TExchangeOrder, TExchangeTrade } from "../exchange/types";
import { findTradingConnection } from "../exchanges/trading-connection";
import { logger } from "../logger";
import type { TTradingOptions } from "./options";
import type { TSettleAction } from "./position-math";
import { exactFeeDelta, fetchOrderTrades, recordExactFills } from "./live-commissions";
import { verifyProtection, type TProtectionCheck } from "./live-protection";
import { settlePositions, type TLiveFollowUp, type TSettleSummary } from "./settle-positions";

const RESTING = ["OPEN", "PARTIALLY_FILLED"] as const;
const GONE = new Set(["CANCELED", "EXPIRED", "REJECTED"]);

export type TReconcileOptions = {
  /** The symbol's open orders, already fetched (the watchdog reads them once per symbol and user). */
  openOrders?: TExchangeOrder[];
  /** Check the protection afterwards whatever happened (default: after a TP fill or a vanished order). */
  verify?: boolean;
  now?: Date;
};
export type TReconcileResult = TSettleSummary & { protection: TProtectionCheck | null };
type TFilled = { orderId: string; kind: string; trades: TExchangeTrade[] | null };

/** The exchange of a position's owner (FORBIDDEN when live trading is off or the keys are gone). */
export async function exchangeForUser(userId: number, options: TTradingOptions = {}): Promise<TExchange> {
  const conn = await findTradingConnection(userId);
  if (!conn) throw new AppError("FORBIDDEN", "the exchange connection was deleted: this live position is no longer managed by the platform");
  return createExchange(conn, options.exchangeOptions);
}

/** Reads the position's resting orders from the exchange, records what happened, checks its protection. */
export async function reconcileLivePosition(positionId: string, exchange: TExchange, extra: TSettleAction[] = [], opts: TReconcileOptions = {}): Promise<TReconcileResult> {
  const position = await db().position.findUniqueOrThrow({ where: { id: positionId }, select: { symbol: true } });
  const orders = await db().order.findMany({ where: { positionId, kind: { in: ["TAKE_PROFIT", "STOP_LOSS", "CLOSE"] }, status: { in: [...RESTING] }, exchangeOrderId: { not: null } } });
  const snapshot = opts.openOrders ?? (orders.length > 0 || opts.verify ? await exchange.openOrders(position.symbol) : []);
  const known = new Map(snapshot.map((o) => [o.clientOrderId, o]));
  const actions: TSettleAction[] = [];
  const filled: TFilled[] = [];
  let vanished = false;
  for (const o of orders) {
    const live = known.get(o.clientOrderId) ?? (await exchange.findOrder({ symbol: position.symbol, clientOrderId: o.clientOrderId, conditional: o.kind === "STOP_LOSS" }));
    if (!live) {
      vanished = true; // accepted once, unknown now: live-protection replaces it
      continue;
    }
    known.set(o.clientOrderId, live);
    const gone = GONE.has(live.status);
    vanished ||= gone && o.kind !== "CLOSE";
    if (dec(live.filledQty).gt(o.filledQty.toFixed()) && live.avgPrice) {
      const trades = await fetchOrderTrades(exchange, position.symbol, live.fillOrderId ?? live.exchangeOrderId);
      const fee = (await exactFeeDelta(o.id, live.filledQty, trades)) ?? live.fee;
      // A partly filled order the exchange then cancelled: record the fill, keep the rest for live-protection.
      actions.push({ type: "exchange", orderId: o.id, status: gone && o.kind !== "CLOSE" ? "PARTIALLY_FILLED" : live.status, filledQty: live.filledQty, avgPrice: live.avgPrice, fee });
      filled.push({ orderId: o.id, kind: o.kind, trades });
    } else if (!gone || o.kind === "CLOSE") {
      actions.push({ type: "exchange", orderId: o.id, status: live.status, filledQty: live.filledQty, avgPrice: live.avgPrice, fee: live.fee });
    }
  }
  const summary = await settlePositions([{ positionId, actions: [...actions, ...extra] }]);
  await recordTrades(filled);
  for (const placed of await applyLiveFollowUps(summary.liveFollowUps, exchange)) known.set(placed.clientOrderId, placed);
  const tpFilled = filled.some((f) => f.kind === "TAKE_PROFIT");
  const verify = opts.verify ?? (tpFilled || vanished);
  const protection = verify ? await verifyProtection(positionId, exchange, known, opts.now) : null;
  if (protection?.stopCrossed) {
    // What the missing stop would have done by now: sell (or buy back) the rest reduce-only at market.
    logger.warn("live: the price is past the stop that could not rest, closing at market", { positionId });
    const closed = await closeLivePosition(positionId, exchange, STOP_CROSSED_REASON);
    return { ...summary, closed: [...summary.closed, ...closed.closed], protection };
  }
  return { ...summary, protection };
}

/** Replaces estimated fill rows by the trades just fetched (the settlement already charged their exact fee). */
async function recordTrades(filled: TFilled[]): Promise<void> {
  for (const f of filled) {
    if (!f.trades) continue;
    await recordExactFills(f.orderId, f.trades).catch((err: unknown) => logger.warn("live: exact fills not recorded", { orderId: f.orderId, error: toAppError(err).message }));
  }
}

/** Cancels on the exchange what a settlement cancelled, and places the new stop it created; returns what it placed. */
export async function applyLiveFollowUps(followUps: TLiveFollowUp[], exchange: TExchange): Promise<TExchangeOrder[]> {
  const placedOrders: TExchangeOrder[] = [];
  for (const f of followUps) {
    for (const o of f.toCancel) {
      await exchange.cancelOrder({ symbol: f.symbol, clientOrderId: o.clientOrderId, conditional: o.kind === "STOP_LOSS" }).catch((err: unknown) => {
        logger.warn("live: cancel failed", { positionId: f.positionId, order: o.clientOrderId, error: toAppError(err).message });
      });
    }
    for (const o of f.toPlace) {
      try {
        const placed = await exchange.stopMarket({ symbol: f.symbol, side: o.side, qty: o.qty, triggerPrice: o.triggerPrice!, clientOrderId: o.clientOrderId });
        await db().order.update({ where: { id: o.id }, data: { exchangeOrderId: placed.exchangeOrderId, status: "OPEN", error: null } });
        placedOrders.push(placed);
      } catch (err) {
        const message = toAppError(err).message;
        await db().order.update({ where: { id: o.id }, data: { error: message.slice(0, 500) } });
        await db().position.update({ where: { id: f.positionId }, data: { protected: false } });
        logger.error("live: moving the stop failed", { positionId: f.positionId, error: message });
      }
    }
  }
  return placedOrders;
}

/**
 * Closes a live position: records fills the exchange already made, cancels its resting orders, and
 * sells (or buys back) the rest reduce-only at market with its own client order id.
 */
export const STOP_CROSSED_REASON = "stop crossed while it could not rest on the exchange: closed at market";

export async function closeLivePosition(positionId: string, exchange: TExchange, reason: string): Promise<TSettleSummary> {
  const first = await reconcileLivePosition(positionId, exchange, [], { verify: false });
  const pos = await db().position.findUniqueOrThrow({ where: { id: positionId }, include: { orders: true } });
  if (pos.status !== "OPEN") return first;
  for (const o of pos.orders.filter((x) => x.kind !== "ENTRY" && x.kind !== "CLOSE" && (x.status === "OPEN" || x.status === "PARTIALLY_FILLED" || x.status === "NEW"))) {
    if (o.exchangeOrderId) await exchange.cancelOrder({ symbol: pos.symbol, clientOrderId: o.clientOrderId, conditional: o.kind === "STOP_LOSS" });
    await db().order.update({ where: { id: o.id }, data: { status: "CANCELED" } });
  }
  if (pos.remainingQty.lte(0)) return settlePositions([{ positionId, actions: [{ type: "close", price: pos.entryPrice?.toFixed() ?? "0", reason }] }]);
  const attempt = pos.orders.filter((o) => o.kind === "CLOSE").length;
  const scope = pos.signalId ? { signalId: pos.signalId } : { positionId };
  const close = await db().order.create({
    data: {
      positionId,
      userId: pos.userId,
      clientOrderId: clientOrderId({ userId: pos.userId, ...scope, leg: "close", attempt }),
      kind: "CLOSE",
      side: pos.direction === "LONG" ? "SELL" : "BUY",
      type: "MARKET",
      qty: pos.remainingQty,
      reduceOnly: true,
      status: "NEW",
    },
  });
  const order = await exchange.marketOrder({ symbol: pos.symbol, side: close.side, qty: close.qty.toFixed(), clientOrderId: close.clientOrderId, reduceOnly: true });
  await db().order.update({ where: { id: close.id }, data: { exchangeOrderId: order.exchangeOrderId } });
  const trades = dec(order.filledQty).gt(0) ? await fetchOrderTrades(exchange, pos.symbol, order.exchangeOrderId) : null;
  const fee = (await exactFeeDelta(close.id, order.filledQty, trades)) ?? order.fee;
  const summary = await settlePositions([{ positionId, actions: [{ type: "exchange", orderId: close.id, status: order.status, filledQty: order.filledQty, avgPrice: order.avgPrice, fee, reason }] }]);
  await recordTrades([{ orderId: close.id, kind: "CLOSE", trades }]);
  return { ...summary, closed: [...first.closed, ...summary.closed] };
}

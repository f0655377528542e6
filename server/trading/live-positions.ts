// Live positions after the entry: what the exchange did with the resting orders (fills of take-
// profits and the stop), the follow-ups that decides (cancel what a close left, place a moved stop),
// and closing the rest reduce-only at market. Every database change goes through settle-positions.
import { db } from "../db/client";
import { AppError, toAppError } from "../errors";
import { clientOrderId } from "../exchange/client-order-id";
import { createExchange } from "../exchange/create-exchange";
import type { TExchange } from "../exchange/types";
import { findTradingConnection } from "../exchanges/trading-connection";
import { logger } from "../logger";
import type { TTradingOptions } from "./options";
import type { TSettleAction } from "./position-math";
import { settlePositions, type TLiveFollowUp, type TSettleSummary } from "./settle-positions";

const RESTING = ["OPEN", "PARTIALLY_FILLED"] as const;

/** The exchange of a position's owner (FORBIDDEN when live trading is off or the keys are gone). */
export async function exchangeForUser(userId: number, options: TTradingOptions = {}): Promise<TExchange> {
  const conn = await findTradingConnection(userId);
  if (!conn) throw new AppError("FORBIDDEN", "the exchange connection was deleted: this live position is no longer managed by the platform");
  return createExchange(conn, options.exchangeOptions);
}

/** Reads each resting order of the position from the exchange and records what happened. */
export async function reconcileLivePosition(positionId: string, exchange: TExchange, extra: TSettleAction[] = []): Promise<TSettleSummary> {
  const position = await db().position.findUniqueOrThrow({ where: { id: positionId }, select: { symbol: true } });
  const orders = await db().order.findMany({ where: { positionId, kind: { in: ["TAKE_PROFIT", "STOP_LOSS", "CLOSE"] }, status: { in: [...RESTING] }, exchangeOrderId: { not: null } } });
  const actions: TSettleAction[] = [];
  for (const o of orders) {
    const found = await exchange.findOrder({ symbol: position.symbol, clientOrderId: o.clientOrderId, conditional: o.kind === "STOP_LOSS" });
    if (found) actions.push({ type: "exchange", orderId: o.id, status: found.status, filledQty: found.filledQty, avgPrice: found.avgPrice, fee: found.fee });
  }
  const summary = await settlePositions([{ positionId, actions: [...actions, ...extra] }]);
  await applyLiveFollowUps(summary.liveFollowUps, exchange);
  return summary;
}

/** Cancels on the exchange what a settlement cancelled, and places the new stop it created. */
export async function applyLiveFollowUps(followUps: TLiveFollowUp[], exchange: TExchange): Promise<void> {
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
      } catch (err) {
        const message = toAppError(err).message;
        await db().order.update({ where: { id: o.id }, data: { error: message.slice(0, 500) } });
        await db().position.update({ where: { id: f.positionId }, data: { protected: false } });
        logger.error("live: moving the stop failed", { positionId: f.positionId, error: message });
      }
    }
  }
}

/**
 * Closes a live position: records fills the exchange already made, cancels its resting orders, and
 * sells (or buys back) the rest reduce-only at market with its own client order id.
 */
export async function closeLivePosition(positionId: string, exchange: TExchange, reason: string): Promise<TSettleSummary> {
  const first = await reconcileLivePosition(positionId, exchange);
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
  const summary = await settlePositions([{ positionId, actions: [{ type: "exchange", orderId: close.id, status: order.status, filledQty: order.filledQty, avgPrice: order.avgPrice, fee: order.fee, reason }] }]);
  return { ...summary, closed: [...first.closed, ...summary.closed] };
}

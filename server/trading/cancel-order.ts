// Cancelling one resting order of an open position (POST /api/orders/:orderId/cancel): a take-
// profit or the stop. LIVE: cancelled on the exchange first, after recording any fill it already
// made; PAPER: only in the database. The position stays open and consistent (the next take-profit
// recomputed); without its stop it is no longer "protected".
import { db } from "../db/client";
import { AppError, notFound } from "../errors";
import { exchangeForUser, reconcileLivePosition } from "./live-positions";
import type { TTradingOptions } from "./options";
import { settlePositions } from "./settle-positions";

const CANCELLABLE = new Set(["NEW", "OPEN", "PARTIALLY_FILLED"]);

export async function cancelPositionOrder(orderId: string, options: TTradingOptions = {}): Promise<void> {
  const order = await db().order.findUnique({
    where: { id: orderId },
    select: { id: true, kind: true, status: true, filledQty: true, avgPrice: true, clientOrderId: true, exchangeOrderId: true, position: { select: { id: true, userId: true, status: true, mode: true, symbol: true } } },
  });
  if (!order) throw notFound("Order");
  if (order.kind !== "TAKE_PROFIT" && order.kind !== "STOP_LOSS") {
    throw new AppError("CONFLICT", `A ${order.kind.toLowerCase()} order cannot be cancelled; close the position instead`);
  }
  if (order.position.status !== "OPEN") throw new AppError("CONFLICT", `The position is already ${order.position.status.toLowerCase()}`);
  if (!CANCELLABLE.has(order.status)) throw new AppError("CONFLICT", `The order is already ${order.status.toLowerCase()}`, { extra: { status: order.status } });

  const cancelled = { type: "exchange" as const, orderId: order.id, status: "CANCELED" as const, filledQty: order.filledQty.toFixed(), avgPrice: order.avgPrice?.toFixed() ?? null };
  if (order.position.mode === "PAPER") {
    await settlePositions([{ positionId: order.position.id, actions: [cancelled] }]);
  } else {
    const exchange = await exchangeForUser(order.position.userId, options);
    if (order.exchangeOrderId) {
      await exchange.cancelOrder({ symbol: order.position.symbol, clientOrderId: order.clientOrderId, conditional: order.kind === "STOP_LOSS" });
    }
    // Fills the exchange made before the cancel are recorded first, then the cancel itself.
    await reconcileLivePosition(order.position.id, exchange, [cancelled]);
  }
  if (order.kind === "STOP_LOSS") {
    await db().position.updateMany({ where: { id: order.position.id, status: "OPEN" }, data: { protected: false } });
  }
}

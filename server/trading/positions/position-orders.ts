// GET /api/orders/:positionId: every order of a position (entry, take-profits, stop, closes), oldest first.
import { db } from "../../db/client";
import { ORDER_SELECT, toOrderDto } from "./order-dto";

export async function listPositionOrders(positionId: string) {
  const rows = await db().order.findMany({ where: { positionId }, select: ORDER_SELECT, orderBy: [{ createdAt: "asc" }, { targetIndex: "asc" }, { id: "asc" }] });
  return { position_id: positionId, orders: rows.map(toOrderDto) };
}

export async function getOrder(orderId: string) {
  return db().order.findUniqueOrThrow({ where: { id: orderId }, select: ORDER_SELECT });
}

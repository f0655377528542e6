// POST /api/orders/:orderId/cancel — a take-profit or the stop of the caller's open position.
import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { authorizeOrder } from "@/server/trading/positions/position-access";
import { toOrderDto } from "@/server/trading/positions/order-dto";
import { getOrder } from "@/server/trading/positions/position-orders";
import { cancelPositionOrder } from "@/server/trading/cancel-order";

export const POST = route({ auth: "user" }, async ({ user, params }) => {
  const order = await authorizeOrder(user, params.id ?? "", "orderId");
  await cancelPositionOrder(order.id);
  return { order: toOrderDto(await getOrder(order.id)) };
});
export const OPTIONS = preflightResponse;

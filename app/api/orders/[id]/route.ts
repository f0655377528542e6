import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { authorizePosition } from "@/server/trading/positions/position-access";
import { listPositionOrders } from "@/server/trading/positions/position-orders";

// GET /api/orders/:positionId. The segment is named [id] because /api/orders/:orderId/cancel shares
// the level (Next.js allows one name per dynamic level); here it is the POSITION id.
export const GET = route({ auth: "user" }, async ({ user, params }) => {
  const position = await authorizePosition(user, params.id ?? "", "positionId");
  return listPositionOrders(position.id);
});
export const OPTIONS = preflightResponse;

// GET /api/positions/:positionId (SEED 10.3): one position with its orders and P&L, for its owner or an admin.
import type { TAuthUser } from "../../auth/authenticate";
import { getPositionDto } from "../position-dto";
import { authorizePosition } from "./position-access";
import { listPositionOrders } from "./position-orders";

export async function getPositionDetail(actor: TAuthUser, rawId: string) {
  const { id } = await authorizePosition(actor, rawId);
  const [position, { orders }] = await Promise.all([getPositionDto(id), listPositionOrders(id)]);
  return { position: { ...position, orders } };
}

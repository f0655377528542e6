import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { listUserPositions } from "@/server/trading/positions/list-positions";
import { getPositionDetail } from "@/server/trading/positions/position-detail";
import { ZUserPositionsQuery } from "@/server/trading/positions/schemas";
import { resolveTargetUserId } from "@/server/users/access";

// The runbook calls both on this path: GET /api/positions/:userId (a whole number: that user's
// positions, owner or admin) and GET /api/positions/:positionId (a UUID: the position with its orders
// and P&L). User ids are integers and position ids UUIDs, so the two never collide. The segment is
// named [id] because Next.js requires one name per dynamic level and /api/positions/:id/close shares it.
export const GET = route({ auth: "user", query: ZUserPositionsQuery }, async ({ user, params, query }) => {
  const id = params.id ?? "";
  if (/^\d+$/.test(id)) return listUserPositions(await resolveTargetUserId(user, id), query);
  return getPositionDetail(user, id);
});
export const OPTIONS = preflightResponse;

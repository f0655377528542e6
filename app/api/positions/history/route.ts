import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { getPositionHistory } from "@/server/trading/positions/position-history";
import { ZHistoryQuery } from "@/server/trading/positions/schemas";
import { resolveTargetUserId } from "@/server/users/access";

// Closed positions of the last ?days= (1–365, default 30) and the daily P&L aggregates; an admin
// may pass ?user_id=. (A static segment: it wins over /api/positions/:userId.)
export const GET = route({ auth: "user", query: ZHistoryQuery }, async ({ user, query }) => {
  const userId = query.user_id === undefined ? user.id : await resolveTargetUserId(user, query.user_id);
  return getPositionHistory(userId, query);
});
export const OPTIONS = preflightResponse;

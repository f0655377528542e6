import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { listExecutedTrades } from "@/server/trading/trades/executed-trades";
import { ZListExecutedTradesQuery } from "@/server/trading/trades/schemas";
import { resolveTargetUserId } from "@/server/users/access";

// The executed-trades log, newest first: the caller's own, or ?user_id= for an admin.
export const GET = route({ auth: "user", query: ZListExecutedTradesQuery }, async ({ user, query }) => {
  const userId = query.user_id === undefined ? user.id : await resolveTargetUserId(user, query.user_id);
  return listExecutedTrades(userId, query);
});
export const OPTIONS = preflightResponse;

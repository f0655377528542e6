import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { closeTrade } from "@/server/trading/trades/close-trade";
import { ZCloseTradeInput } from "@/server/trading/trades/trade-schemas";

// {position_id, reason?}: the owner (or an admin) closes what remains at market. Not plan-gated: a
// user whose plan lapsed can still close their positions.
export const POST = route({ auth: "user", body: ZCloseTradeInput }, async ({ user, body }) =>
  closeTrade(user, body.position_id, body.reason, "position_id"),
);
export const OPTIONS = preflightResponse;

import { preflightResponse } from "@/server/http/cors";
import { created, route } from "@/server/http/route";
import { recordExecutedTrade } from "@/server/trading/trades/executed-trades";
import { ZExecutedTradeInput } from "@/server/trading/trades/schemas";

// Seed phase 2: the app confirms a trade it executed {symbol, side, qty, price, result?, executed_at?};
// it is stored in the executed-trades log (GET /api/trades lists it).
export const POST = route({ auth: "user", body: ZExecutedTradeInput }, async ({ user, body }) =>
  created({ message: "Trade recorded", trade: await recordExecutedTrade(user.id, body) }),
);
export const OPTIONS = preflightResponse;

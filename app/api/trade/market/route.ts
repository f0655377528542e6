import { preflightResponse } from "@/server/http/cors";
import { readJson } from "@/server/http/read-json";
import { json } from "@/server/http/respond";
import { route } from "@/server/http/route";
import { tradeOutcomeStatus } from "../outcome-status";
import { executeMarketTrade } from "@/server/trading/trades/execute-trade";
import { ZTradeInput } from "@/server/trading/trades/trade-schemas";

// Seed phase 7: a market trade, recorded as a position. It reaches the exchange only when live
// trading is enabled and the user chose a live mode; otherwise the answer says dry_run: true.
export const POST = route({ auth: "user" }, async ({ user, req }) => {
  const body = await executeMarketTrade(user.id, ZTradeInput.parse(await readJson(req)));
  return json(body, tradeOutcomeStatus(body.outcome));
});
export const OPTIONS = preflightResponse;

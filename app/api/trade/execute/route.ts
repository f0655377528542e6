import { preflightResponse } from "@/server/http/cors";
import { readJson } from "@/server/http/read-json";
import { json } from "@/server/http/respond";
import { route } from "@/server/http/route";
import { tradeOutcomeStatus } from "../outcome-status";
import { executeTrade } from "@/server/trading/trades/execute-trade";
import { ZTradeInput } from "@/server/trading/trades/trade-schemas";

// PREMIUM: opens a position — {signal_id} or {symbol, direction, targets?, stop_loss?, leverage?,
// per_trade_usdt?}. PAPER unless live trading is enabled and the user's exchange is in a live mode.
// 201 opened · 200 already open for this signal · 202 live entry not confirmed yet · 409 risk_blocked.
export const POST = route({ auth: "user" }, async ({ user, req }) => {
  const body = await executeTrade(user.id, ZTradeInput.parse(await readJson(req)));
  return json(body, tradeOutcomeStatus(body.outcome));
});
export const OPTIONS = preflightResponse;

import { preflightResponse } from "@/server/http/cors";
import { readJson } from "@/server/http/read-json";
import { route } from "@/server/http/route";
import { previewTrade } from "@/server/trading/trades/preview-trade";
import { ZTradeInput } from "@/server/trading/trades/trade-schemas";

// VIP and up (SPEC §3): the numbers of a trade and every check's decision, without trading —
// {signal_id} or {symbol, direction, targets?, stop_loss?, entry?, leverage?, per_trade_usdt?}.
export const POST = route({ auth: "user" }, async ({ user, req }) => {
  return previewTrade(user.id, ZTradeInput.parse(await readJson(req)));
});
export const OPTIONS = preflightResponse;

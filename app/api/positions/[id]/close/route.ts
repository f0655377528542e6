import { preflightResponse } from "@/server/http/cors";
import { readOptionalJson } from "@/server/http/read-json";
import { route } from "@/server/http/route";
import { closeTrade } from "@/server/trading/trades/close-trade";
import { ZCloseBody } from "@/server/trading/trades/trade-schemas";

// POST /api/positions/:id/close (here :id is the POSITION id), body {reason?} optional. Owner or admin;
// not plan-gated, so a lapsed plan never traps an open position.
export const POST = route({ auth: "user" }, async ({ user, params, req }) => {
  const body = ZCloseBody.parse(await readOptionalJson(req));
  return closeTrade(user, params.id ?? "", body.reason);
});
export const OPTIONS = preflightResponse;

import { getExchangeLeverage, parseExchangeName, setExchangeLeverage, ZLeverageInput } from "@/server/exchange-connections/exchange-leverage";
import { preflightResponse } from "@/server/http/cors";
import { readJson } from "@/server/http/read-json";
import { route } from "@/server/http/route";
import { resolveTargetUserId } from "@/server/users/access";

// Seed phase 7: the connection's default leverage, {leverage: 1..125}.
export const GET = route({ auth: "user" }, async ({ user, params }) => {
  const userId = await resolveTargetUserId(user, params.id ?? "");
  parseExchangeName(params.exchange ?? "");
  return getExchangeLeverage(userId);
});
export const PUT = route({ auth: "user" }, async ({ user, params, req }) => {
  const userId = await resolveTargetUserId(user, params.id ?? "");
  parseExchangeName(params.exchange ?? "");
  return setExchangeLeverage(userId, ZLeverageInput.parse(await readJson(req)));
});
export const OPTIONS = preflightResponse;

import { getExchangeBalance } from "@/server/exchange-connections/exchange-balance";
import { parseExchangeName } from "@/server/exchange-connections/exchange-leverage";
import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { resolveTargetUserId } from "@/server/users/access";

// Seed phase 7: the USDT balance of the user's trading account (the exchange's, or the paper account's).
export const GET = route({ auth: "user" }, async ({ user, params }) => {
  const userId = await resolveTargetUserId(user, params.id ?? "");
  parseExchangeName(params.exchange ?? "");
  return getExchangeBalance(userId);
});
export const OPTIONS = preflightResponse;

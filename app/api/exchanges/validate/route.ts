import { validateExchangeConnection } from "@/server/exchange-connections/validate-exchange-connection";
import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { requirePlan } from "@/server/subscriptions/require-plan";

// Checks the stored keys with a balance call on the exchange and records validated_at.
export const POST = route({ auth: "user" }, async ({ user }) => {
  requirePlan(user, "PREMIUM", "exchange connection");
  return validateExchangeConnection(user.id);
});
export const OPTIONS = preflightResponse;

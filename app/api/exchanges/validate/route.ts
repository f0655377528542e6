import { validateExchangeConnection } from "@/server/exchange-connections/validate-exchange-connection";
import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";

// Checks the stored keys with a balance call on the exchange and records validated_at.
export const POST = route({ auth: "user" }, async ({ user }) => {
  return validateExchangeConnection(user.id);
});
export const OPTIONS = preflightResponse;

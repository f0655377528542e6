import { saveExchangeConnection } from "@/server/exchange-connections/exchange-connection";
import { preflightResponse } from "@/server/http/cors";
import { readJson } from "@/server/http/read-json";
import { route } from "@/server/http/route";

// SPEC §8: {provider, api_key, api_secret, mode, leverage_default, margin_mode, hedge_mode}; the
// keys are sealed (AES-256-GCM) and never come back. Connecting again replaces the connection's fields.
export const POST = route({ auth: "user" }, async ({ user, req }) => {
  return saveExchangeConnection(user.id, await readJson(req));
});
export const OPTIONS = preflightResponse;

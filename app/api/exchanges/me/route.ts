import { deleteExchangeConnection, getExchangeConnection, saveExchangeConnection } from "@/server/exchange-connections/exchange-connection";
import { preflightResponse } from "@/server/http/cors";
import { readJson } from "@/server/http/read-json";
import { route } from "@/server/http/route";

export const GET = route({ auth: "user" }, async ({ user }) => getExchangeConnection(user.id));
export const PUT = route({ auth: "user" }, async ({ user, req }) => {
  return saveExchangeConnection(user.id, await readJson(req));
});
// Not plan-gated: a user whose plan lapsed must still be able to wipe their keys.
export const DELETE = route({ auth: "user" }, async ({ user }) => deleteExchangeConnection(user.id));
export const OPTIONS = preflightResponse;

import { deleteExchangeConnection, getExchangeConnection, saveExchangeConnection, ZDeleteConnectionInput } from "@/server/exchange-connections/exchange-connection";
import { preflightResponse } from "@/server/http/cors";
import { readJson, readOptionalJson } from "@/server/http/read-json";
import { route } from "@/server/http/route";
import { resolveTargetUserId } from "@/server/users/access";

export const GET = route({ auth: "user" }, async ({ user, params }) =>
  getExchangeConnection(await resolveTargetUserId(user, params.id ?? "")),
);
export const PUT = route({ auth: "user" }, async ({ user, params, req }) => {
  const userId = await resolveTargetUserId(user, params.id ?? "");
  return saveExchangeConnection(userId, await readJson(req));
});
// Seed phase 7: wipes the connection and its keys (not plan-gated: a lapsed plan can still remove keys).
export const DELETE = route({ auth: "user" }, async ({ user, params, req }) => {
  const which = ZDeleteConnectionInput.parse(await readOptionalJson(req));
  return deleteExchangeConnection(await resolveTargetUserId(user, params.id ?? ""), which);
});
export const OPTIONS = preflightResponse;

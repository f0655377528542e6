import { preflightResponse } from "@/server/http/cors";
import { readJson } from "@/server/http/read-json";
import { route } from "@/server/http/route";
import { resolveTargetUserId } from "@/server/users/access";
import { getSubscription, updateSubscription } from "@/server/subscriptions/update-subscription";

export const GET = route({ auth: "user" }, async ({ user, params }) =>
  getSubscription(await resolveTargetUserId(user, params.id ?? "")),
);
// Upgrade/downgrade is the operator's: admin only, even for one's own account.
export const PUT = route({ auth: "admin" }, async ({ user, params, req }) => {
  const userId = await resolveTargetUserId(user, params.id ?? "");
  return updateSubscription(user.id, userId, await readJson(req));
});
export const OPTIONS = preflightResponse;

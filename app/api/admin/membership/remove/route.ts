// The one action on an unauthorized member: remove from the VIP group (queued, ban then unban).
import { preflightResponse } from "@/server/http/cors";
import { readJson } from "@/server/http/read-json";
import { route } from "@/server/http/route";
import { removeUnauthorizedMember } from "@/server/membership/unauthorized";

export const POST = route({ auth: "admin" }, async ({ user, req }) => removeUnauthorizedMember(user.id, await readJson(req)));
export const OPTIONS = preflightResponse;

// Sign out: this session (`{refresh_token}`, or just the bearer token), or every session of the
// user (`{all: true}`). Access tokens of the ended sessions are refused from their next request.
import { bearerClaims } from "@/server/auth/authenticate";
import { logout, ZLogoutInput } from "@/server/auth/logout";
import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";

export const POST = route({ auth: "optional", body: ZLogoutInput }, async ({ req, user, body }) => {
  const caller = user ? await bearerClaims(req.headers.get("authorization")) : null;
  return logout(body, caller && { userId: caller.userId, familyId: caller.familyId });
});
export const OPTIONS = preflightResponse;

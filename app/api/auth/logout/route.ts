// Sign out: this session (`{refresh_token}`, or just the bearer token), or every session of the
// user (`{all: true}`). Access tokens of the ended sessions are refused from their next request.
// The bearer token is verified once, in logoutCaller (which also lets a valid refresh token sign
// out when the access token's session has already ended).
import { logout, logoutCaller, ZLogoutInput } from "@/server/auth/logout";
import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";

export const POST = route({ auth: "public", body: ZLogoutInput }, async ({ req, body }) =>
  logout(body, await logoutCaller(req.headers.get("authorization"), body)),
);
export const OPTIONS = preflightResponse;

import { register } from "@/server/auth/register";
import { ZRegisterInput, ZRegisterQuery } from "@/server/auth/schemas";
import { preflightResponse } from "@/server/http/cors";
import { created, route } from "@/server/http/route";

// The referral code may come in the body or in the URL (?ref=); the body's wins.
export const POST = route({ auth: "app", body: ZRegisterInput, query: ZRegisterQuery }, async ({ body, query }) =>
  created(await register({ ...body, ref: body.ref ?? query.ref })),
);
export const OPTIONS = preflightResponse;

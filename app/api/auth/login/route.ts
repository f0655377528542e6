import { login } from "@/server/auth/login";
import { ZLoginInput } from "@/server/auth/schemas";
import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";

export const POST = route({ auth: "app", body: ZLoginInput }, async ({ body, ip }) => login(body, ip));
export const OPTIONS = preflightResponse;

import { register } from "@/server/auth/register";
import { ZRegisterInput } from "@/server/auth/schemas";
import { preflightResponse } from "@/server/http/cors";
import { created, route } from "@/server/http/route";

export const POST = route({ auth: "app", body: ZRegisterInput }, async ({ body }) => created(await register(body)));
export const OPTIONS = preflightResponse;

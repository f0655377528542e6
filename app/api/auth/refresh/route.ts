import { refresh } from "@/server/auth/refresh";
import { ZRefreshInput } from "@/server/auth/schemas";
import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";

export const POST = route({ auth: "app", body: ZRefreshInput }, async ({ body }) => refresh(body));
export const OPTIONS = preflightResponse;

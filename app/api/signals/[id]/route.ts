import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { getSignal } from "@/server/signals/list-signals";

export const GET = route({ auth: "user" }, async ({ params, user }) => getSignal(params.id ?? "", user));
export const OPTIONS = preflightResponse;

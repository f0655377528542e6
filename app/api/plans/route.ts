import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { listPlans } from "@/server/subscriptions/plans";

export const GET = route({ auth: "public" }, async () => listPlans());
export const OPTIONS = preflightResponse;

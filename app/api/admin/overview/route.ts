import { getAdminOverview } from "@/server/analytics/overview";
import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";

export const GET = route({ auth: "admin" }, async () => getAdminOverview());
export const OPTIONS = preflightResponse;

import { listAdminSignals, ZAdminSignalsQuery } from "@/server/analytics/admin-signals";
import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";

export const GET = route({ auth: "admin", query: ZAdminSignalsQuery }, async ({ query }) => listAdminSignals(query));
export const OPTIONS = preflightResponse;

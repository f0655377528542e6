import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { getSignalStats, ZSignalStatsQuery } from "@/server/signals/signal-stats";

export const GET = route({ auth: "admin", query: ZSignalStatsQuery }, async ({ query }) => getSignalStats(query.days));
export const OPTIONS = preflightResponse;

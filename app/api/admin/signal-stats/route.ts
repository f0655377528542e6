import { z } from "zod";
import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { getSignalStats } from "@/server/signals/signal-stats";

const ZQuery = z.object({ days: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(365, "must be at most 365").default(30) });

export const GET = route({ auth: "admin", query: ZQuery }, async ({ query }) => getSignalStats(query.days));
export const OPTIONS = preflightResponse;

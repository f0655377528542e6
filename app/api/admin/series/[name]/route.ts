// GET /api/admin/series/<signups|revenue|signals|profit|pnl|blocked>?days=30 (admin): one point per
// UTC day, zeros included (server/analytics/time-series.ts says what each counts).
import { z } from "zod";
import { getTimeSeries, ZSeriesName, ZSeriesQuery } from "@/server/analytics/time-series";
import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";

const ZParams = z.object({ name: ZSeriesName });

export const GET = route({ auth: "admin", query: ZSeriesQuery }, async ({ params, query }) => getTimeSeries(ZParams.parse(params).name, query.days));
export const OPTIONS = preflightResponse;

import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { ZRiskEventsQuery } from "@/server/risk/schemas";
import { listRiskEvents } from "@/server/risk/risk-events";

// Admin: risk events (blocks, halts) newest first; ?since=<ISO date-time>&page=&limit= (≤ 200).
export const GET = route({ auth: "admin", query: ZRiskEventsQuery }, async ({ query }) => listRiskEvents(query));
export const OPTIONS = preflightResponse;

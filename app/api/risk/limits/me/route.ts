import { preflightResponse } from "@/server/http/cors";
import { readJson } from "@/server/http/read-json";
import { route } from "@/server/http/route";
import { getRiskLimits, updateRiskLimits } from "@/server/risk/risk-limits";

// The caller's risk settings plus open trades, exposure and today's count and P&L. PUT validates
// every field (400 naming it, nothing saved).
export const GET = route({ auth: "user" }, async ({ user }) => getRiskLimits(user.id));
export const PUT = route({ auth: "user" }, async ({ user, req }) => updateRiskLimits(user.id, await readJson(req)));
export const OPTIONS = preflightResponse;

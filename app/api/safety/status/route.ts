import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { getSafetyStatus } from "@/server/risk/safety";

// The kill switch, the drawdown limit, the last 24 h system drawdown and the background jobs' last runs:
// anyone (the runbook sends no token); who switched it and why only to admins.
export const GET = route({ auth: "optional" }, async ({ user }) => getSafetyStatus(user));
export const OPTIONS = preflightResponse;

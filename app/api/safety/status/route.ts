import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { getSafetyStatus } from "@/server/risk/safety";

// The kill switch, the drawdown limit, the last 24 h system drawdown and the background jobs' last runs.
export const GET = route({ auth: "user" }, async () => getSafetyStatus());
export const OPTIONS = preflightResponse;

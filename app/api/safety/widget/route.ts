import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { getSafetyWidget } from "@/server/risk/safety";

// {kill_switch, today_dd_pct, today_trades, blocks, max_dd_limit, timestamp}: platform-wide figures,
// for anyone (the app's badge and the runbook poll it without a token).
export const GET = route({ auth: "public" }, async () => getSafetyWidget());
export const OPTIONS = preflightResponse;

import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { getSafetyWidget } from "@/server/risk/safety";

// {kill_switch, today_dd_pct, today_trades, blocks, max_dd_limit, timestamp}
export const GET = route({ auth: "user" }, async () => getSafetyWidget());
export const OPTIONS = preflightResponse;

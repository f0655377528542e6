import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";

export const GET = route({ auth: "public" }, async () => ({ status: "ok", message: "Verzek Auto Trader API running" }));
export const OPTIONS = preflightResponse;

import { getHealth } from "@/server/health/get-health";
import { preflightResponse } from "@/server/http/cors";
import { json } from "@/server/http/respond";
import { route } from "@/server/http/route";

export const GET = route({ auth: "public" }, async () => {
  const health = await getHealth();
  return json(health, health.status === "ok" ? 200 : 503);
});
export const OPTIONS = preflightResponse;

import { getHealth } from "@/server/health/get-health";
import { preflightResponse } from "@/server/http/cors";
import { json } from "@/server/http/respond";
import { route } from "@/server/http/route";

// Anyone sees the parts; an admin's bearer token adds the uptime monitor's detail.
export const GET = route({ auth: "optional" }, async ({ user }) => {
  const health = await getHealth({ admin: user?.role === "ADMIN" });
  return json(health, health.status === "ok" ? 200 : 503);
});
export const OPTIONS = preflightResponse;

// VIP group members without an active paid plan (the admin's "unauthorized" list).
import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { listUnauthorizedMembers } from "@/server/membership/unauthorized";

export const GET = route({ auth: "admin" }, async () => listUnauthorizedMembers());
export const OPTIONS = preflightResponse;

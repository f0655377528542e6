// The same service and query as GET /api/users (seed row 4.2 names this path).
import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { listUsers, ZListUsersQuery } from "@/server/users/list-users";

export const GET = route({ auth: "admin", query: ZListUsersQuery }, async ({ query }) => listUsers(query));
export const OPTIONS = preflightResponse;

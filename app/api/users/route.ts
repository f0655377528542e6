import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { listUsers, ZListUsersQuery } from "@/server/users/list-users";

export const GET = route({ auth: "admin", query: ZListUsersQuery }, async ({ query }) => listUsers(query));
export const OPTIONS = preflightResponse;

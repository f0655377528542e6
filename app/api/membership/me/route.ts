import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { getMyMembership } from "@/server/membership/my-membership";

export const GET = route({ auth: "user" }, async ({ user }) => getMyMembership(user.id));
export const OPTIONS = preflightResponse;

import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { toUserDto } from "@/server/users/user-dto";

export const GET = route({ auth: "user" }, async ({ user }) => ({ user: toUserDto(user) }));
export const OPTIONS = preflightResponse;

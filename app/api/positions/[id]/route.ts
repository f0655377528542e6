import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { listUserPositions } from "@/server/positions/list-positions";
import { ZUserPositionsQuery } from "@/server/positions/schemas";
import { resolveTargetUserId } from "@/server/users/access";

// GET /api/positions/:userId (owner or admin). The segment is named [id] because Next.js requires
// one name per dynamic level and /api/positions/:id/close shares it; here it is the USER id.
export const GET = route({ auth: "user", query: ZUserPositionsQuery }, async ({ user, params, query }) =>
  listUserPositions(await resolveTargetUserId(user, params.id ?? ""), query),
);
export const OPTIONS = preflightResponse;

import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { listPositions } from "@/server/trading/positions/list-positions";
import { ZListPositionsQuery } from "@/server/trading/positions/schemas";

// The caller's open positions (?status=closed|failed|all widens it); an admin may pass ?user_id=
// for one user or ?all=true for everyone. Paged: ?page=&per_page= (≤ 500).
export const GET = route({ auth: "user", query: ZListPositionsQuery }, async ({ user, query }) => listPositions(user, query));
export const OPTIONS = preflightResponse;

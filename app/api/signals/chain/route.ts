// GET /api/signals/chain?from=&to= (public): the track record's links with the head now;
// `npm run verify-chain -- <base url>` re-computes them.
import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { getChain, ZChainQuery } from "@/server/track-record/track-record";

export const GET = route({ auth: "public", query: ZChainQuery }, async ({ query }) => getChain(query));
export const OPTIONS = preflightResponse;

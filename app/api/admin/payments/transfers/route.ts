import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { listIncomingTransfers, ZTransferListQuery } from "@/server/payments/incoming-transfers";

// What arrived at our address, newest first; ?status=UNMATCHED|REVIEW for those awaiting the admin.
export const GET = route({ auth: "admin", query: ZTransferListQuery }, async ({ query }) => listIncomingTransfers(query));
export const OPTIONS = preflightResponse;

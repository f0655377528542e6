import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { assignTransfer, ZAssignTransferInput } from "@/server/payments/incoming-transfers";

const ZBody = ZAssignTransferInput.omit({ tx_id: true });

// {user_id, plan}: the transfer pays that user's plan (confirmed by the admin, once).
export const POST = route({ auth: "admin", body: ZBody }, async ({ user, body, params }) => assignTransfer(user, ZAssignTransferInput.parse({ ...body, tx_id: params.txId ?? "" })));
export const OPTIONS = preflightResponse;

import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { rejectPaymentByHash } from "@/server/payments/review-payment";
import { ZRejectPaymentInput } from "@/server/payments/schemas";

export const POST = route({ auth: "admin", body: ZRejectPaymentInput }, async ({ user, body }) => rejectPaymentByHash(user, body.tx_hash, body.reason));
export const OPTIONS = preflightResponse;

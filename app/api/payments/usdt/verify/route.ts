import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { verifyPaymentByHash } from "@/server/payments/review-payment";
import { ZVerifyPaymentInput } from "@/server/payments/schemas";

export const POST = route({ auth: "admin", body: ZVerifyPaymentInput }, async ({ user, body }) => verifyPaymentByHash(user, body.tx_hash));
export const OPTIONS = preflightResponse;

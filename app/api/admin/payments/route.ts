import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { listPayments } from "@/server/payments/get-payment";
import { ZPaymentListQuery } from "@/server/payments/schemas";

export const GET = route({ auth: "admin", query: ZPaymentListQuery }, async ({ query }) => listPayments(query));
export const OPTIONS = preflightResponse;

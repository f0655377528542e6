import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { getInvoice } from "@/server/payments/invoices";

// The page and the app poll this until the invoice is paid (state ACTIVATED).
export const GET = route({ auth: "user" }, async ({ user, params }) => getInvoice(params.id ?? "", user));
export const OPTIONS = preflightResponse;

import { preflightResponse } from "@/server/http/cors";
import { created, route } from "@/server/http/route";
import { createInvoice } from "@/server/payments/invoices";
import { ZInvoiceInput } from "@/server/payments/schemas";

// The signed-in user's invoice for a plan: the unique amount to send, where, until when.
export const POST = route({ auth: "user", body: ZInvoiceInput }, async ({ user, body }) => created(await createInvoice(user.id, body.plan)));
export const OPTIONS = preflightResponse;

import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { listMyPayments } from "@/server/payments/get-payment";

export const GET = route({ auth: "user" }, async ({ user }) => listMyPayments(user.id));
export const OPTIONS = preflightResponse;

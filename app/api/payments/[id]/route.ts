import { authenticateBearer } from "@/server/auth/authenticate";
import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { getPaymentForViewer } from "@/server/payments/get-payment";

// With a bearer token: the owner's or an admin's full view (a bad token is 401, never a silent
// downgrade). Without one: the status view, the payment id being the capability.
export const GET = route({ auth: "public" }, async ({ req, params }) => {
  const authorization = req.headers.get("authorization");
  const viewer = authorization ? await authenticateBearer(authorization) : null;
  return getPaymentForViewer(params.id ?? "", viewer);
});
export const OPTIONS = preflightResponse;

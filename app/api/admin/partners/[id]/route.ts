import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { getPartner } from "@/server/partners/list-partners";
import { deletePartner, updatePartner } from "@/server/partners/manage-partners";
import { parsePartnerId, ZUpdatePartnerInput } from "@/server/partners/schemas";

export const GET = route({ auth: "admin" }, async ({ params }) => getPartner(parsePartnerId(params.id ?? "")));
export const PUT = route({ auth: "admin", body: ZUpdatePartnerInput }, async ({ user, params, body }) => updatePartner(user, parsePartnerId(params.id ?? ""), body));
export const PATCH = PUT;
export const DELETE = route({ auth: "admin" }, async ({ user, params }) => deletePartner(user, parsePartnerId(params.id ?? "")));
export const OPTIONS = preflightResponse;

import { preflightResponse } from "@/server/http/cors";
import { created, route } from "@/server/http/route";
import { listPartners } from "@/server/partners/list-partners";
import { createPartner } from "@/server/partners/manage-partners";
import { ZCreatePartnerInput, ZPartnerListQuery } from "@/server/partners/schemas";

export const GET = route({ auth: "admin", query: ZPartnerListQuery }, async ({ query }) => listPartners(query));
export const POST = route({ auth: "admin", body: ZCreatePartnerInput }, async ({ user, body }) => created(await createPartner(user, body)));
export const OPTIONS = preflightResponse;

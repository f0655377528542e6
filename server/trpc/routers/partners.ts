// Partner administration for the dashboard: the same services as /api/admin/partners.
import { z } from "zod";
import { getPartner, listPartners } from "../../partners/list-partners";
import { createPartner, deletePartner, updatePartner } from "../../partners/manage-partners";
import { ZCreatePartnerInput, ZPartnerListQuery, ZUpdatePartnerInput } from "../../partners/schemas";
import { adminProcedure, router } from "../init";

const ZId = z.number({ error: "must be a whole number" }).int("must be a whole number").positive("must be positive").max(2_147_483_647);

export const partnersRouter = router({
  list: adminProcedure.input(ZPartnerListQuery).query(({ input }) => listPartners(input)),
  get: adminProcedure.input(z.object({ id: ZId })).query(({ input }) => getPartner(input.id)),
  create: adminProcedure.input(ZCreatePartnerInput).mutation(({ ctx, input }) => createPartner(ctx.user, input)),
  update: adminProcedure
    .input(z.object({ id: ZId, values: ZUpdatePartnerInput }))
    .mutation(({ ctx, input }) => updatePartner(ctx.user, input.id, input.values)),
  delete: adminProcedure.input(z.object({ id: ZId })).mutation(({ ctx, input }) => deletePartner(ctx.user, input.id)),
});

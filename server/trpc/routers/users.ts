// Users for the dashboard: the same services as GET /api/admin/users and PUT
// /api/users/:id/subscription. A plan or role change from the dashboard always carries a reason.
import { z } from "zod";
import { getUserForAdmin } from "../../users/get-user";
import { listUsers, ZListUsersQuery } from "../../users/list-users";
import { updateSubscription } from "../../users/subscription";
import { adminProcedure, router } from "../init";

const ZUserId = z.number({ error: "must be a whole number" }).int("must be a whole number").positive("must be positive").max(2_147_483_647);

export const usersRouter = router({
  list: adminProcedure.input(ZListUsersQuery).query(({ input }) => listUsers(input)),
  get: adminProcedure.input(z.object({ id: ZUserId })).query(({ input }) => getUserForAdmin(input.id)),
  updateSubscription: adminProcedure
    .input(
      z.object({
        id: ZUserId,
        plan: z.enum(["TRIAL", "VIP", "PREMIUM"], { error: "must be TRIAL, VIP or PREMIUM" }).optional(),
        role: z.enum(["USER", "ADMIN"], { error: "must be USER or ADMIN" }).optional(),
        reason: z.string({ error: "must be a string" }).trim().min(1, "is required").max(500, "must be at most 500 characters"),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { id, ...change } = input;
      await getUserForAdmin(id);
      return updateSubscription(ctx.user.id, id, change);
    }),
});

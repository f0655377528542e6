// Users for the dashboard: the same services as GET /api/admin/users and PUT
// /api/users/:id/subscription. A plan or role change from the dashboard always carries a reason.
import { z } from "zod";
import {
  getUserSetup,
  listUserNotificationsForAdmin,
  listUserPaymentsForAdmin,
  listUserPositionsForAdmin,
  listUserRiskEventsForAdmin,
  ZUserActivityQuery,
} from "../../analytics/admin-user-activity";
import { getUserForAdmin } from "../../users/get-user";
import { listUsers, ZListUsersQuery } from "../../users/list-users";
import { updateSubscription, ZSubscriptionUpdate } from "../../subscriptions/update-subscription";
import { adminProcedure, router } from "../init";

const ZUserId = z.number({ error: "must be a whole number" }).int("must be a whole number").positive("must be positive").max(2_147_483_647);

export const usersRouter = router({
  list: adminProcedure.input(ZListUsersQuery).query(({ input }) => listUsers(input)),
  get: adminProcedure.input(z.object({ id: ZUserId })).query(({ input }) => getUserForAdmin(input.id)),
  // The REST route's own schema, with the reason the dashboard always asks for made required.
  updateSubscription: adminProcedure
    .input(ZSubscriptionUpdate.extend({ id: ZUserId, reason: ZSubscriptionUpdate.shape.reason.unwrap() }))
    .mutation(({ ctx, input: { id, ...change } }) => updateSubscription(ctx.user.id, id, change)),
  // The user page's sections: settings and exchange connection (never keys), then paged activity.
  setup: adminProcedure.input(z.strictObject({ id: ZUserId })).query(({ input }) => getUserSetup(input.id)),
  positions: adminProcedure.input(ZUserActivityQuery).query(({ input }) => listUserPositionsForAdmin(input)),
  payments: adminProcedure.input(ZUserActivityQuery).query(({ input }) => listUserPaymentsForAdmin(input)),
  riskEvents: adminProcedure.input(ZUserActivityQuery).query(({ input }) => listUserRiskEventsForAdmin(input)),
  notifications: adminProcedure.input(ZUserActivityQuery).query(({ input }) => listUserNotificationsForAdmin(input)),
});

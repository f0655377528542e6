// Admin analytics for the dashboard: the same services and query schemas as /api/admin/overview,
// /api/admin/users, /api/admin/signals and /api/admin/signal-stats.
import { listAdminSignals, ZAdminSignalsQuery } from "../../analytics/admin-signals";
import { getAdminOverview } from "../../analytics/overview";
import { getSignalStats, ZSignalStatsQuery } from "../../signals/signal-stats";
import { listUsers, ZListUsersQuery } from "../../users/list-users";
import { adminProcedure, router } from "../init";

export const analyticsRouter = router({
  overview: adminProcedure.query(() => getAdminOverview()),
  users: adminProcedure.input(ZListUsersQuery).query(({ input }) => listUsers(input)),
  signals: adminProcedure.input(ZAdminSignalsQuery).query(({ input }) => listAdminSignals(input)),
  signalStats: adminProcedure.input(ZSignalStatsQuery).query(({ input }) => getSignalStats(input.days)),
});

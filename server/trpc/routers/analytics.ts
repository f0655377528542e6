// Admin analytics for the dashboard: the same services and query schemas as /api/admin/overview,
// /api/admin/users, /api/admin/signals, /api/admin/signal-stats and /api/reports/daily.
import { listAdminSignals, ZAdminSignalsQuery } from "../../analytics/admin-signals";
import { getAdminOverview } from "../../analytics/overview";
import { generateDailyReport, listDailyReports, ZDailyReportsQuery, ZGenerateReportInput } from "../../reports/daily-report";
import { getSignalStats, ZSignalStatsQuery } from "../../signals/signal-stats";
import { listUsers, ZListUsersQuery } from "../../users/list-users";
import { adminProcedure, router } from "../init";

export const analyticsRouter = router({
  overview: adminProcedure.query(() => getAdminOverview()),
  users: adminProcedure.input(ZListUsersQuery).query(({ input }) => listUsers(input)),
  signals: adminProcedure.input(ZAdminSignalsQuery).query(({ input }) => listAdminSignals(input)),
  signalStats: adminProcedure.input(ZSignalStatsQuery).query(({ input }) => getSignalStats(input.days)),
  dailyReports: adminProcedure.input(ZDailyReportsQuery).query(({ input, ctx }) => listDailyReports(input, ctx.user)),
  generateDailyReport: adminProcedure.input(ZGenerateReportInput).mutation(({ input }) => generateDailyReport(input.date)),
});

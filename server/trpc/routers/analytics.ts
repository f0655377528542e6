// Admin analytics for the dashboard: the same services and query schemas as /api/admin/overview,
// /api/admin/users, /api/admin/signals, /api/admin/signal-stats and /api/reports/daily.
import { listAdminSignals, ZAdminSignalsQuery } from "../../analytics/admin-signals";
import { getAdminOverview } from "../../analytics/overview";
import { getTimeSeries, type TSeriesName, ZSeriesQuery } from "../../analytics/time-series";
import { getHealth } from "../../health/get-health";
import { generateDailyReport, listDailyReports, ZDailyReportsQuery, ZGenerateReportInput } from "../../reports/daily-report";
import { getSignalStats, ZSignalStatsQuery } from "../../signals/signal-stats";
import { getChainHead } from "../../track-record/track-record";
import { listUsers, ZListUsersQuery } from "../../users/list-users";
import { adminProcedure, router } from "../init";

const series = (name: TSeriesName) => adminProcedure.input(ZSeriesQuery).query(({ input }) => getTimeSeries(name, input.days));

export const analyticsRouter = router({
  overview: adminProcedure.query(() => getAdminOverview()),
  /** GET /api/health's answer (every part's state) for the overview's status strip. */
  health: adminProcedure.query(() => getHealth({ admin: true })),
  users: adminProcedure.input(ZListUsersQuery).query(({ input }) => listUsers(input)),
  signals: adminProcedure.input(ZAdminSignalsQuery).query(({ input }) => listAdminSignals(input)),
  signalStats: adminProcedure.input(ZSignalStatsQuery).query(({ input }) => getSignalStats(input.days)),
  signupsSeries: series("signups"),
  revenueSeries: series("revenue"),
  signalsSeries: series("signals"),
  profitSeries: series("profit"),
  pnlSeries: series("pnl"),
  blockedSeries: series("blocked"),
  dailyReports: adminProcedure.input(ZDailyReportsQuery).query(({ input, ctx }) => listDailyReports(input, ctx.user)),
  generateDailyReport: adminProcedure.input(ZGenerateReportInput).mutation(({ input }) => generateDailyReport(input.date)),
  /** The track record's head now (each stored report carries the head at the end of its day). */
  chainHead: adminProcedure.query(() => getChainHead()),
});

// Hourly at :00 UTC: yesterday's daily report, once (the first run after midnight builds and posts
// it; the others find it stored — so a run missed while the platform was down catches up).
import { runDailyReportJob } from "@/server/reports/daily-report";
import { defineJob } from "../define-job";

export const postDailyReport = defineJob(
  { id: "post-daily-report", triggers: [{ cron: "0 * * * *" }], retries: 3, singleton: true },
  async ({ step }) => step.run("build-daily-report", () => runDailyReportJob()),
);

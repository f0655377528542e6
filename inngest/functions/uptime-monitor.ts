// Every minute: the uptime monitor checks each part and posts an outage alert / recovery (and the
// day's heartbeat) to the admin chat through the outbox. One run at a time.
import { runUptimeMonitor } from "@/server/monitoring/uptime-monitor";
import { defineJob } from "../define-job";

export const uptimeMonitor = defineJob({ id: "uptime-monitor", triggers: [{ cron: "* * * * *" }], retries: 1, singleton: true }, async ({ step }) =>
  step.run("check-parts", async () => {
    const report = await runUptimeMonitor();
    return { changes: report.changes, heartbeat: report.heartbeat, down: report.checks.filter((c) => c.status === "down").map((c) => c.part) };
  }),
);

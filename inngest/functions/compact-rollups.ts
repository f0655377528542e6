// Every minute: folds the admin time series' per-day deltas into their rollups (server/analytics/
// rollups.ts), so a 365-day chart reads a few hundred rows. Reads are exact without it; it only
// keeps the delta table short.
import { compactRollups } from "@/server/analytics/rollups";
import { defineJob } from "../define-job";

export const compactRollupsJob = defineJob({ id: "compact-rollups", triggers: [{ cron: "* * * * *" }], retries: 1, singleton: true }, async ({ step }) =>
  step.run("compact-rollups", () => compactRollups()),
);

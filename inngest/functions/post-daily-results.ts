// 23:59 UTC: the day's signal results to the VIP and TRIAL groups.
import { postDailySignalResults } from "@/server/signals/daily-results";
import { defineJob } from "../define-job";

export const postDailyResults = defineJob(
  { id: "post-daily-signal-results", triggers: [{ cron: "59 23 * * *" }], retries: 3 },
  async ({ step }) => step.run("queue-daily-results", () => postDailySignalResults()),
);

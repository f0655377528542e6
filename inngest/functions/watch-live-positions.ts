// The protective-order watchdog, every minute: live positions' fills recorded, their stop and
// take-profits verified on the exchange and re-placed when missing (server/trading/protective-watchdog.ts).
// One run at a time, so a slow exchange never makes two ticks re-place the same order.
import { watchLivePositions } from "@/server/trading/protective-watchdog";
import { defineJob } from "../define-job";

export const watchLivePositionsJob = defineJob(
  { id: "watch-live-positions", triggers: [{ cron: "* * * * *" }], retries: 0, singleton: true },
  async ({ step }) => step.run("watch", () => watchLivePositions()),
);

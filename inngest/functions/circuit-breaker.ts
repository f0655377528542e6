// The global circuit breaker, every minute (SPEC §7): trips the kill switch on the 24 h system
// drawdown and, with AUTO_RESUME=1, lifts its own halt after the recovery period. One run at a time.
import { runCircuitBreaker } from "@/server/risk/circuit-breaker";
import { nudgeOutbox } from "@/server/notifications/nudge-outbox";
import { defineJob } from "../define-job";

export const circuitBreaker = defineJob(
  { id: "circuit-breaker", triggers: [{ cron: "* * * * *" }], retries: 1, singleton: true },
  async ({ step }) => {
    const run = await step.run("check-drawdown", () => runCircuitBreaker());
    if (run.action === "halted" || run.action === "resumed") await step.run("deliver-alerts", () => nudgeOutbox());
    return run;
  },
);

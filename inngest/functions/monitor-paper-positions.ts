// The paper price monitor, every 15 seconds: crons have minute granularity (Inngest and croner
// alike), so each minute's run makes 4 ticks 15 s apart with durable sleeps between them. One run at
// a time; a tick that finds the feed down waits for the next one.
import { runPaperMonitorTick } from "@/server/trading/price-monitor";
import { defineJob } from "../define-job";

export const TICKS_PER_MINUTE = 4;
export const TICK_INTERVAL_MS = 15_000;

export const monitorPaperPositions = defineJob(
  { id: "monitor-paper-positions", triggers: [{ cron: "* * * * *" }], retries: 0, singleton: true },
  async ({ step }) => {
    const ticks = [];
    for (let i = 0; i < TICKS_PER_MINUTE; i++) {
      if (i > 0) await step.sleep(`wait-${i}`, TICK_INTERVAL_MS);
      ticks.push(await step.run(`tick-${i}`, () => runPaperMonitorTick()));
    }
    return { ticks };
  },
);

// A signal event (TP n, all targets, stop loss, cancelled, closed) → the copies of that signal.
import { applySignalEventToPositions } from "@/server/trading/apply-signal-event";
import { signalEventRecorded } from "@/server/jobs/catalog";
import { defineJob } from "../define-job";

export const tradeSignalEvent = defineJob(
  // One at a time, in order: TP1 before TP2 before the stop, as they happened.
  { id: "trade-signal-event", triggers: [signalEventRecorded], retries: 3, concurrency: 1 },
  async ({ event, step }) =>
  step.run("apply-to-positions", () => applySignalEventToPositions(event.data.signalId, event.data.eventId)),
);

// A signal event (TP n, all targets, stop loss, cancelled, closed) → the copies of that signal.
import { applySignalEventToPositions } from "@/server/trading/apply-signal-event";
import { defineJob } from "../define-job";

export const tradeSignalEvent = defineJob({ id: "trade-signal-event", triggers: [{ event: "signal/event.recorded" }], retries: 3 }, async ({ event, step }) =>
  step.run("apply-to-positions", () => applySignalEventToPositions(String(event.data.signalId), String(event.data.eventId))),
);

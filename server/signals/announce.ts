// After a signal or event is committed: wake this process's live feed and tell the jobs
// (outbox delivery; the auto-trader consumes signal/created and signal/event.recorded). A job
// engine that is down must not fail the request: the data is stored, the outbox sweeper
// delivers the messages, and the failure is logged.
import { emitEvents } from "../jobs/events";
import { logger } from "../logger";
import { wakeFeed } from "./feed-hub";

export const OUTBOX_PENDING_EVENT = "notifications/outbox.pending";

export async function announceSignalChange(event: { name: string; id: string; data: Record<string, unknown> }): Promise<void> {
  wakeFeed();
  try {
    await emitEvents([event, { name: OUTBOX_PENDING_EVENT, data: {} }]);
  } catch (err) {
    logger.error("could not emit job events", { event: event.name, id: event.id, err: err as Error });
  }
}

/** Starts delivery of what was just queued in the outbox. */
export async function announceOutbox(): Promise<void> {
  try {
    await emitEvents([{ name: OUTBOX_PENDING_EVENT, data: {} }]);
  } catch (err) {
    logger.error("could not emit job events", { event: OUTBOX_PENDING_EVENT, err: err as Error });
  }
}

// Payment events and the after-commit kick. A job engine that is down must not fail a request
// whose data is already stored: the minute sweepers (payments, outbox) pick the work up anyway.
import { emitEvents } from "../jobs/events";
import { logger } from "../logger";
import { OUTBOX_PENDING_EVENT } from "../signals/announce";

/** A hash was submitted: verify it now. data: { paymentId } */
export const PAYMENT_SUBMITTED_EVENT = "payment/submitted";

export const outboxPending = () => ({ name: OUTBOX_PENDING_EVENT, data: {} });

export async function emitAfterCommit(events: { name: string; id?: string; data: Record<string, unknown> }[]): Promise<void> {
  try {
    await emitEvents(events);
  } catch (err) {
    logger.error("could not emit job events", { events: events.map((e) => e.name), err: err as Error });
  }
}

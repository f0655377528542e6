// The outbox nudge: whoever queues messages in the outbox (server/notifications/outbox.ts) calls this
// after commit, so deliver-notifications runs now rather than at its next minute sweep.
import { outboxPending } from "../jobs/catalog";
import { emitAfterCommit } from "../jobs/events";

export async function nudgeOutbox(): Promise<void> {
  await emitAfterCommit([outboxPending.create({})]);
}

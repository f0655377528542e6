// The outbox nudge: whoever queues messages in the outbox (server/notifications/outbox.ts) calls this
// after commit, so deliver-notifications runs now rather than at its next minute sweep (and the
// dashboard's delivery screen shows the new backlog).
import { outboxPending } from "../jobs/catalog";
import { emitAfterCommit } from "../jobs/events";
import { announceChange } from "../live-updates/live-updates";

export async function nudgeOutbox(): Promise<void> {
  // New rows are waiting: the delivery screen's backlog changed too.
  await Promise.all([emitAfterCommit([outboxPending.create({})]), announceChange("delivery")]);
}

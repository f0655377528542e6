// After a signal or event is committed: wake this process's live feed and tell the jobs (the
// auto-trader consumes signal/created and signal/event.recorded) and the outbox. A job engine that
// is down must not fail the request: the data is stored, the outbox sweeper delivers the messages,
// and the failure is logged.
import { outboxPending, type signalCreated, type signalEventRecorded } from "../jobs/catalog";
import { emitAfterCommit } from "../jobs/events";
import { wakeFeed } from "./feed-hub";

type TSignalChange = ReturnType<(typeof signalCreated)["create"]> | ReturnType<(typeof signalEventRecorded)["create"]>;

export async function announceSignalChange(event: TSignalChange): Promise<void> {
  wakeFeed();
  await emitAfterCommit([event, outboxPending.create({})]);
}

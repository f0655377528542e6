// How the domain starts background work: emit an event of the catalog (./catalog.ts). Startup
// decides where events go (Inngest, or the in-process runner); the domain never knows which.
import { logger } from "../logger";
import { checkEvent, type TCatalogEvent, type TJobEvent } from "./catalog";

type TDispatcher = (events: TJobEvent[]) => Promise<void>;

// On globalThis: `next build` bundles instrumentation (which sets it) and each route handler
// (which emit) into separate chunks, each with its own copy of this module.
const g = globalThis as unknown as { verzekEventDispatcher?: TDispatcher };

export function setEventDispatcher(d: TDispatcher | undefined): void {
  g.verzekEventDispatcher = d;
}

/** Sends the events; one whose payload does not fit its catalog schema is refused (throws), none is sent. */
export async function emitEvents(events: TCatalogEvent[]): Promise<void> {
  const checked = events.map(checkEvent);
  const dispatcher = g.verzekEventDispatcher;
  if (!dispatcher) throw new Error("No job dispatcher: the platform was not started (server/startup)");
  if (checked.length > 0) await dispatcher(checked);
}

/**
 * After the data is committed. A job engine that is down must not fail a request whose data is
 * already stored — the minute sweepers (outbox, payments) pick the work up — so the failure is
 * logged. A payload that fails its schema is a bug and still throws.
 */
export async function emitAfterCommit(events: TCatalogEvent[]): Promise<void> {
  events.forEach(checkEvent);
  try {
    await emitEvents(events);
  } catch (err) {
    logger.error("could not emit job events", { event: events[0]?.name, id: events[0]?.id, events: events.map((e) => e.name), err: err as Error });
  }
}

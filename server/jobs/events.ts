// How the domain starts background work: emit an event. Startup decides where events go
// (Inngest, or the in-process runner); the domain never knows which.
import type { TJobEvent } from "@/inngest/define-job";

type TDispatcher = (events: TJobEvent[]) => Promise<void>;

// On globalThis: `next build` bundles instrumentation (which sets it) and each route handler
// (which emit) into separate chunks, each with its own copy of this module.
const g = globalThis as unknown as { verzekEventDispatcher?: TDispatcher };

export function setEventDispatcher(d: TDispatcher | undefined): void {
  g.verzekEventDispatcher = d;
}

export async function emitEvents(events: TJobEvent[]): Promise<void> {
  const dispatcher = g.verzekEventDispatcher;
  if (!dispatcher) throw new Error("No job dispatcher: the platform was not started (server/startup)");
  if (events.length > 0) await dispatcher(events);
}

// How the domain starts background work: emit an event. Startup decides where events go
// (Inngest, or the in-process runner); the domain never knows which.
import type { TJobEvent } from "@/inngest/define-job";

type TDispatcher = (events: TJobEvent[]) => Promise<void>;

let dispatcher: TDispatcher | undefined;

export function setEventDispatcher(d: TDispatcher | undefined): void {
  dispatcher = d;
}

export async function emitEvents(events: TJobEvent[]): Promise<void> {
  if (!dispatcher) throw new Error("No job dispatcher: the platform was not started (server/startup)");
  if (events.length > 0) await dispatcher(events);
}

// The event catalog: every event the platform sends, once, with its zod payload. Senders build
// events from these definitions (signalCreated.create({...})), the jobs name them as triggers, and
// both the send path (server/jobs/events.ts, the jobs' step.sendEvent) and the receiving job check
// the payload against the same schema, so sender and receiver cannot drift apart.
import { z } from "zod";
import { AppError } from "../errors";

/** An event as it travels: Inngest's shape ({name, data, id?}); an id is accepted once. */
export type TJobEvent<N extends string = string, D = Record<string, unknown>> = { name: N; data: D; id?: string };

type TPayload = z.ZodType<Record<string, unknown>>;

export type TEventDefinition<N extends string = string, S extends TPayload = TPayload> = {
  readonly name: N;
  readonly schema: S;
  create(data: z.input<S>, options?: { id?: string }): TJobEvent<N, z.input<S>>;
};

function defineEvent<N extends string, S extends TPayload>(name: N, schema: S): TEventDefinition<N, S> {
  return { name, schema, create: (data, options) => ({ name, data, ...(options?.id ? { id: options.id } : {}) }) };
}

/** A new signal is stored: the auto-trader copies it, then releases its held broadcast. */
export const signalCreated = defineEvent("signal/created", z.strictObject({ signalId: z.uuid() }));

/** A signal event (TP n, all targets, stop loss, cancelled, closed) is stored: its copies follow it. */
export const signalEventRecorded = defineEvent(
  "signal/event.recorded",
  z.strictObject({ signalId: z.uuid(), eventId: z.uuid(), type: z.enum(["TP_HIT", "ALL_TP", "SL_HIT", "CANCELLED", "CLOSED"]) }),
);

/** A transaction hash was submitted: verify it on the chain now. */
export const paymentSubmitted = defineEvent("payment/submitted", z.strictObject({ paymentId: z.uuid() }));

/** Something was queued in the outbox: deliver it now (the minute sweeper catches a lost nudge). */
export const outboxPending = defineEvent("notifications/outbox.pending", z.strictObject({}));

const CATALOG: ReadonlyMap<string, TEventDefinition> = new Map(
  [signalCreated, signalEventRecorded, paymentSubmitted, outboxPending].map((d) => [d.name, d as unknown as TEventDefinition]),
);

/** Any event of the catalog, as its sender builds it. */
export type TCatalogEvent = ReturnType<(typeof signalCreated | typeof signalEventRecorded | typeof paymentSubmitted | typeof outboxPending)["create"]>;

/**
 * The payload checked against its definition: an event that is not in the catalog, or whose data
 * does not fit, is refused (a bug in the sender, so never retried).
 */
export function checkEvent<E extends TJobEvent>(event: E): E {
  const definition = CATALOG.get(event.name);
  if (!definition) throw new AppError("INTERNAL", `refused event ${event.name}: not in the event catalog`);
  const parsed = definition.schema.safeParse(event.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("INTERNAL", `refused event ${event.name}: ${issue?.path.join(".") || "data"}: ${issue?.message ?? "invalid"}`, { cause: parsed.error });
  }
  return { ...event, data: parsed.data };
}

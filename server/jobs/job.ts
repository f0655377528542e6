// One definition per background job, runnable two ways with the same handler: by the in-process
// runner (./in-process.ts) when no Inngest server is configured, or as an Inngest durable function
// (inngest/define-job.ts wraps a TJob; this folder never imports inngest/). Every run is recorded
// for /api/health and /api/safety/status.
import type { z } from "zod";
import { AppError } from "../errors";
import { checkEvent, type TCatalogEvent, type TEventDefinition, type TJobEvent } from "./catalog";
import { recordJobRun } from "./job-runs";

export type { TJobEvent } from "./catalog";

/** The step tools a job may use: a subset both Inngest and the in-process runner provide. */
export type TJobStep = {
  run<T>(id: string, fn: () => Promise<T>): Promise<T>;
  sendEvent(id: string, events: TJobEvent | TJobEvent[]): Promise<unknown>;
  /** A durable pause (Inngest step.sleep); in-process, a timer that the runner's stop() cuts short. */
  sleep(id: string, ms: number): Promise<unknown>;
};

export type TJobContext = { event: TJobEvent; step: TJobStep };

export type TJobTrigger = { event: string } | { cron: string };

export type TJob = {
  id: string;
  triggers: TJobTrigger[];
  retries: number;
  /** 1: one run at a time; a run asked for meanwhile starts when the current one ends. */
  singleton: boolean;
  /** At most this many runs at once; further events wait their turn in order (none is dropped). */
  concurrency?: number;
  handler: (ctx: TJobContext) => Promise<unknown>;
};

/**
 * Whether a failed run (or step) may be tried again: an AppError says so itself (`retryable`,
 * `retryAfterSeconds`); anything else is unexpected and retried. Inngest gets the answer as
 * NonRetriableError / RetryAfterError (inngest/define-job.ts); the in-process runner obeys it too.
 */
export function retryPolicy(err: unknown): { retry: false } | { retry: true; afterMs?: number } {
  if (!(err instanceof AppError)) return { retry: true };
  if (!err.retryable) return { retry: false };
  return err.retryAfterSeconds ? { retry: true, afterMs: err.retryAfterSeconds * 1000 } : { retry: true };
}

export type TDefinitionTrigger = TEventDefinition | { cron: string };

/** What a job's handler receives: the trigger's payload, typed by its catalog schema. */
type TTriggeredEvent<T> =
  T extends TEventDefinition<infer N, infer S> ? TJobEvent<N, z.output<S>> : TJobEvent<"inngest/scheduled.timer", Record<string, unknown>>;

type TTypedStep = Omit<TJobStep, "sendEvent"> & { sendEvent(id: string, events: TCatalogEvent | TCatalogEvent[]): Promise<unknown> };

export type TJobOptions<T extends readonly TDefinitionTrigger[]> = {
  id: string;
  triggers: T;
  retries?: number;
  singleton?: boolean;
  concurrency?: number;
};

export type TJobBody<T extends readonly TDefinitionTrigger[]> = (ctx: { event: TTriggeredEvent<T[number]>; step: TTypedStep }) => Promise<unknown>;

export function defineJob<const T extends readonly TDefinitionTrigger[]>(options: TJobOptions<T>, body: TJobBody<T>): TJob {
  const triggers = options.triggers.map((t): TJobTrigger => ("cron" in t ? { cron: t.cron } : { event: t.name }));
  const handler = async ({ event, step }: TJobContext) => {
    try {
      // The payload is checked on the way in as on the way out: an event sent from elsewhere
      // (Inngest's dashboard, another app) meets the same schema.
      const received = triggers.some((t) => "event" in t && t.event === event.name) ? checkEvent(event) : event;
      const checkedStep: TTypedStep = {
        run: (id, fn) => step.run(id, fn),
        sleep: (id, ms) => step.sleep(id, ms),
        sendEvent: (id, events) => step.sendEvent(id, Array.isArray(events) ? events.map(checkEvent) : checkEvent(events)),
      };
      const result = await body({ event: received as TTriggeredEvent<T[number]>, step: checkedStep });
      await recordJobRun(options.id, "ok");
      return result;
    } catch (err) {
      await recordJobRun(options.id, "error", err);
      throw err;
    }
  };
  return { id: options.id, triggers, retries: options.retries ?? 3, singleton: options.singleton ?? false, concurrency: options.concurrency, handler };
}

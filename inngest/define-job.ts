// One definition per background job, runnable two ways with the same handler: as an Inngest
// durable function (served at /api/inngest) or by the in-process runner (server/jobs) when no
// Inngest server is configured. Every run is recorded for /api/health and /api/safety/status.
import type { InngestFunction } from "inngest";
import { recordJobRun } from "@/server/jobs/job-runs";
import { inngest } from "./client";

export type TJobEvent = { name: string; data: Record<string, unknown>; id?: string };

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
  fn: InngestFunction.Any;
};

export function defineJob(
  options: { id: string; triggers: TJobTrigger[]; retries?: number; singleton?: boolean; concurrency?: number },
  body: (ctx: TJobContext) => Promise<unknown>,
): TJob {
  const retries = options.retries ?? 3;
  const handler = async (ctx: TJobContext) => {
    try {
      const result = await body(ctx);
      await recordJobRun(options.id, "ok");
      return result;
    } catch (err) {
      await recordJobRun(options.id, "error", err);
      throw err;
    }
  };
  const fn = inngest.createFunction(
    {
      id: options.id,
      triggers: options.triggers,
      retries: retries as 3,
      ...(options.singleton ? { concurrency: { limit: 1 } } : options.concurrency ? { concurrency: { limit: options.concurrency } } : {}),
    },
    // Inngest's context is a superset of TJobContext; its step.run JSON-serialises results,
    // which our jobs return anyway.
    (ctx) => handler(ctx as unknown as TJobContext),
  );
  return { id: options.id, triggers: options.triggers, retries, singleton: options.singleton ?? false, concurrency: options.concurrency, handler, fn };
}

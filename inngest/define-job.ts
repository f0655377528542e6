// A job (server/jobs/job.ts) as an Inngest durable function, served at /api/inngest. The handler is
// the job's own, so both engines run the same code; here its failures are translated once for
// Inngest: an AppError marked not retryable becomes NonRetriableError (the step fails for good), one
// that names a wait becomes RetryAfterError.
import { NonRetriableError, RetryAfterError, type InngestFunction } from "inngest";
import { defineJob as defineServerJob, retryPolicy, type TDefinitionTrigger, type TJob, type TJobBody, type TJobContext, type TJobOptions, type TJobStep } from "@/server/jobs/job";
import { inngest } from "./client";

export type TInngestJob = TJob & { fn: InngestFunction.Any };

export function toInngestError(err: unknown): unknown {
  const policy = retryPolicy(err);
  const message = err instanceof Error ? err.message : String(err);
  if (!policy.retry) return new NonRetriableError(message, { cause: err });
  if (policy.afterMs) return new RetryAfterError(message, policy.afterMs, { cause: err });
  return err;
}

const translated =
  <T>(fn: () => Promise<T>) =>
  async (): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw toInngestError(err);
    }
  };

export function toInngestFunction(job: TJob): InngestFunction.Any {
  return inngest.createFunction(
    {
      id: job.id,
      triggers: job.triggers,
      retries: job.retries as 3,
      ...(job.singleton ? { concurrency: { limit: 1 } } : job.concurrency ? { concurrency: { limit: job.concurrency } } : {}),
    },
    // Inngest's context is a superset of TJobContext; its step.run JSON-serialises results, which
    // our jobs return anyway.
    (ctx) => {
      const { event, step } = ctx as unknown as TJobContext;
      const steps: TJobStep = {
        run: (id, fn) => step.run(id, translated(fn)),
        sendEvent: (id, events) => step.sendEvent(id, events),
        sleep: (id, ms) => step.sleep(id, ms),
      };
      return translated(() => job.handler({ event, step: steps }))();
    },
  ) as InngestFunction.Any;
}

/** A job for both engines: `fn` is its Inngest function, the rest what the in-process runner runs. */
export function defineJob<const T extends readonly TDefinitionTrigger[]>(options: TJobOptions<T>, body: TJobBody<T>): TInngestJob {
  const job = defineServerJob(options, body);
  return { ...job, fn: toInngestFunction(job) };
}

// In-process job mode (SPEC §12): with no Inngest server configured, the same job handlers run
// inside the app process — event-triggered jobs right after the event, crons on a UTC timer.
// Steps are memoised per run, so a retried run skips the steps that already succeeded, as
// Inngest does; an event id is accepted once (Inngest dedupes ids for 24 h).
import { Cron } from "croner";
import type { TJob, TJobEvent, TJobStep } from "@/inngest/define-job";
import { logger } from "../logger";

export type TInProcessRunner = {
  dispatch(events: TJobEvent | TJobEvent[]): Promise<void>;
  /** Runs one job now and waits for it (tests, and crons). */
  run(job: TJob, event: TJobEvent): Promise<unknown>;
  startCrons(): void;
  stop(): Promise<void>;
};

const MAX_REMEMBERED_EVENT_IDS = 10_000;

export function createInProcessRunner(jobs: TJob[], options: { retryBaseMs?: number } = {}): TInProcessRunner {
  const retryBaseMs = options.retryBaseMs ?? 1000;
  const seenEventIds = new Set<string>();
  const crons: Cron[] = [];
  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;

  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  };

  async function run(job: TJob, event: TJobEvent): Promise<unknown> {
    const memo = new Map<string, unknown>();
    const step: TJobStep = {
      run: async <T>(id: string, fn: () => Promise<T>): Promise<T> => {
        if (memo.has(id)) return memo.get(id) as T;
        const value = await fn();
        memo.set(id, value);
        return value;
      },
      sendEvent: async (id, events) => {
        if (memo.has(id)) return memo.get(id);
        await dispatch(events);
        const ids = { ids: (Array.isArray(events) ? events : [events]).map((e) => e.id ?? "") };
        memo.set(id, ids);
        return ids;
      },
    };
    for (let attempt = 0; ; attempt++) {
      try {
        return await job.handler({ event, step });
      } catch (err) {
        if (attempt >= job.retries || stopped) throw err;
        logger.warn("job failed, retrying", { job: job.id, attempt: attempt + 1, err: err as Error });
        await new Promise((r) => setTimeout(r, retryBaseMs * 2 ** attempt));
      }
    }
  }

  async function dispatch(events: TJobEvent | TJobEvent[]): Promise<void> {
    for (const event of Array.isArray(events) ? events : [events]) {
      if (event.id) {
        if (seenEventIds.has(event.id)) continue;
        seenEventIds.add(event.id);
        if (seenEventIds.size > MAX_REMEMBERED_EVENT_IDS) seenEventIds.delete(seenEventIds.values().next().value!);
      }
      for (const job of jobs) {
        if (!("event" in job.trigger) || job.trigger.event !== event.name) continue;
        // Fire and forget, like an event sent to Inngest: the caller never waits on the job.
        void track(run(job, event)).catch((err: unknown) =>
          logger.error("job failed", { job: job.id, event: event.name, err: err as Error }),
        );
      }
    }
  }

  return {
    dispatch,
    run,
    startCrons() {
      for (const job of jobs) {
        if (!("cron" in job.trigger)) continue;
        const schedule = job.trigger.cron;
        crons.push(
          new Cron(schedule, { timezone: "UTC", protect: true }, async () => {
            await track(run(job, { name: "inngest/scheduled.timer", data: { cron: schedule } })).catch((err: unknown) =>
              logger.error("scheduled job failed", { job: job.id, err: err as Error }),
            );
          }),
        );
      }
    },
    async stop() {
      stopped = true;
      for (const c of crons) c.stop();
      await Promise.allSettled([...inFlight]);
    },
  };
}

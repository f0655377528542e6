// In-process job mode (SPEC §12): with no Inngest server configured, the same job handlers run
// inside the app process — event-triggered jobs right after the event, crons on a UTC timer.
// Steps are memoised per run, so a retried run skips the steps that already succeeded, as
// Inngest does; an event id is accepted once (Inngest dedupes ids for 24 h); an error that says it
// is not retryable (retryPolicy) ends the run at once, as NonRetriableError does on Inngest.
import { Cron } from "croner";
import { logger } from "../logger";
import { retryPolicy, type TJob, type TJobEvent, type TJobStep } from "./job";

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
  const wakeSleepers = new Set<() => void>();
  const backoff = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wakeSleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakeSleepers.add(done);
    });

  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  };

  const running = new Map<string, number>();
  const rerun = new Map<string, TJobEvent>();
  const waiting = new Map<string, TJobEvent[]>();

  /**
   * Starts a run in the background. A singleton already running runs once more after (later
   * kicks fold into one); a job with a concurrency limit queues its events, first in, first out,
   * and none is dropped.
   */
  function start(job: TJob, event: TJobEvent): void {
    const active = running.get(job.id) ?? 0;
    if (job.singleton && active > 0) {
      rerun.set(job.id, event);
      return;
    }
    if (job.concurrency && active >= job.concurrency) {
      waiting.set(job.id, [...(waiting.get(job.id) ?? []), event]);
      return;
    }
    running.set(job.id, active + 1);
    void track(run(job, event))
      .catch((err: unknown) => logger.error("job failed", { job: job.id, event: event.name, err: err as Error }))
      .finally(() => {
        running.set(job.id, (running.get(job.id) ?? 1) - 1);
        if (stopped) return;
        const next = rerun.get(job.id) ?? waiting.get(job.id)?.shift();
        rerun.delete(job.id);
        if (next) start(job, next);
      });
  }

  async function run(job: TJob, event: TJobEvent): Promise<unknown> {
    const memo = new Map<string, unknown>();
    for (let attempt = 0; ; attempt++) {
      try {
        return await job.handler({ event, step: stepTools(memo) });
      } catch (err) {
        if (attempt >= job.retries || stopped || !retryPolicy(err).retry) throw err;
        logger.warn("job failed, retrying", { job: job.id, attempt: attempt + 1, err: err as Error });
        await backoff(retryBaseMs * 2 ** attempt);
        if (stopped) throw err;
      }
    }
  }

  /**
   * Step tools for one attempt. As in Inngest: a step id used again in the same run is a new
   * step (`id`, `id:1`, `id:2`, …), and results go through JSON, so both modes see the same values.
   */
  function stepTools(memo: Map<string, unknown>): TJobStep {
    const seen = new Map<string, number>();
    const key = (id: string) => {
      const n = seen.get(id) ?? 0;
      seen.set(id, n + 1);
      return n === 0 ? id : `${id}:${n}`;
    };
    const once = async <T>(id: string, fn: () => Promise<T>): Promise<T> => {
      const k = key(id);
      if (memo.has(k)) return memo.get(k) as T;
      const result = await fn();
      const value = (result === undefined ? undefined : JSON.parse(JSON.stringify(result))) as T;
      memo.set(k, value);
      return value;
    };
    return {
      run: once,
      sleep: (id, ms) =>
        once(id, async () => {
          await backoff(ms);
          if (stopped) throw new Error("job runner stopped during a sleep step");
        }),
      sendEvent: (id, events) =>
        once(id, async () => {
          await dispatch(events);
          return { ids: (Array.isArray(events) ? events : [events]).map((e) => e.id ?? "") };
        }),
    };
  }

  async function dispatch(events: TJobEvent | TJobEvent[]): Promise<void> {
    for (const event of Array.isArray(events) ? events : [events]) {
      if (event.id) {
        if (seenEventIds.has(event.id)) continue;
        seenEventIds.add(event.id);
        if (seenEventIds.size > MAX_REMEMBERED_EVENT_IDS) seenEventIds.delete(seenEventIds.values().next().value!);
      }
      for (const job of jobs) {
        if (!job.triggers.some((t) => "event" in t && t.event === event.name)) continue;
        // Fire and forget, like an event sent to Inngest: the caller never waits on the job.
        start(job, event);
      }
    }
  }

  return {
    dispatch,
    run,
    startCrons() {
      for (const job of jobs) {
        for (const trigger of job.triggers) {
          if (!("cron" in trigger)) continue;
          const schedule = trigger.cron;
          crons.push(
            new Cron(schedule, { timezone: "UTC", protect: true }, () => start(job, { name: "inngest/scheduled.timer", data: { cron: schedule } })),
          );
        }
      }
    },
    async stop() {
      stopped = true;
      for (const c of crons) c.stop();
      for (const wake of [...wakeSleepers]) wake();
      // Runs may fan out to new runs while finishing: wait until none is left.
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

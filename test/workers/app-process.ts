// One app process of the several-processes test (server/jobs/several-processes.int.test.ts): the
// in-process job mode exactly as server/startup.ts sets it up — every job of inngest/functions, one
// runner, the domain's events dispatched to it — against DATABASE_URL and the fakes' base URLs in
// its environment. The wall clock does not fire the crons here: the parent names a job and a
// moment, and every process starts that job's cron run at that moment, as croner does at :00 in
// every process of a real deployment. Durable sleeps are scaled by SLEEP_SCALE, so the monitor's
// minute of four ticks takes a fraction of a second and the processes still tick together.
//   fork("test/workers/app-process.ts", [], { execArgv: ["--import", "tsx"], env: { …, SLEEP_SCALE: "0.001" } })
// Messages: → {ready: true} once loaded; ← {id, job, at, event?} → {id, result} | {id, error};
// ← {id, idle: true} → {id, result: true} once no job is running here; ← "stop" → exits.
import { jobs } from "@/inngest/functions";
import { db, disconnectDb } from "@/server/db/client";
import { setEventDispatcher } from "@/server/jobs/events";
import { createInProcessRunner } from "@/server/jobs/in-process";
import type { TJob, TJobEvent } from "@/server/jobs/job";

const send = process.send?.bind(process);
if (!send) throw new Error("app-process.ts runs as a forked worker (it needs the IPC channel)");

const scale = Number(process.env.SLEEP_SCALE ?? "1");
let active = 0;
// The real handlers; only the length of step.sleep changes, and the count of runs in progress.
const wrapped: TJob[] = jobs.map((job) => ({
  ...job,
  handler: async (ctx) => {
    active++;
    try {
      return await job.handler({ ...ctx, step: { ...ctx.step, sleep: (id, ms) => ctx.step.sleep(id, Math.round(ms * scale)) } });
    } finally {
      active--;
    }
  },
}));
const runner = createInProcessRunner(wrapped, { retryBaseMs: 100 });
setEventDispatcher((events) => runner.dispatch(events));

type TRequest = { id: number; job?: string; at?: number; event?: TJobEvent; idle?: true };

async function answer(req: TRequest): Promise<unknown> {
  if (req.idle) {
    // Runs started by events (an outbox nudge) may still be going: wait for a quiet moment.
    for (let quiet = 0; quiet < 3; ) {
      await new Promise((r) => setTimeout(r, 100));
      quiet = active === 0 ? quiet + 1 : 0;
    }
    return true;
  }
  const job = wrapped.find((j) => j.id === req.job);
  if (!job) throw new Error(`no job ${req.job}`);
  const cron = job.triggers.find((t) => "cron" in t);
  const event = req.event ?? { name: "inngest/scheduled.timer", data: { cron: cron && "cron" in cron ? cron.cron : "" } };
  await new Promise((r) => setTimeout(r, Math.max(0, (req.at ?? 0) - Date.now())));
  return runner.run(job, event);
}

process.on("message", (m: TRequest | "stop") => {
  if (m === "stop") {
    void runner
      .stop()
      .then(() => disconnectDb())
      .finally(() => process.disconnect());
    return;
  }
  answer(m).then(
    (result) => send({ id: m.id, result: result ?? null }),
    (err: unknown) => send({ id: m.id, error: String((err as Error)?.stack ?? err) }),
  );
});

// A parent that died (a failed or killed test run) leaves no process behind holding connections.
process.once("disconnect", () => process.exit(0));

// The first query opens the pool, so no process is slower than the others when the race starts.
await db().$queryRaw`SELECT 1`;
send({ ready: true });

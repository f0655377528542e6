// Runs the jobs that recorded events trigger, as the platform's in-process runner would, until no
// event is left (a job's own events are recorded too and run in turn).
import type { TJob, TJobEvent } from "@/server/jobs/job";
import { createInProcessRunner } from "@/server/jobs/in-process";

export async function drainJobs(events: TJobEvent[], jobs: TJob[]): Promise<void> {
  const runner = createInProcessRunner(jobs);
  try {
    while (events.length > 0) {
      const event = events.shift()!;
      for (const job of jobs.filter((j) => j.triggers.some((t) => "event" in t && t.event === event.name))) await runner.run(job, event);
    }
  } finally {
    await runner.stop();
  }
}

import { db } from "../db/client";
import { logger } from "../logger";

export async function recordJobRun(name: string, status: "ok" | "error", err?: unknown): Promise<void> {
  const lastError = err ? String((err as Error).message ?? err).slice(0, 500) : null;
  try {
    await db().jobRun.upsert({
      where: { name },
      create: { name, lastRunAt: new Date(), lastStatus: status, lastError, runCount: 1 },
      update: { lastRunAt: new Date(), lastStatus: status, lastError, runCount: { increment: 1 } },
    });
  } catch (e) {
    // Bookkeeping must never fail the job it describes.
    logger.warn("could not record job run", { job: name, err: e as Error });
  }
}

export async function listJobRuns() {
  const rows = await db().jobRun.findMany({ orderBy: { name: "asc" } });
  return rows.map((r) => ({
    name: r.name,
    last_run_at: r.lastRunAt.toISOString(),
    last_status: r.lastStatus,
    last_error: r.lastError,
    run_count: r.runCount,
  }));
}

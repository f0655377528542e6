// The database probe /api/health and the uptime monitor share (it lives beside the client so
// that health/ and monitoring/, which read each other's figures otherwise, need not import each other).
import { env } from "../env";
import { db, EMBEDDED_TRANSACTION_MAX_WAIT_MS } from "./client";

/**
 * How long the database may take to answer before it counts as down. The embedded database has one
 * connection that a burst of requests queues for (client.ts): there a slow answer means busy, not
 * down, so the probe waits as long as a transaction would.
 */
function probeTimeoutMs(): number {
  return env().DATABASE_EMBEDDED ? EMBEDDED_TRANSACTION_MAX_WAIT_MS : 2000;
}

export async function checkDatabase(): Promise<{ status: "ok" | "down"; latency_ms?: number; error?: string }> {
  const t0 = performance.now();
  const limit = probeTimeoutMs();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db().$queryRaw`SELECT 1`,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${limit / 1000} s`)), limit))),
    ]);
    return { status: "ok", latency_ms: Math.round(performance.now() - t0) };
  } catch (err) {
    return { status: "down", error: (err as Error).message.split("\n")[0] };
  } finally {
    clearTimeout(timer);
  }
}

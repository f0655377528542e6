// /api/health: is each part of the platform up? 503 when the database is not.
import fs from "node:fs";
import path from "node:path";
import { db, EMBEDDED_TRANSACTION_MAX_WAIT_MS } from "../db/client";
import { env } from "../env";
import { listJobRuns } from "../jobs/job-runs";
import { uptimeSummary } from "../monitoring/uptime";
import { outboxBacklog } from "../notifications/deliver-outbox";
import { getPriceFeedStatus } from "../trading/market-data";

const VERSION = (() => {
  try {
    return (JSON.parse(fs.readFileSync(path.resolve("package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
})();
const PROCESS_STARTED = Date.now();

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

/** `admin`: also the uptime monitor's view of each part, with its uptime over 24 h and 7 d. */
export async function getHealth(options: { admin?: boolean } = {}) {
  const database = await checkDatabase();
  const config = env();
  const uptime = options.admin && database.status === "ok" ? { uptime: { parts: await uptimeSummary() } } : {};
  return {
    status: database.status === "ok" ? ("ok" as const) : ("degraded" as const),
    version: VERSION,
    uptime_s: Math.round((Date.now() - PROCESS_STARTED) / 1000),
    database,
    jobs: {
      mode: config.jobMode,
      runs: database.status === "ok" ? await listJobRuns() : [],
    },
    telegram: {
      status: config.TELEGRAM_BOT_TOKEN ? "configured" : "off",
      channel_listener: !config.TELEGRAM_BOT_TOKEN || !config.SIGNAL_CHANNEL_ID ? "off" : config.TELEGRAM_WEBHOOK_SECRET ? "webhook" : "polling",
      outbox: database.status === "ok" ? await outboxBacklog() : null,
    },
    // The exchange price feed as the auto-trader and the paper monitor last saw it ("unknown" before they asked).
    exchange: {
      price_feed: (database.status === "ok" ? await getPriceFeedStatus() : null) ?? { status: "unknown" as const },
    },
    ...uptime,
  };
}

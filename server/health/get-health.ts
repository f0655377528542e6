// /api/health: is each part of the platform up? 503 when the database is not.
import fs from "node:fs";
import path from "node:path";
import { db } from "../db/client";
import { env } from "../env";
import { listJobRuns } from "../jobs/job-runs";
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

async function checkDatabase(): Promise<{ status: "ok" | "down"; latency_ms?: number; error?: string }> {
  const t0 = performance.now();
  try {
    await Promise.race([
      db().$queryRaw`SELECT 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error("timed out after 2 s")), 2000)),
    ]);
    return { status: "ok", latency_ms: Math.round(performance.now() - t0) };
  } catch (err) {
    return { status: "down", error: (err as Error).message.split("\n")[0] };
  }
}

export async function getHealth() {
  const database = await checkDatabase();
  const config = env();
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
  };
}

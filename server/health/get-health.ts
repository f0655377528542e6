// /api/health: is each part of the platform up? 503 when the database is not.
import fs from "node:fs";
import path from "node:path";
import { checkDatabase } from "../db/check-database";
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

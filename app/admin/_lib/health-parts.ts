// /api/health's answer as one line per part for the overview's status strip: each part ok,
// warning, down or off, with the detail an operator acts on. Pure (health-parts.test.ts).
export type THealth = {
  status: "ok" | "degraded";
  version: string;
  uptime_s: number;
  database: { status: "ok" | "down"; latency_ms?: number; error?: string };
  jobs: { mode: string; runs: { name: string; last_run_at: string; last_status: string; last_error: string | null }[] };
  telegram: { status: string; channel_listener: string; outbox: { pending: number; failed: number; oldest_pending_at: string | null } | null };
  exchange: { price_feed: { status: "ok" | "down" | "unknown"; last_error?: string | null; last_ok_at?: string | null } };
};

export type TPartState = "ok" | "warn" | "down" | "off";
export type THealthPart = { name: string; state: TPartState; detail: string };

const minutesAgo = (iso: string, now: Date) => Math.max(0, Math.round((now.getTime() - new Date(iso).getTime()) / 60_000));

export function healthParts(h: THealth, now = new Date()): THealthPart[] {
  const failedJobs = h.jobs.runs.filter((r) => r.last_status !== "ok");
  const outbox = h.telegram.outbox;
  const feed = h.exchange.price_feed;
  return [
    {
      name: "Database",
      state: h.database.status === "ok" ? "ok" : "down",
      detail: h.database.status === "ok" ? `answers in ${h.database.latency_ms ?? 0} ms` : (h.database.error ?? "not answering"),
    },
    {
      name: "Jobs",
      state: failedJobs.length > 0 ? "warn" : "ok",
      detail:
        failedJobs.length > 0
          ? `${h.jobs.mode}: ${failedJobs.map((r) => r.name).join(", ")} failed last run`
          : `${h.jobs.mode}: ${h.jobs.runs.length} job${h.jobs.runs.length === 1 ? "" : "s"} ran fine`,
    },
    {
      name: "Telegram",
      state: h.telegram.status === "off" ? "off" : outbox && outbox.failed > 0 ? "warn" : "ok",
      detail:
        h.telegram.status === "off"
          ? "no bot token: delivery is off"
          : !outbox
            ? "configured"
            : outbox.failed > 0
              ? `${outbox.failed} message${outbox.failed === 1 ? "" : "s"} failed, ${outbox.pending} waiting`
              : outbox.pending > 0 && outbox.oldest_pending_at
                ? `${outbox.pending} waiting, oldest ${minutesAgo(outbox.oldest_pending_at, now)} min`
                : `delivering (channel listener: ${h.telegram.channel_listener})`,
    },
    {
      name: "Price feed",
      state: feed.status === "ok" ? "ok" : feed.status === "down" ? "down" : "off",
      detail: feed.status === "ok" ? "prices arriving" : feed.status === "down" ? (feed.last_error ?? "unreachable") : "not asked yet",
    },
  ];
}

import { describe, expect, it } from "vitest";
import { healthParts, type THealth } from "./health-parts";

const now = new Date("2026-12-05T12:00:00Z");
const healthy: THealth = {
  status: "ok",
  version: "0.1.0",
  uptime_s: 10,
  database: { status: "ok", latency_ms: 3 },
  jobs: { mode: "in-process", runs: [{ name: "expire-plans", last_run_at: now.toISOString(), last_status: "ok", last_error: null }] },
  telegram: { status: "configured", channel_listener: "webhook", outbox: { pending: 0, failed: 0, oldest_pending_at: null } },
  exchange: { price_feed: { status: "ok" } },
};

describe("health parts", () => {
  it("names every part, all ok on a healthy platform", () => {
    const parts = healthParts(healthy, now);
    expect(parts.map((p) => p.name)).toEqual(["Database", "Jobs", "Telegram", "Price feed"]);
    expect(parts.every((p) => p.state === "ok")).toBe(true);
    expect(parts[0]!.detail).toBe("answers in 3 ms");
    expect(parts[1]!.detail).toBe("in-process: 1 job ran fine");
  });

  it("says what is wrong: database down, a failed job, failed messages, the feed down", () => {
    const parts = healthParts(
      {
        ...healthy,
        status: "degraded",
        database: { status: "down", error: "timed out after 2 s" },
        jobs: { mode: "inngest", runs: [{ name: "daily-report", last_run_at: now.toISOString(), last_status: "error", last_error: "boom" }] },
        telegram: { status: "configured", channel_listener: "polling", outbox: { pending: 4, failed: 1, oldest_pending_at: null } },
        exchange: { price_feed: { status: "down", last_error: "ECONNREFUSED" } },
      },
      now,
    );
    expect(parts.map((p) => [p.name, p.state, p.detail])).toEqual([
      ["Database", "down", "timed out after 2 s"],
      ["Jobs", "warn", "inngest: daily-report failed last run"],
      ["Telegram", "warn", "1 message failed, 4 waiting"],
      ["Price feed", "down", "ECONNREFUSED"],
    ]);
  });

  it("shows a part that is switched off or not used yet as off, and a waiting backlog's age", () => {
    const parts = healthParts(
      { ...healthy, telegram: { status: "off", channel_listener: "off", outbox: null }, exchange: { price_feed: { status: "unknown" } } },
      now,
    );
    expect(parts[2]).toEqual({ name: "Telegram", state: "off", detail: "no bot token: delivery is off" });
    expect(parts[3]).toEqual({ name: "Price feed", state: "off", detail: "not asked yet" });
    const backlog = healthParts({ ...healthy, telegram: { ...healthy.telegram, outbox: { pending: 2, failed: 0, oldest_pending_at: "2026-12-05T11:55:00Z" } } }, now);
    expect(backlog[2]!.detail).toBe("2 waiting, oldest 5 min");
  });
});

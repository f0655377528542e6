import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { resetEnvForTests } from "@/server/env";
import { setEventDispatcher } from "@/server/jobs/events";
import { createSignal } from "./create-signal";
import { dailyResultsText, postDailySignalResults } from "./daily-results";
import { recordSignalEvent } from "./record-event";
import { ZSignalInput } from "./schemas";

afterEach(() => {
  delete process.env.VIP_CHAT_ID;
  delete process.env.TRIAL_CHAT_ID;
  resetEnvForTests();
  setEventDispatcher(undefined);
});

describe("daily signal results", () => {
  it("posts the day's results to both groups once per UTC day", async () => {
    const chat = `-100${Date.now()}`;
    process.env.VIP_CHAT_ID = `${chat}1`;
    process.env.TRIAL_CHAT_ID = `${chat}2`;
    resetEnvForTests();
    setEventDispatcher(async () => undefined);
    const draft = ZSignalInput.parse({ symbol: "DAILYUSDT", direction: "LONG", entry: 10, targets: [11, 12], stop_loss: 9, leverage: 2 });
    const { signal } = await createSignal(draft, "ADMIN");
    await recordSignalEvent({ signalId: signal.id, type: "ALL_TP", target: null, price: null });

    const first = await postDailySignalResults();
    expect(first.queued).toBe(2);
    expect(first.summary.calls).toBeGreaterThanOrEqual(1);
    expect(first.summary.wins).toBeGreaterThanOrEqual(1);
    const again = await postDailySignalResults();
    expect(again.queued).toBe(0);
    const rows = await db().outboxMessage.findMany({ where: { kind: "daily_results", target: { in: [`${chat}1`, `${chat}2`] } } });
    expect(rows).toHaveLength(2);
    expect(rows[0]!.body).toContain("📈 Last 24 hours results");
  });

  it("says — for the win rate of a day without closed signals", () => {
    const text = dailyResultsText({ calls: 0, closed: 0, wins: 0, losses: 0, targetsHit: 0, winRatePct: null, avgProfitPct: null });
    expect(text).toContain("📊 Win Rate: —");
    expect(text).not.toContain("Average profit");
  });
});

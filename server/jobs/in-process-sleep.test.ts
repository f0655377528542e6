// step.sleep in in-process mode: a real pause, memoised like any step (a retried run does not sleep
// again), and cut short by the runner's stop() so shutdown never waits out a 15-second tick pause.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { TJob } from "./job";
import { logger } from "../logger";
import { createInProcessRunner } from "./in-process";

const job = (handler: TJob["handler"], retries = 0): TJob => ({ id: "sleepy", triggers: [{ event: "test/sleep" }], retries, singleton: false, handler });

afterEach(() => vi.restoreAllMocks());

describe("in-process step.sleep", () => {
  it("pauses for the given time", async () => {
    const runner = createInProcessRunner([]);
    const t0 = Date.now();
    await runner.run(job(async ({ step }) => step.sleep("pause", 120)), { name: "test/sleep", data: {} });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
    await runner.stop();
  });

  it("is not slept again when a failed run is retried", async () => {
    const runner = createInProcessRunner([], { retryBaseMs: 1 });
    vi.spyOn(logger, "warn").mockImplementation(() => undefined);
    let attempts = 0;
    const t0 = Date.now();
    await runner.run(
      job(async ({ step }) => {
        attempts += 1;
        await step.sleep("pause", 150);
        if (attempts === 1) throw new Error("transient");
      }, 1),
      { name: "test/sleep", data: {} },
    );
    expect(attempts).toBe(2);
    expect(Date.now() - t0).toBeLessThan(290);
    await runner.stop();
  });

  it("ends at once when the runner stops, failing the run instead of going on", async () => {
    const runner = createInProcessRunner([]);
    let after = false;
    const running = runner.run(job(async ({ step }) => {
      await step.sleep("long", 60_000);
      after = true;
    }), { name: "test/sleep", data: {} });
    await new Promise((r) => setTimeout(r, 20));
    const t0 = Date.now();
    await runner.stop();
    await expect(running).rejects.toThrow("stopped during a sleep step");
    expect(after).toBe(false);
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});

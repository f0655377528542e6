import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { TJob, TJobContext, TJobEvent, TJobTrigger } from "./job";
import { AppError } from "../errors";
import { logger } from "../logger";
import { createInProcessRunner, type TInProcessRunner } from "./in-process";

const job = (id: string, trigger: TJobTrigger, handler: TJob["handler"], retries = 0, singleton = false): TJob => ({
  id,
  triggers: [trigger],
  retries,
  singleton,
  handler,
});

const event = (name: string, extra: Partial<TJobEvent> = {}): TJobEvent => ({ name, data: {}, ...extra });

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let runner: TInProcessRunner | undefined;
let loggedErrors: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  loggedErrors = vi.spyOn(logger, "error").mockImplementation(() => undefined);
  vi.spyOn(logger, "warn").mockImplementation(() => undefined);
});
afterEach(async () => {
  await runner?.stop();
  runner = undefined;
  vi.restoreAllMocks();
});

describe("dispatch", () => {
  it("runs only the jobs whose trigger event matches, with the event", async () => {
    const seen: Record<string, TJobEvent[]> = { a: [], b: [], cron: [] };
    const jobs = [
      job("a", { event: "signal/created" }, async ({ event: e }) => void seen.a!.push(e)),
      job("b", { event: "payment/confirmed" }, async ({ event: e }) => void seen.b!.push(e)),
      job("cron", { cron: "* * * * *" }, async ({ event: e }) => void seen.cron!.push(e)),
    ];
    runner = createInProcessRunner(jobs, { retryBaseMs: 1 });
    const created = event("signal/created", { data: { signalId: 7 } });

    await runner.dispatch(created);
    await runner.dispatch(event("nobody/listens"));
    await runner.stop();

    expect(seen.a).toEqual([created]);
    expect(seen.b).toEqual([]);
    expect(seen.cron).toEqual([]);
  });

  it("runs every job a batch of events matches, one run per job and event", async () => {
    const runs: string[] = [];
    const jobs = [
      job("a1", { event: "x/one" }, async () => void runs.push("a1")),
      job("a2", { event: "x/one" }, async () => void runs.push("a2")),
      job("b", { event: "x/two" }, async () => void runs.push("b")),
    ];
    runner = createInProcessRunner(jobs, { retryBaseMs: 1 });

    await runner.dispatch([event("x/one"), event("x/two"), event("x/one")]);
    await runner.stop();

    expect(runs.sort()).toEqual(["a1", "a1", "a2", "a2", "b"]);
  });

  it("does not wait for the job (fire and forget)", async () => {
    const gate = deferred();
    let finished = false;
    runner = createInProcessRunner([job("slow", { event: "x/slow" }, async () => void (await gate.promise, (finished = true)))]);

    await runner.dispatch(event("x/slow"));
    expect(finished).toBe(false);
    gate.resolve();
    await runner.stop();
    expect(finished).toBe(true);
  });

  it("runs an event id once, however often it is sent", async () => {
    let runs = 0;
    runner = createInProcessRunner([job("a", { event: "x/once" }, async () => void runs++)]);

    await runner.dispatch([event("x/once", { id: "evt-1" }), event("x/once", { id: "evt-1" })]);
    await runner.dispatch(event("x/once", { id: "evt-1" }));
    await runner.stop();

    expect(runs).toBe(1);
  });

  it("runs distinct ids, and events without an id, every time", async () => {
    let runs = 0;
    runner = createInProcessRunner([job("a", { event: "x/many" }, async () => void runs++)]);

    await runner.dispatch([event("x/many", { id: "evt-1" }), event("x/many", { id: "evt-2" })]);
    await runner.dispatch([event("x/many"), event("x/many")]);
    await runner.stop();

    expect(runs).toBe(4);
  });

  it("logs a job that failed for good and never rejects the sender", async () => {
    runner = createInProcessRunner([job("bad", { event: "x/bad" }, async () => Promise.reject(new Error("boom")), 1)], {
      retryBaseMs: 1,
    });

    await expect(runner.dispatch(event("x/bad"))).resolves.toBeUndefined();
    await runner.stop();

    expect(loggedErrors).toHaveBeenCalledWith("job failed", expect.objectContaining({ job: "bad", event: "x/bad" }));
  });
});

describe("retries", () => {
  it.each([0, 1, 3])("tries a failing job 1 + %i times, then rejects with its error", async (retries) => {
    let attempts = 0;
    const failing = job("f", { event: "x/f" }, async () => {
      attempts++;
      throw new Error(`attempt ${attempts} failed`);
    }, retries);
    runner = createInProcessRunner([failing], { retryBaseMs: 1 });

    await expect(runner.run(failing, event("x/f"))).rejects.toThrow(`attempt ${retries + 1} failed`);
    expect(attempts).toBe(retries + 1);
  });

  it("answers the result of the attempt that succeeded", async () => {
    let attempts = 0;
    const flaky = job("flaky", { event: "x/flaky" }, async () => {
      if (++attempts < 3) throw new Error("not yet");
      return { ok: attempts };
    }, 2);
    runner = createInProcessRunner([flaky], { retryBaseMs: 1 });

    await expect(runner.run(flaky, event("x/flaky"))).resolves.toEqual({ ok: 3 });
  });

  it("retries a dispatched job as well", async () => {
    let attempts = 0;
    const done = deferred();
    const flaky = job("flaky", { event: "x/flaky" }, async () => {
      if (++attempts < 2) throw new Error("not yet");
      done.resolve();
    }, 1);
    runner = createInProcessRunner([flaky], { retryBaseMs: 1 });

    await runner.dispatch(event("x/flaky"));
    await done.promise;
    expect(attempts).toBe(2);
    expect(loggedErrors).not.toHaveBeenCalled();
  });

  it("does not re-run steps that succeeded on an earlier attempt", async () => {
    const calls = { load: 0, charge: 0, handler: 0 };
    const flaky = job("steps", { event: "x/steps" }, async ({ step }) => {
      calls.handler++;
      const loaded = await step.run("load", async () => (calls.load++, { user: 42 }));
      const charged = await step.run("charge", async () => {
        calls.charge++;
        if (calls.charge === 1) throw new Error("exchange timeout");
        return "charged";
      });
      await step.sendEvent("notify", { name: "x/nobody", data: {} });
      if (calls.handler < 3) throw new Error("after the steps");
      return { loaded, charged };
    }, 3);
    runner = createInProcessRunner([flaky], { retryBaseMs: 1 });

    await expect(runner.run(flaky, event("x/steps"))).resolves.toEqual({ loaded: { user: 42 }, charged: "charged" });
    expect(calls).toEqual({ load: 1, charge: 2, handler: 3 });
  });

  it("memoises steps per run, not across runs", async () => {
    let loads = 0;
    const j = job("per-run", { event: "x/r" }, async ({ step }) => step.run("load", async () => ++loads));
    runner = createInProcessRunner([j], { retryBaseMs: 1 });

    expect(await runner.run(j, event("x/r"))).toBe(1);
    expect(await runner.run(j, event("x/r"))).toBe(2);
  });

  it("waits longer before each retry (exponential backoff)", async () => {
    const times: number[] = [];
    const failing = job("f", { event: "x/f" }, async () => {
      times.push(performance.now());
      throw new Error("no");
    }, 2);
    runner = createInProcessRunner([failing], { retryBaseMs: 40 });

    await expect(runner.run(failing, event("x/f"))).rejects.toThrow("no");
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(35);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(75);
  });
});

describe("step.sendEvent", () => {
  it("dispatches to the jobs that listen, answering the event ids", async () => {
    const received: TJobEvent[] = [];
    const done = deferred();
    const fanOut = job("fan-out", { event: "signal/published" }, async ({ step }) =>
      step.sendEvent("deliver", [
        event("signal/deliver", { id: "deliver-1-a", data: { chat: "a" } }),
        event("signal/deliver", { id: "deliver-1-b", data: { chat: "b" } }),
      ]),
    );
    const deliver = job("deliver", { event: "signal/deliver" }, async ({ event: e }) => {
      received.push(e);
      if (received.length === 2) done.resolve();
    });
    runner = createInProcessRunner([fanOut, deliver], { retryBaseMs: 1 });

    const result = await runner.run(fanOut, event("signal/published"));
    await done.promise;

    expect(result).toEqual({ ids: ["deliver-1-a", "deliver-1-b"] });
    expect(received.map((e) => e.data.chat).sort()).toEqual(["a", "b"]);
  });

  it("sends once when the sender is retried after sending", async () => {
    let delivered = 0;
    let attempts = 0;
    const sender = job("sender", { event: "x/start" }, async ({ step }) => {
      await step.sendEvent("kick", event("x/kick"));
      if (++attempts < 2) throw new Error("fails after sending");
      return "sent";
    }, 2);
    const receiver = job("receiver", { event: "x/kick" }, async () => void delivered++);
    runner = createInProcessRunner([sender, receiver], { retryBaseMs: 1 });

    await expect(runner.run(sender, event("x/start"))).resolves.toBe("sent");
    await runner.stop();

    expect(attempts).toBe(2);
    expect(delivered).toBe(1);
  });

  it("chains through a dispatched job", async () => {
    const done = deferred<TJobEvent>();
    const first = job("first", { event: "x/first" }, async ({ step, event: e }) =>
      step.sendEvent("next", event("x/second", { data: { from: e.data.n } })),
    );
    const second = job("second", { event: "x/second" }, async ({ event: e }) => done.resolve(e));
    runner = createInProcessRunner([first, second], { retryBaseMs: 1 });

    await runner.dispatch(event("x/first", { data: { n: 5 } }));

    expect((await done.promise).data).toEqual({ from: 5 });
  });
});

describe("stop", () => {
  it("waits for runs in flight", async () => {
    let finished = 0;
    const slow = job("slow", { event: "x/slow" }, async () => {
      await sleep(50);
      finished++;
    });
    runner = createInProcessRunner([slow], { retryBaseMs: 1 });

    await runner.dispatch([event("x/slow"), event("x/slow")]);
    expect(finished).toBe(0);
    await runner.stop();

    expect(finished).toBe(2);
  });

  it("waits for a failing run too, without rejecting", async () => {
    let settled = false;
    const bad = job("bad", { event: "x/bad" }, async () => {
      await sleep(20);
      settled = true;
      throw new Error("boom");
    });
    runner = createInProcessRunner([bad], { retryBaseMs: 1 });

    await runner.dispatch(event("x/bad"));
    await expect(runner.stop()).resolves.toBeUndefined();
    expect(settled).toBe(true);
  });

  it("resolves at once with nothing in flight", async () => {
    runner = createInProcessRunner([], { retryBaseMs: 1 });
    await expect(runner.stop()).resolves.toBeUndefined();
  });

  it("gives up retrying a run that fails after stop() was called", async () => {
    const gate = deferred();
    let attempts = 0;
    const failing = job("f", { event: "x/f" }, async () => {
      attempts++;
      await gate.promise;
      throw new Error("boom");
    }, 5);
    runner = createInProcessRunner([failing], { retryBaseMs: 1 });

    await runner.dispatch(event("x/f"));
    const stopped = runner.stop();
    gate.resolve();
    await stopped;

    expect(attempts).toBe(1);
  });

  // A run waiting out its backoff when the process stops must neither delay shutdown nor run
  // the job once more after it (e.g. after the pool was closed).
  it("a run waiting to retry is not retried after stop()", async () => {
    const firstAttempt = deferred();
    let attempts = 0;
    const failing = job("f", { event: "x/f" }, async () => {
      attempts++;
      firstAttempt.resolve();
      throw new Error("boom");
    }, 3);
    // A backoff far longer than the test's timeout: stop() must cut it short, not wait it out.
    runner = createInProcessRunner([failing], { retryBaseMs: 600_000 });

    await runner.dispatch(event("x/f"));
    await firstAttempt.promise;
    await runner.stop();

    expect(attempts).toBe(1);
  });

  // Runs started by step.sendEvent while stop() waits are waited for too.
  it("waits for runs that in-flight runs fan out to while stopping", async () => {
    let delivered = false;
    const sender = job("sender", { event: "x/start" }, async ({ step }) => {
      await sleep(20);
      await step.sendEvent("kick", event("x/kick"));
    });
    const receiver = job("receiver", { event: "x/kick" }, async () => {
      await sleep(50);
      delivered = true;
    });
    runner = createInProcessRunner([sender, receiver], { retryBaseMs: 1 });

    await runner.dispatch(event("x/start"));
    await runner.stop();

    expect(delivered).toBe(true);
  });
});

// Its Inngest half is in inngest/define-job.test.ts (this folder does not import Inngest).
describe("parity with Inngest's execution engine", () => {
  // The same kind of handler on both engines: a job body that reuses a step id in a loop.
  const ids = ["a", "b", "c"];
  const body = async ({ step }: TJobContext) => {
    const out: string[] = [];
    for (const id of ids) out.push(await step.run("notify", async () => `sent-${id}`));
    return out;
  };

  // A loop of step.run("send", …) must send every time, not replay the first result.
  it("in-process runs a repeated step id as a new step each time", async () => {
    const j = job("repeated-step", { event: "x/repeat" }, body);
    runner = createInProcessRunner([j], { retryBaseMs: 1 });
    expect(await runner.run(j, event("x/repeat"))).toEqual(["sent-a", "sent-b", "sent-c"]);
  });
});

describe("concurrency", () => {
  it("a job limited to one run at a time runs every event, one after the other, in order", async () => {
    const seen: string[] = [];
    let active = 0;
    let maxActive = 0;
    const limited: TJob = {
      ...job("limited", { event: "x/limited" }, async ({ event }) => {
        active++;
        maxActive = Math.max(maxActive, active);
        await sleep(5);
        seen.push(String(event.data.n));
        active--;
      }),
      concurrency: 1,
    };
    runner = createInProcessRunner([limited], { retryBaseMs: 1 });
    await runner.dispatch([1, 2, 3, 4].map((n) => event("x/limited", { data: { n } })));
    await vi.waitFor(() => expect(seen).toEqual(["1", "2", "3", "4"]));
    expect(maxActive).toBe(1);
  });

  it("a singleton folds the kicks that arrive while it runs into one more run", async () => {
    let runs = 0;
    const gate = deferred();
    const sweeper: TJob = { ...job("sweeper", { event: "x/kick" }, async () => void (runs++, await gate.promise)), singleton: true };
    runner = createInProcessRunner([sweeper], { retryBaseMs: 1 });
    await runner.dispatch([event("x/kick"), event("x/kick"), event("x/kick")]);
    gate.resolve();
    await vi.waitFor(() => expect(runs).toBe(2));
    await sleep(20);
    expect(runs).toBe(2);
  });
});

describe("errors marked not retryable", () => {
  it("ends the run at once, as NonRetriableError does on Inngest; a retryable one is retried", async () => {
    let attempts = 0;
    const refused = job("refused", { event: "x/refused" }, async () => {
      attempts++;
      throw new AppError("INVALID_ORDER", "the exchange refused the order");
    }, 3);
    let flakyAttempts = 0;
    const flaky = job("flaky-exchange", { event: "x/flaky" }, async () => {
      if (++flakyAttempts < 3) throw new AppError("EXCHANGE_UNAVAILABLE", "cannot reach Binance", { retryable: true });
      return "placed";
    }, 3);
    runner = createInProcessRunner([refused, flaky], { retryBaseMs: 1 });
    await expect(runner.run(refused, event("x/refused"))).rejects.toThrow("the exchange refused the order");
    expect(attempts).toBe(1);
    expect(await runner.run(flaky, event("x/flaky"))).toBe("placed");
    expect(flakyAttempts).toBe(3);
  });
});

// The Inngest side of a job (inngest/define-job.ts), through Inngest's own execution engine
// (@inngest/test): the step ids behave as in-process, a domain error marked not retryable fails its
// step for good (NonRetriableError), and a payload that does not fit the event catalog is refused.
import { InngestTestEngine } from "@inngest/test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/server/errors";
import { paymentSubmitted } from "@/server/jobs/catalog";
import type { TJobContext } from "@/server/jobs/job";
import { logger } from "@/server/logger";
import { defineJob, toInngestError } from "./define-job";
import { inngest } from "./client";

const PAYMENT_ID = "5f0c1c62-1d5e-4c43-9a7e-8f3f6b1f2a10";

beforeEach(() => {
  // recordJobRun has no database in unit tests: it logs and carries on.
  vi.spyOn(logger, "warn").mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

// Moved from server/jobs/in-process.test.ts, which runs the same body in-process.
describe("parity with Inngest's execution engine", () => {
  const ids = ["a", "b", "c"];
  const body = async ({ step }: TJobContext) => {
    const out: string[] = [];
    for (const id of ids) out.push(await step.run("notify", async () => `sent-${id}`));
    return out;
  };

  it("Inngest runs a repeated step id as a new step each time (notify, notify:1, …)", async () => {
    const fn = inngest.createFunction({ id: "unit-repeated-step", triggers: [{ event: "x/repeat" }] }, (ctx) =>
      body(ctx as unknown as TJobContext),
    );
    const { result, error } = await new InngestTestEngine({ function: fn }).execute();
    expect(error).toBeUndefined();
    expect(result).toEqual(["sent-a", "sent-b", "sent-c"]);
  });
});

/** A job triggered by payment/submitted whose one step throws `err`. */
const failingStep = (err: Error) =>
  defineJob({ id: `unit-failing-step-${Math.random().toString(36).slice(2)}`, triggers: [paymentSubmitted], retries: 3 }, async ({ step }) =>
    step.run("check", async () => {
      throw err;
    }),
  );

const submitted = [{ name: paymentSubmitted.name, data: { paymentId: PAYMENT_ID } }] as [{ name: string; data: Record<string, unknown> }];

describe("errors reaching Inngest", () => {
  it("a domain error marked not retryable fails its step for good, as NonRetriableError", async () => {
    const job = failingStep(new AppError("INVALID_ORDER", "the exchange refused the order: too small"));
    const { step } = await new InngestTestEngine({ function: job.fn, events: submitted }).executeStep("check");
    expect(step.op).toBe("StepFailed");
    expect(step.error).toMatchObject({ name: "NonRetriableError", message: "the exchange refused the order: too small" });
  });

  it("a retryable domain error, or an unexpected one, leaves the step to Inngest's retries", async () => {
    for (const err of [new AppError("EXCHANGE_UNAVAILABLE", "cannot reach Binance", { retryable: true }), new Error("connection reset")]) {
      const { step } = await new InngestTestEngine({ function: failingStep(err).fn, events: submitted }).executeStep("check");
      expect(step.op).toBe("StepError");
      expect(step.error).toMatchObject({ message: err.message });
    }
  });

  it("a retryable error that names its wait becomes RetryAfterError", () => {
    const translated = toInngestError(new AppError("RATE_LIMITED", "slow down", { retryable: true, retryAfterSeconds: 7 }));
    expect(translated).toMatchObject({ name: "RetryAfterError", message: "slow down", retryAfter: "7" }); // seconds: Inngest takes the milliseconds we give
  });
});

describe("the event catalog on Inngest", () => {
  it("a job refuses a triggering event whose payload does not fit its schema, without retries", async () => {
    const ran = vi.fn();
    const job = defineJob({ id: "unit-typed-trigger", triggers: [paymentSubmitted] }, async ({ event, step }) => step.run("use", async () => void ran(event.data.paymentId)));
    const { error } = await new InngestTestEngine({ function: job.fn, events: [{ name: paymentSubmitted.name, data: { paymentId: 42 } }] }).execute();
    expect(error).toMatchObject({ name: "NonRetriableError", message: expect.stringContaining("refused event payment/submitted: paymentId") });
    expect(ran).not.toHaveBeenCalled();
  });

  it("step.sendEvent refuses a payload that does not fit its schema before anything is sent", async () => {
    const job = defineJob({ id: "unit-bad-send", triggers: [{ cron: "* * * * *" }] }, async ({ step }) =>
      step.sendEvent("submit", paymentSubmitted.create({ paymentId: "not-a-uuid" })),
    );
    const { error, ctx } = await new InngestTestEngine({ function: job.fn }).execute();
    expect(error).toMatchObject({ name: "NonRetriableError", message: expect.stringContaining("refused event payment/submitted: paymentId") });
    expect(ctx.step.sendEvent).not.toHaveBeenCalled();
  });
});

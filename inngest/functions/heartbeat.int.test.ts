// One job definition, two engines: Inngest's own execution engine (through @inngest/test, no
// dev server) and the in-process runner must both run the heartbeat's steps and record the run.
import { randomBytes } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import { createInProcessRunner } from "@/server/jobs/in-process";
import { createUser, uniq } from "@/test/helpers/factories";
import { heartbeat } from "./heartbeat";

const DAY_MS = 86_400_000;

/** An expired rate-limit window and an expired refresh token, both for the heartbeat to sweep. */
async function seedExpired() {
  const { user } = await createUser();
  const bucketKey = `heartbeat-test:${uniq()}`;
  await db().rateLimitBucket.create({ data: { key: bucketKey, windowStart: new Date(Date.now() - 2 * DAY_MS), count: 3 } });
  const token = await db().refreshToken.create({
    data: {
      userId: user.id,
      familyId: crypto.randomUUID(),
      tokenHash: randomBytes(32).toString("hex"),
      expiresAt: new Date(Date.now() - 60_000),
    },
    select: { id: true },
  });
  // Live rows beside them must survive.
  const liveKey = `heartbeat-test:${uniq()}`;
  await db().rateLimitBucket.create({ data: { key: liveKey, windowStart: new Date(), count: 1 } });
  const live = await db().refreshToken.create({
    data: {
      userId: user.id,
      familyId: crypto.randomUUID(),
      tokenHash: randomBytes(32).toString("hex"),
      expiresAt: new Date(Date.now() + DAY_MS),
    },
    select: { id: true },
  });
  return { bucketKey, tokenId: token.id, liveKey, liveTokenId: live.id };
}

async function expectSwept(seed: Awaited<ReturnType<typeof seedExpired>>) {
  expect(await db().rateLimitBucket.findUnique({ where: { key: seed.bucketKey } })).toBeNull();
  expect(await db().refreshToken.findUnique({ where: { id: seed.tokenId } })).toBeNull();
  expect(await db().rateLimitBucket.findUnique({ where: { key: seed.liveKey } })).not.toBeNull();
  expect(await db().refreshToken.findUnique({ where: { id: seed.liveTokenId } })).not.toBeNull();
}

/** The pruned counts: at least our own rows (other test files may add expired rows of theirs). */
function expectPrunedShape(result: unknown) {
  expect(result).toEqual({
    pruned: { rateLimits: expect.any(Number), refreshTokens: expect.any(Number) },
  });
  const { pruned } = result as { pruned: { rateLimits: number; refreshTokens: number } };
  expect(pruned.rateLimits).toBeGreaterThanOrEqual(1);
  expect(pruned.refreshTokens).toBeGreaterThanOrEqual(1);
}

const heartbeatRun = () => db().jobRun.findUnique({ where: { name: "heartbeat" } });

describe("heartbeat job", () => {
  let runCountBefore = 0;
  beforeEach(async () => {
    runCountBefore = (await heartbeatRun())?.runCount ?? 0;
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("runs on Inngest's execution engine (@inngest/test), steps and all, with no network", async () => {
    const seed = await seedExpired();
    const startedAt = new Date();
    // No dev server, no signing key: the test engine drives the function's execution directly.
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const t = new InngestTestEngine({ function: heartbeat.fn });

    const { result, error, ctx, state } = await t.execute();

    expect(error).toBeUndefined();
    expectPrunedShape(result);
    const stepIds = ctx.step.run.mock.calls.map((args) => args[0]);
    expect(stepIds).toEqual(["prune-rate-limits", "prune-refresh-tokens"]);
    // The engine's memoised step state holds both steps' outputs, which make up the result.
    const { pruned } = result as { pruned: { rateLimits: number; refreshTokens: number } };
    expect(await Promise.all(Object.values(state))).toEqual([pruned.rateLimits, pruned.refreshTokens]);
    expect(fetchSpy).not.toHaveBeenCalled();
    await expectSwept(seed);
    const run = await heartbeatRun();
    expect(run?.lastStatus).toBe("ok");
    expect(run?.lastError).toBeNull();
    expect(run!.lastRunAt.getTime()).toBeGreaterThanOrEqual(startedAt.getTime() - 1000);
    expect(run!.runCount).toBe(runCountBefore + 1);
  });

  it("runs in-process with the same handler, steps and all", async () => {
    const seed = await seedExpired();
    const startedAt = new Date();
    const runner = createInProcessRunner([heartbeat]);
    const ran: string[] = [];
    const traced = {
      ...heartbeat,
      handler: (ctx: Parameters<typeof heartbeat.handler>[0]) =>
        heartbeat.handler({
          ...ctx,
          step: { ...ctx.step, run: (id, fn) => (ran.push(id), ctx.step.run(id, fn)) },
        }),
    };

    const result = await runner.run(traced, { name: "inngest/scheduled.timer", data: {} });
    await runner.stop();

    expectPrunedShape(result);
    expect(ran).toEqual(["prune-rate-limits", "prune-refresh-tokens"]);
    await expectSwept(seed);
    const run = await heartbeatRun();
    expect(run?.lastStatus).toBe("ok");
    expect(run?.lastError).toBeNull();
    expect(run!.lastRunAt.getTime()).toBeGreaterThanOrEqual(startedAt.getTime() - 1000);
    expect(run!.runCount).toBe(runCountBefore + 1);
  });
});

// A new signal → every PREMIUM auto-trader's copy (server/trading/auto-trade.ts), then the signal's
// held Telegram broadcast is released. Paper users in chunks of 10,000 (each chunk one step, idempotent
// by (user, signal)); live users each in their own step, in a rolling pool (liveConcurrency(): the
// next user starts as soon as any finishes, so a slow user holds back nobody), and one user's
// failure never blocks or re-runs the others.
import { mapPool } from "@/server/lib/map-pool";
import { finishFanOut, listLiveCopyUsers, liveConcurrency, openLiveCopy, openPaperCopies, prepareSignalCopy } from "@/server/trading/auto-trade";
import { signalCreated } from "@/server/jobs/catalog";
import { defineJob } from "../define-job";

export const autoTradeSignal = defineJob(
  // One fan-out at a time: a burst of signals must not take every database connection from the
  // requests (the fan-out itself is fast: 10,000 users in seconds, bench/fan-out.ts).
  { id: "auto-trade-signal", triggers: [signalCreated], retries: 2, concurrency: 1 },
  async ({ event, step }) => {
  const signalId = event.data.signalId;
  const market = await step.run("prepare-copy", () => prepareSignalCopy(signalId));
  let paper = { opened: 0, failed: 0 };
  const live: { userId: number; outcome: string }[] = [];
  if (market) {
    let after = 0;
    for (let chunk = 0; ; chunk++) {
      const r = await step.run(`paper-chunk-${chunk}`, () => openPaperCopies(market, after));
      paper = { opened: paper.opened + r.opened, failed: paper.failed + r.failed };
      if (r.done) break;
      after = r.lastUserId;
    }
    const users = await step.run("list-live-users", () => listLiveCopyUsers(signalId));
    const results = await mapPool(users, liveConcurrency(), (userId) => step.run(`live-${userId}`, () => openLiveCopy(signalId, userId)));
    live.push(...results.map((b) => ({ userId: b.userId, outcome: b.outcome })));
  }
  const summary = await step.run("finish-fan-out", () => finishFanOut(signalId));
  return { signalId, paper, live, summary };
});

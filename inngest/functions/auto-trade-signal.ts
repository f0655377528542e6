// A new signal → every PREMIUM auto-trader's copy (server/trading/auto-trade.ts), then the signal's
// held Telegram broadcast is released. Paper users in chunks of 10,000, live users in batches of
// 1,000 (server/trading/live-copies.ts), each chunk one step, idempotent by (user, signal): a re-run
// step opens nothing twice and resumes a live copy whose orders were not all acknowledged. One
// user's failure is recorded on their position and never blocks the others.
import { finishFanOut, openPaperCopies, prepareSignalCopy } from "@/server/trading/auto-trade";
import { LIVE_CHUNK_SIZE, listLiveCopyUsers, openLiveCopies } from "@/server/trading/live-copies";
import { signalCreated } from "@/server/jobs/catalog";
import { defineJob } from "../define-job";

export const autoTradeSignal = defineJob(
  // Two fan-outs at once, no more: a signal stored while another fans out has its users loaded,
  // quoted and written while the other's orders go out (live batches then send their orders in
  // turns, live-copies.ts) — a second signal right after the first no longer waits for all of the
  // first. No more than two, so a burst of signals does not take every database connection from
  // the requests (a fan-out's statements hold a few at a time: paper transactions two at a time, a
  // live batch's one transaction, then group commits).
  { id: "auto-trade-signal", triggers: [signalCreated], retries: 2, concurrency: 2 },
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
    for (let i = 0; i < users.length; i += LIVE_CHUNK_SIZE) {
      const results = await step.run(`live-chunk-${i / LIVE_CHUNK_SIZE}`, () => openLiveCopies(signalId, users.slice(i, i + LIVE_CHUNK_SIZE)));
      live.push(...results.map((b) => ({ userId: b.userId, outcome: b.outcome })));
    }
  }
  const summary = await step.run("finish-fan-out", () => finishFanOut(signalId));
  return { signalId, paper, live, summary };
});

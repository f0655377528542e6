// Execute before broadcast (issue 6): a new signal's Telegram messages (VIP full signal, TRIAL teaser)
// are written with a hold — next_attempt_at a few seconds ahead — so manual followers never see the
// signal before the auto-trader has placed the PREMIUM copies. The fan-out releases the hold when
// it is done; if it fails or is slow, the hold simply expires and the broadcast goes out anyway.
// With no auto-trader to wait for (users/auto-trader.ts: the same rule the fan-out selects by)
// nothing is held.
import { db, type TTx } from "../db/client";
import { autoTraderWhere } from "../users/auto-trader";

/** The longest a new signal's broadcast waits for the auto-trader. */
export const BROADCAST_HOLD_MS = 10_000;

/** Until when a new signal's broadcast waits: BROADCAST_HOLD_MS ahead when someone will copy it, else not at all. */
export async function broadcastHoldUntil(tx: TTx, now = new Date()): Promise<Date | undefined> {
  const trader = await tx.user.findFirst({ where: autoTraderWhere(now), select: { id: true } });
  return trader ? new Date(now.getTime() + BROADCAST_HOLD_MS) : undefined;
}

/** The outbox dedupe keys of a signal's broadcast (see create-signal.ts and outbox.ts). */
export const signalBroadcastKeys = (signalId: string): string[] => [`signal:${signalId}:vip`, `signal:${signalId}:trial`];

/** Lets the held broadcast of a signal go now; returns how many messages were released. */
export async function releaseSignalBroadcast(signalId: string, now = new Date()): Promise<number> {
  const { count } = await db().outboxMessage.updateMany({
    // attempts = 0: a message a deliverer already leased is left alone.
    where: { dedupeKey: { in: signalBroadcastKeys(signalId) }, status: "PENDING", attempts: 0, nextAttemptAt: { gt: now } },
    data: { nextAttemptAt: now },
  });
  return count;
}

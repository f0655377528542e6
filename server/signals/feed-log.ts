// The live feed's append-only log (feed_entries). Writers serialise on a transaction-scoped
// advisory lock so that seq order is commit order: a reader that has seen seq N has seen every
// entry below N, and a client resuming from Last-Event-ID misses nothing.
import type { TTx } from "../db/client";

const FEED_LOCK = 7_270_736_902;
/** The NOTIFY channel a new entry is announced on. */
export const FEED_CHANNEL = "feed_entries";

export async function appendFeedEntry(tx: TTx, entry: { kind: "signal" | "signal_event"; signalId: string; eventId?: string }): Promise<bigint> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${FEED_LOCK})`;
  const row = await tx.feedEntry.create({
    data: { kind: entry.kind, signalId: entry.signalId, eventId: entry.eventId ?? null },
    select: { seq: true },
  });
  // Delivered at commit to every app process LISTENing (feed-hub): they read it at once.
  await tx.$executeRaw`SELECT pg_notify(${FEED_CHANNEL}, ${row.seq.toString()})`;
  return row.seq;
}

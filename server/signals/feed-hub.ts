// One reader per process turns the feed log into live pushes: it reads entries after the last
// seq it has seen — at once when this process wrote one (wakeFeed) or when PostgreSQL announces
// one written by another process (LISTEN feed_entries), and by polling as the fallback: every
// FALLBACK_POLL_MS while the LISTEN is in place, every POLL_MS when it is not (the embedded
// database, or the listener re-connecting).
import { canListen, listen, type TListener as TDbListener } from "../db/listen";
import { db } from "../db/client";
import { logger } from "../logger";
import { FEED_CHANNEL } from "./feed-log";
import { EVENT_SELECT, SIGNAL_SELECT, type TEventRow, type TSignalRow } from "./signal-dto";

export type TFeedItem = { seq: bigint; kind: "signal" | "signal_event"; signal: TSignalRow; event: TEventRow | null };
type TListener = (item: TFeedItem) => void;

const POLL_MS = 500;
const FALLBACK_POLL_MS = 5_000;

type THub = {
  listeners: Set<TListener>;
  lastSeq: bigint | null;
  timer?: NodeJS.Timeout;
  notifications?: TDbListener;
  lastPollAt: number;
  running: boolean;
  again: boolean;
};
const g = globalThis as unknown as { verzekFeedHub?: THub };
const hub = (g.verzekFeedHub ??= { listeners: new Set(), lastSeq: null, lastPollAt: 0, running: false, again: false });

/** Entries after `seq`, oldest first, with their signal (current state) and event. */
export async function readFeedSince(seq: bigint, limit = 500): Promise<TFeedItem[]> {
  const entries = await db().feedEntry.findMany({
    where: { seq: { gt: seq } },
    orderBy: { seq: "asc" },
    take: limit,
    select: { seq: true, kind: true, eventId: true, signal: { select: SIGNAL_SELECT } },
  });
  const eventIds = entries.flatMap((e) => (e.eventId ? [e.eventId] : []));
  const events = eventIds.length ? await db().signalEvent.findMany({ where: { id: { in: eventIds } }, select: EVENT_SELECT }) : [];
  const byId = new Map(events.map((e) => [e.id, e]));
  return entries.map((e) => ({
    seq: e.seq,
    kind: e.kind === "signal_event" ? "signal_event" : "signal",
    signal: e.signal,
    event: e.eventId ? (byId.get(e.eventId) ?? null) : null,
  }));
}

export async function latestFeedSeq(): Promise<bigint> {
  const last = await db().feedEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
  return last?.seq ?? 0n;
}

/**
 * Live items from now on; resolves once the hub's position is fixed, so that every entry
 * committed after that is pushed. Returns the unsubscribe function.
 */
export async function subscribeFeed(listener: TListener): Promise<() => void> {
  hub.listeners.add(listener);
  if (hub.lastSeq === null) {
    const latest = await latestFeedSeq();
    hub.lastSeq ??= latest;
  }
  if (!hub.timer) {
    hub.timer = setInterval(() => {
      const listening = hub.notifications?.connected() === true;
      if (!listening || Date.now() - hub.lastPollAt >= FALLBACK_POLL_MS) wakeFeed();
    }, POLL_MS);
    hub.timer.unref?.();
    // A (re-)connected LISTEN reads once: whatever was announced while it was away.
    if (canListen()) hub.notifications = listen(FEED_CHANNEL, () => wakeFeed(), () => wakeFeed());
  }
  return () => {
    hub.listeners.delete(listener);
    if (hub.listeners.size === 0 && hub.timer) {
      clearInterval(hub.timer);
      hub.timer = undefined;
      hub.lastSeq = null;
      void hub.notifications?.close();
      hub.notifications = undefined;
    }
  };
}

/** Reads what is new now (coalescing overlapping calls). */
export function wakeFeed(): void {
  if (hub.listeners.size === 0) return;
  if (hub.running) {
    hub.again = true;
    return;
  }
  hub.running = true;
  void poll()
    .catch((err: unknown) => logger.warn("feed poll failed", { err: err as Error }))
    .finally(() => {
      hub.running = false;
      if (hub.again) {
        hub.again = false;
        wakeFeed();
      }
    });
}

async function poll(): Promise<void> {
  if (hub.lastSeq === null) return;
  hub.lastPollAt = Date.now();
  for (;;) {
    const items = await readFeedSince(hub.lastSeq);
    for (const item of items) {
      hub.lastSeq = item.seq;
      for (const listener of hub.listeners) listener(item);
    }
    if (items.length < 500) return;
  }
}

// One poller per process turns the feed log into live pushes: it reads entries after the last
// seq it has seen — at once when this process wrote one (wakeFeed), else every POLL_MS, which
// also picks up entries written by other processes — and hands them to every subscriber.
import { db } from "../db/client";
import { logger } from "../logger";
import { EVENT_SELECT, SIGNAL_SELECT, type TEventRow, type TSignalRow } from "./signal-dto";

export type TFeedItem = { seq: bigint; kind: "signal" | "signal_event"; signal: TSignalRow; event: TEventRow | null };
type TListener = (item: TFeedItem) => void;

const POLL_MS = 500;

type THub = { listeners: Set<TListener>; lastSeq: bigint | null; timer?: NodeJS.Timeout; running: boolean; again: boolean };
const g = globalThis as unknown as { verzekFeedHub?: THub };
const hub = (g.verzekFeedHub ??= { listeners: new Set(), lastSeq: null, running: false, again: false });

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
    hub.timer = setInterval(() => wakeFeed(), POLL_MS);
    hub.timer.unref?.();
  }
  return () => {
    hub.listeners.delete(listener);
    if (hub.listeners.size === 0 && hub.timer) {
      clearInterval(hub.timer);
      hub.timer = undefined;
      hub.lastSeq = null;
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
  for (;;) {
    const items = await readFeedSince(hub.lastSeq);
    for (const item of items) {
      hub.lastSeq = item.seq;
      for (const listener of hub.listeners) listener(item);
    }
    if (items.length < 500) return;
  }
}

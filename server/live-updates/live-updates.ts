// Live updates for the operator's dashboard: a service that changed something the dashboard lists
// (an outbox message sent or failed, a position opened or closed, a VIP group member's status, a
// payment submitted or decided or a plan changed, the kill switch or circuit breaker moved or a
// trade refused by a risk rule) announces the topic after its commit, and every app process pushes it to its open dashboard
// streams (live-stream.ts), which refetch what they show. Only the topic travels: the screens read
// the rows through their own queries, so nothing here can leak or go stale.
//
// Across processes through PostgreSQL NOTIFY (server/db/listen.ts): the announcing process's own
// LISTEN receives it too, so each process pushes every announcement once. On the embedded database
// (one process, no LISTEN) the announcement goes straight to this process's streams. A LISTEN that
// had to re-connect may have missed announcements: its streams are told to `resync` (refetch all).
import { pool } from "../db/client";
import { canListen, listen, type TListener as TDbListener } from "../db/listen";
import { logger } from "../logger";

export const LIVE_TOPICS = ["delivery", "positions", "membership", "payments", "safety"] as const;
export type TLiveTopic = (typeof LIVE_TOPICS)[number];
/** What a stream receives: a topic that changed, or `resync` when announcements may have been missed. */
export type TLiveMessage = TLiveTopic | "resync";
type TLiveListener = (message: TLiveMessage) => void;

export const LIVE_CHANNEL = "live_updates";
/**
 * A topic reaches the streams at most once per this window (the first at once, the rest folded into
 * one at its end): a fan-out opening thousands of positions, or the outbox draining a backlog, is a
 * handful of refetches, not thousands.
 */
export const LIVE_COALESCE_MS = 250;

type THub = {
  listeners: Set<TLiveListener>;
  notifications?: TDbListener;
  everConnected: boolean;
  /** Subscribers waiting for the LISTEN to be in place. */
  waiting: Set<() => void>;
  /** Topics pushed within the window; `again` when another came meanwhile. */
  recent: Map<TLiveMessage, { again: boolean }>;
  /** Announcements in flight to PostgreSQL per topic; `again` when another was asked for meanwhile. */
  sending: Map<TLiveTopic, { again: boolean; done: Promise<void> }>;
};
// On globalThis: route handlers and instrumentation are separate bundles, each with its own module copy.
const g = globalThis as unknown as { verzekLiveHub?: THub };
const hub: THub = (g.verzekLiveHub ??= { listeners: new Set(), everConnected: false, waiting: new Set(), recent: new Map(), sending: new Map() });

const isTopic = (s: string): s is TLiveTopic => (LIVE_TOPICS as readonly string[]).includes(s);

/**
 * Tells every dashboard stream, in every process, that `topic` changed. Call it after the change is
 * committed. Never throws: a lost announcement costs a live refresh, not the caller's work.
 */
export function announceChange(topic: TLiveTopic): Promise<void> {
  if (!canListen()) {
    push(topic);
    return Promise.resolve();
  }
  const inFlight = hub.sending.get(topic);
  if (inFlight) {
    // The NOTIFY under way may have left before this caller's commit: one more follows it.
    inFlight.again = true;
    return inFlight.done;
  }
  const state = { again: false, done: Promise.resolve() };
  state.done = (async () => {
    try {
      do {
        state.again = false;
        await pool().query("SELECT pg_notify($1, $2)", [LIVE_CHANNEL, topic]);
      } while (state.again);
    } catch (err) {
      logger.warn("could not announce a live update", { topic, err: err as Error });
    } finally {
      hub.sending.delete(topic);
    }
  })();
  hub.sending.set(topic, state);
  return state.done;
}

function push(message: TLiveMessage): void {
  const recent = hub.recent.get(message);
  if (recent) {
    recent.again = true;
    return;
  }
  const entry = { again: false };
  hub.recent.set(message, entry);
  for (const listener of hub.listeners) {
    try {
      listener(message);
    } catch (err) {
      logger.warn("a live update listener failed", { err: err as Error });
    }
  }
  setTimeout(() => {
    hub.recent.delete(message);
    if (entry.again) push(message);
  }, LIVE_COALESCE_MS).unref?.();
}

/** How long a new subscriber waits for the LISTEN before going on without it (it re-connects by itself). */
const LISTEN_WAIT_MS = 3_000;

/**
 * Calls `listener` for every announcement from now on — once this resolves, every announcement
 * committed after it arrives (unless the LISTEN is down, then `resync` follows when it is back).
 * Returns the unsubscribe function.
 */
export async function subscribeLiveUpdates(listener: TLiveListener): Promise<() => void> {
  hub.listeners.add(listener);
  if (!hub.notifications && canListen()) {
    hub.everConnected = false;
    hub.notifications = listen(
      LIVE_CHANNEL,
      (payload) => {
        if (isTopic(payload)) push(payload);
      },
      () => {
        // The first LISTEN starts with the streams; a re-made one may have missed announcements.
        if (hub.everConnected) push("resync");
        hub.everConnected = true;
        for (const wake of [...hub.waiting]) wake();
      },
    );
  }
  if (hub.notifications && !hub.notifications.connected()) {
    await new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        hub.waiting.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, LISTEN_WAIT_MS);
      hub.waiting.add(wake);
    });
  }
  return () => {
    hub.listeners.delete(listener);
    if (hub.listeners.size === 0 && hub.notifications) {
      void hub.notifications.close();
      hub.notifications = undefined;
    }
  };
}


// The operator dashboard's one live stream (GET /api/admin/live, SSE): `event: <topic>` whenever
// something its screens show changed — `signals` (a new signal or event, from the signal feed's
// hub), `delivery`, `positions`, `membership`, `payments`, `safety` (announced by the services
// after commit, live-updates/) and `resync` when announcements may have been missed. The frames carry no rows:
// the dashboard refetches the queries of that topic, through the same services as every read.
// At the root of server/ because it joins two folders (signals and live-updates) that do not
// import each other.
import { subscribeLiveUpdates, type TLiveMessage } from "./live-updates/live-updates";
import { subscribeFeed } from "./signals/feed-hub";

const HEARTBEAT_MS = 15_000;
/** Streams end after this so that browsers re-connect through the proxy's admin check now and then. */
const STREAM_MAX_MS = 30 * 60_000;
const encoder = new TextEncoder();

/** `ready` opens every stream: from then on nothing announced is missed. */
export type TAdminLiveEvent = TLiveMessage | "signals" | "ready";

export async function openAdminLiveStream(abort: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  // The stream exists (and `controller` with it: start() runs in the constructor) before anything
  // is subscribed, so an announcement arriving while the subscriptions are made is written, not lost
  // — it once closed the stream before it opened.
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      close();
    },
  });
  let closed = false;
  const stop: { live?: () => void; feed?: () => void } = {};
  const heartbeat = setInterval(() => send(`: ping ${new Date().toISOString()}\n\n`), HEARTBEAT_MS);
  const lifetime = setTimeout(() => close(), STREAM_MAX_MS);
  function close() {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    clearTimeout(lifetime);
    stop.live?.();
    stop.feed?.();
    try {
      controller.close();
    } catch {
      /* already closed by the client */
    }
  }
  function send(text: string) {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      close();
    }
  }
  const event = (name: TAdminLiveEvent) => send(`event: ${name}\ndata: {}\n\n`);
  abort.addEventListener("abort", close);
  send("retry: 3000\n\n");

  stop.live = await subscribeLiveUpdates(event);
  // A fan-out's signal events come in bursts: one `signals` per tick of the hub's read is enough.
  let signalQueued = false;
  stop.feed = await subscribeFeed(() => {
    if (signalQueued) return;
    signalQueued = true;
    queueMicrotask(() => {
      signalQueued = false;
      event("signals");
    });
  });
  // Closed while subscribing (the client left): the subscriptions made meanwhile end now.
  if (closed) {
    stop.live();
    stop.feed();
  } else event("ready");
  return stream;
}

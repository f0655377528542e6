// The operator dashboard's one live stream (GET /api/admin/live, SSE): `event: <topic>` whenever
// something its screens show changed — `signals` (a new signal or event, from the signal feed's
// hub), `delivery`, `positions`, `membership`, `payments`, `safety` (announced by the services
// after commit, live-updates/) and `resync` when announcements may have been missed. The frames carry no rows:
// the dashboard refetches the queries of that topic, through the same services as every read.
// At the root of server/ because it joins two folders (signals and live-updates) that do not
// import each other.
import { subscribeLiveUpdates, type TLiveMessage } from "./live-updates/live-updates";
import { openEventStream } from "./http/event-stream";
import { subscribeFeed } from "./signals/feed-hub";

/** `ready` opens every stream: from then on nothing announced is missed. */
export type TAdminLiveEvent = TLiveMessage | "signals" | "ready";

export async function openAdminLiveStream(abort: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  // The stream exists before anything is subscribed, so an announcement arriving while the
  // subscriptions are made is written, not lost — it once closed the stream before it opened.
  const out = openEventStream(abort);
  const event = (name: TAdminLiveEvent) => out.send(`event: ${name}\ndata: {}\n\n`);
  out.onClose(await subscribeLiveUpdates(event));
  // A fan-out's signal events come in bursts: one `signals` per tick of the hub's read is enough.
  let signalQueued = false;
  out.onClose(
    await subscribeFeed(() => {
      if (signalQueued) return;
      signalQueued = true;
      queueMicrotask(() => {
        signalQueued = false;
        event("signals");
      });
    }),
  );
  event("ready");
  return out.stream;
}

// The live feed as Server-Sent Events: `id: <seq>`, `event: signal | signal_event`, JSON data
// shaped for the viewer's plan; a comment heartbeat every 15 s; resume after Last-Event-ID.
// Streams end after STREAM_MAX_MS so clients reconnect (and resume) — long XHR streams grow
// without bound in React Native.
import { toEventDto, type TViewer } from "./signal-dto";
import { latestFeedSeq, readFeedSince, subscribeFeed, type TFeedItem } from "./feed-hub";
import { shapeForViewer } from "./list-signals";

const HEARTBEAT_MS = 15_000;
const STREAM_MAX_MS = 30 * 60_000;
const encoder = new TextEncoder();

export function parseLastEventId(raw: string | null): bigint | null {
  return raw && /^\d{1,18}$/.test(raw.trim()) ? BigInt(raw.trim()) : null;
}

function frame(item: TFeedItem, viewer: TViewer): string {
  const signal = shapeForViewer(viewer)(item.signal);
  const data = item.kind === "signal" ? signal : { ...toEventDto(item.event!), signal };
  return `id: ${item.seq}\nevent: ${item.kind}\ndata: ${JSON.stringify(data)}\n\n`;
}

export async function openFeedStream(viewer: TViewer, lastEventId: bigint | null, abort: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  // An id past the end of the log (a restored database, a client of another deployment) would
  // silence the stream: resume from the end instead.
  const latest = await latestFeedSeq();
  let cursor = lastEventId !== null && lastEventId < latest ? lastEventId : latest;
  let replaying = true;
  const buffered: TFeedItem[] = [];
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;

  const send = (text: string) => {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      close();
    }
  };
  const deliver = (item: TFeedItem) => {
    if (item.seq <= cursor || (item.kind === "signal_event" && !item.event)) return;
    cursor = item.seq;
    send(frame(item, viewer));
  };

  // Subscribe first, then replay: what commits meanwhile arrives through the hub, de-duplicated by seq.
  const unsubscribe = await subscribeFeed((item) => (replaying ? buffered.push(item) : deliver(item)));
  const heartbeat = setInterval(() => send(`: ping ${new Date().toISOString()}\n\n`), HEARTBEAT_MS);
  const lifetime = setTimeout(() => close(), STREAM_MAX_MS);
  function close() {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    clearTimeout(lifetime);
    unsubscribe();
    try {
      controller.close();
    } catch {
      /* already closed by the client */
    }
  }
  abort.addEventListener("abort", close);

  return new ReadableStream<Uint8Array>({
    async start(c) {
      controller = c;
      send("retry: 3000\n\n");
      try {
        for (;;) {
          const items = await readFeedSince(cursor);
          items.forEach(deliver);
          if (items.length < 500) break;
        }
      } finally {
        replaying = false;
        buffered.splice(0).forEach(deliver);
      }
    },
    cancel() {
      close();
    },
  });
}

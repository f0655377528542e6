// The live feed as Server-Sent Events: `id: <seq>`, `event: signal | signal_event`, JSON data
// shaped for the viewer's plan; resume after Last-Event-ID. Heartbeat and lifetime: http/event-stream.ts.
import { toEventDto, type TViewer } from "./signal-dto";
import { latestFeedSeq, readFeedSince, subscribeFeed, type TFeedItem } from "./feed-hub";
import { shapeForViewer } from "./list-signals";
import { openEventStream } from "../http/event-stream";
import { logger } from "../logger";

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
  const out = openEventStream(abort);
  const deliver = (item: TFeedItem) => {
    if (item.seq <= cursor || (item.kind === "signal_event" && !item.event)) return;
    cursor = item.seq;
    out.send(frame(item, viewer));
  };

  // Subscribe first, then replay: what commits meanwhile arrives through the hub, de-duplicated by seq.
  out.onClose(await subscribeFeed((item) => (replaying ? buffered.push(item) : deliver(item))));
  void (async () => {
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
  })().catch((err: unknown) => {
    // The replay could not be read: end the stream, and the client re-connects from its last id.
    logger.error("feed stream replay failed", { err: err as Error });
    out.close();
  });
  return out.stream;
}

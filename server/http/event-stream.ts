// A Server-Sent Events stream's life, shared by the signal feed and the dashboard's live stream:
// `retry: 3000` first, a comment heartbeat every 15 s (proxies drop silent connections), and an end
// after 30 minutes so that clients re-connect — through the proxy's checks again, and before a long
// XHR stream grows without bound in React Native. Ends once, whoever ends it: the client leaving
// (abort or cancel), a write that fails, the lifetime, or the owner.
const HEARTBEAT_MS = 15_000;
const STREAM_MAX_MS = 30 * 60_000;
const encoder = new TextEncoder();

export type TEventStream = {
  /** What the route answers with; it exists (and accepts writes) from the start. */
  stream: ReadableStream<Uint8Array>;
  /** Writes raw SSE text; nothing once the stream has ended. */
  send(text: string): void;
  /** Runs `fn` when the stream ends — at once if it has ended already (the client left meanwhile). */
  onClose(fn: () => void): void;
  close(): void;
};

export function openEventStream(abort: AbortSignal): TEventStream {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  // start() runs in the constructor, so `controller` is set before anything can be sent.
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      close();
    },
  });
  let closed = false;
  const cleanups: (() => void)[] = [];
  const heartbeat = setInterval(() => send(`: ping ${new Date().toISOString()}\n\n`), HEARTBEAT_MS);
  const lifetime = setTimeout(() => close(), STREAM_MAX_MS);
  function close() {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    clearTimeout(lifetime);
    cleanups.splice(0).forEach((fn) => fn());
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
  abort.addEventListener("abort", close);
  send("retry: 3000\n\n");
  return {
    stream,
    send,
    close,
    onClose(fn) {
      if (closed) fn();
      else cleanups.push(fn);
    },
  };
}

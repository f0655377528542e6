// An SSE client for route handlers under test: calls the handler, reads the real ReadableStream it
// returns and parses frames as they arrive.
// `data` is whatever JSON the frame carried: tests read into it freely.
export type TFrame = { id: string | null; event: string | null; data: any; comment: string | null; retry: string | null };

export type TSseClient = {
  frames: TFrame[];
  status: number;
  headers: Headers;
  body: unknown;
  close(): void;
  /** The first frame matching `pred` (already received, or the next one to arrive); throws after `ms`. */
  waitFor(pred: (f: TFrame) => boolean, ms?: number): Promise<TFrame>;
  /** How many frames of this event have arrived. */
  count(event: string): number;
};

type THandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export async function openSse(handler: THandler, url: string, headers: Record<string, string> = {}): Promise<TSseClient> {
  const abort = new AbortController();
  const res = await handler(new Request(url, { headers, signal: abort.signal }), { params: Promise.resolve({}) });
  const frames: TFrame[] = [];
  const waiters = new Set<() => void>();
  const isStream = res.status === 200 && !!res.body;
  const client: TSseClient = {
    frames,
    status: res.status,
    headers: res.headers,
    body: isStream ? null : await res.json().catch(() => null),
    close: () => abort.abort(),
    count: (event) => frames.filter((f) => f.event === event).length,
    async waitFor(pred, ms = 20_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const hit = frames.find(pred);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`no matching SSE frame within ${ms} ms; got ${JSON.stringify(frames.map((f) => f.event ?? f.comment))}`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            resolve();
          };
          waiters.add(wake);
          setTimeout(wake, 20);
        });
      }
    },
  };
  if (!isStream) return client;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          frames.push(parseFrame(buffer.slice(0, end)));
          buffer = buffer.slice(end + 2);
          for (const w of [...waiters]) w();
        }
      }
    } catch {
      /* aborted */
    }
  })();
  return client;
}

function parseFrame(block: string): TFrame {
  const frame: TFrame = { id: null, event: null, data: null, comment: null, retry: null };
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) frame.comment = line.slice(1).trim();
    else if (line.startsWith("id: ")) frame.id = line.slice(4);
    else if (line.startsWith("event: ")) frame.event = line.slice(7);
    else if (line.startsWith("retry: ")) frame.retry = line.slice(7);
    else if (line.startsWith("data: ")) data.push(line.slice(6));
  }
  if (data.length) frame.data = JSON.parse(data.join("\n"));
  return frame;
}

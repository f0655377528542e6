// The live feed: GET /api/signals/stream (Server-Sent Events, `event: signal | signal_event`,
// `id` = feed position). The SSE client reconnects by itself after a dropped or ended stream and
// sends Last-Event-ID, so nothing is missed. An expired access token (401) is renewed through the
// API client (one refresh) and the stream reopened from the last id.
import EventSource from "react-native-sse";
import type { TApiClient } from "../api/http";
import { ZMe, ZSignal, ZSignalEvent, type TSignal, type TSignalEvent } from "../api/schemas";

export type TLiveMessage = { kind: "signal"; signal: TSignal } | { kind: "signal_event"; event: TSignalEvent; signal: TSignal };
export type TLiveStatus = "connecting" | "live" | "reconnecting";

type TEvents = "signal" | "signal_event";
export type TEventSourceLike = Pick<EventSource<TEvents>, "addEventListener" | "close">;
export type TCreateSource = (url: string, options: { headers: Record<string, string>; pollingInterval: number }) => TEventSourceLike;

const ZSignalEventFrame = ZSignalEvent.extend({ signal: ZSignal });
const RECONNECT_MS = 3_000;

export const createEventSource: TCreateSource = (url, options) => new EventSource<TEvents>(url, options);

export function parseFrame(kind: TEvents, data: string | null): TLiveMessage | null {
  let json: unknown;
  try {
    json = JSON.parse(data ?? "");
  } catch {
    return null;
  }
  if (kind === "signal") {
    const signal = ZSignal.safeParse(json);
    return signal.success ? { kind, signal: signal.data } : null;
  }
  const frame = ZSignalEventFrame.safeParse(json);
  if (!frame.success) return null;
  const { signal, ...event } = frame.data;
  return { kind, event, signal };
}

export function connectLiveFeed(options: {
  client: TApiClient;
  onMessage: (message: TLiveMessage) => void;
  onStatus: (status: TLiveStatus) => void;
  createSource?: TCreateSource;
}): () => void {
  const { client, onMessage, onStatus, createSource = createEventSource } = options;
  let source: TEventSourceLike | null = null;
  let lastEventId: string | null = null;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | null = null;

  async function open() {
    const tokens = await client.tokens.get();
    if (stopped || !tokens) return;
    const headers: Record<string, string> = { Authorization: `Bearer ${tokens.accessToken}` };
    if (client.apiKey) headers["X-API-KEY"] = client.apiKey;
    if (lastEventId) headers["Last-Event-ID"] = lastEventId;
    const es = createSource(client.url("/api/signals/stream"), { headers, pollingInterval: RECONNECT_MS });
    source = es;
    es.addEventListener("open", () => onStatus("live"));
    for (const kind of ["signal", "signal_event"] as const) {
      es.addEventListener(kind, (e) => {
        if (e.lastEventId) lastEventId = e.lastEventId;
        const message = parseFrame(kind, e.data);
        if (message) onMessage(message);
      });
    }
    es.addEventListener("error", (e) => {
      onStatus("reconnecting");
      if ("xhrStatus" in e && e.xhrStatus === 401) void renewAndReopen();
    });
  }

  /** The access token expired: one authenticated call lets the client refresh it, then reopen. */
  async function renewAndReopen() {
    source?.close();
    source = null;
    try {
      await client.request({ path: "/api/auth/me", schema: ZMe });
    } catch {
      // A refused refresh ends the session (the app shows sign-in); a network error retries below.
    }
    if (stopped) return;
    retry = setTimeout(() => void open(), RECONNECT_MS);
  }

  onStatus("connecting");
  void open();
  return () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    source?.close();
  };
}


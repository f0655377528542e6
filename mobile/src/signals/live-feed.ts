// The live feed: GET /api/signals/stream (Server-Sent Events, `event: signal | signal_event`,
// `id` = feed position). The SSE client reconnects by itself after a dropped or ended stream and
// sends Last-Event-ID, so nothing is missed. An expired access token (401) is renewed through the
// API client (one refresh) and the stream reopened from the last id.
import { Platform } from "react-native";
import EventSource from "react-native-sse";
import type { TApiClient } from "../api/http";
import { ZMe, ZSignal, ZSignalEvent, type TSignal, type TSignalEvent } from "../api/schemas";

export type TLiveMessage = { kind: "signal"; signal: TSignal } | { kind: "signal_event"; event: TSignalEvent; signal: TSignal };
export type TLiveStatus = "connecting" | "live" | "reconnecting";

type TEvents = "signal" | "signal_event";
/** What the app reads from a stream event, whichever client delivered it. */
export type TSourceEvent = { data?: string | null; lastEventId?: string | null; xhrStatus?: number; fatal?: boolean };
export type TEventSourceLike = { addEventListener(type: TEvents | "open" | "error", listener: (e: TSourceEvent) => void): void; close(): void };
export type TCreateSource = (url: string, options: { headers: Record<string, string>; pollingInterval: number }) => TEventSourceLike;

const ZSignalEventFrame = ZSignalEvent.extend({ signal: ZSignal });
const RECONNECT_MS = 3_000;

/** iOS and Android: react-native-sse (XHR), which sends our headers. */
const nativeEventSource: TCreateSource = (url, options) => {
  const es = new EventSource<TEvents>(url, options);
  return { addEventListener: (type, listener) => es.addEventListener(type, (e) => listener(e as TSourceEvent)), close: () => es.close() };
};

/**
 * The web build: the browser's own EventSource. react-native-sse's XHR adds Cache-Control and
 * X-Requested-With headers that the platform's CORS preflight does not allow, and a browser
 * EventSource cannot send headers at all — so the token and the resume point travel as the
 * stream route's `access_token` and `last_event_id` query parameters (SPEC §2: bearer routes need
 * no API key). The browser reconnects by itself with Last-Event-ID; a refused connection (401 on
 * an expired token) closes the source, reported here as fatal.
 */
const browserEventSource: TCreateSource = (url, { headers }) => {
  const u = new URL(url);
  const token = headers.Authorization?.replace(/^Bearer /, "");
  if (token) u.searchParams.set("access_token", token);
  if (headers["Last-Event-ID"]) u.searchParams.set("last_event_id", headers["Last-Event-ID"]);
  const es = new globalThis.EventSource(u.toString());
  return {
    addEventListener: (type, listener) =>
      es.addEventListener(type, (e) =>
        type === "error" ? listener({ fatal: es.readyState === es.CLOSED }) : listener({ data: (e as MessageEvent<string>).data ?? null, lastEventId: (e as MessageEvent<string>).lastEventId ?? null }),
      ),
    close: () => es.close(),
  };
};

export const createEventSource: TCreateSource = Platform.OS === "web" && typeof globalThis.EventSource === "function" ? browserEventSource : nativeEventSource;

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
        const message = parseFrame(kind, e.data ?? null);
        if (message) onMessage(message);
      });
    }
    es.addEventListener("error", (e) => {
      onStatus("reconnecting");
      if (e.xhrStatus === 401 || e.fatal) void renewAndReopen();
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


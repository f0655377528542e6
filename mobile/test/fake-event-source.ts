// Stands in for react-native-sse in every test (jest.setup.ts): records each stream the app opens
// (URL, headers) and lets a test deliver frames the way the platform's SSE route writes them.
type TListener = (event: Record<string, unknown>) => void;

export class FakeEventSource {
  static instances: FakeEventSource[] = [];
  readonly listeners = new Map<string, TListener[]>();
  closed = false;

  constructor(
    readonly url: string,
    readonly options: { headers: Record<string, string> },
  ) {
    FakeEventSource.instances.push(this);
  }

  static latest(): FakeEventSource {
    const last = FakeEventSource.instances[FakeEventSource.instances.length - 1];
    if (!last) throw new Error("no stream opened");
    return last;
  }

  addEventListener(type: string, listener: TListener) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close() {
    this.closed = true;
  }

  emit(type: string, event: Record<string, unknown> = {}) {
    for (const l of this.listeners.get(type) ?? []) l({ type, ...event });
  }

  /** A frame as `id: <id>\nevent: <kind>\ndata: <json>`. */
  frame(kind: "signal" | "signal_event", id: string, data: unknown) {
    this.emit(kind, { data: JSON.stringify(data), lastEventId: id, url: this.url });
  }
}

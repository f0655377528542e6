import { createApiClient } from "../api/http";
import { memoryTokenStore } from "../api/token-store";
import { API_KEY, fakePlatform, makeEvent, makeSignal, makeUser } from "../../test/fake-platform";
import { FakeEventSource } from "../../test/fake-event-source";
import { connectLiveFeed, parseFrame, type TCreateSource, type TLiveMessage } from "./live-feed";

const createSource: TCreateSource = (url, options) => new FakeEventSource(url, options);

function setup(routes: Parameters<typeof fakePlatform>[0] = {}) {
  const platform = fakePlatform(routes);
  const tokens = memoryTokenStore({ accessToken: "a1", refreshToken: "r1" });
  const client = createApiClient({ baseUrl: "http://platform.test", apiKey: API_KEY, tokens, fetch: platform.fetch });
  const messages: TLiveMessage[] = [];
  const statuses: string[] = [];
  const stop = connectLiveFeed({ client, createSource, onMessage: (m) => messages.push(m), onStatus: (s) => statuses.push(s) });
  return { platform, tokens, messages, statuses, stop };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe("the live feed", () => {
  afterEach(() => jest.useRealTimers());

  it("opens the stream with the bearer token and the API key, and passes on signals and events", async () => {
    const { messages, statuses, stop } = setup();
    await flush();
    const es = FakeEventSource.latest();
    expect(es.url).toBe("http://platform.test/api/signals/stream");
    expect(es.options.headers).toEqual({ Authorization: "Bearer a1", "X-API-KEY": API_KEY });
    es.emit("open");
    const signal = makeSignal({ symbol: "ADAUSDT" });
    es.frame("signal", "41", signal);
    es.frame("signal_event", "42", { ...makeEvent(signal.id), signal: { ...signal, status: "TP_PARTIAL", targets_hit: 1 } });
    expect(statuses).toEqual(["connecting", "live"]);
    expect(messages.map((m) => m.kind)).toEqual(["signal", "signal_event"]);
    expect(messages[1]?.signal.targets_hit).toBe(1);
    stop();
    expect(es.closed).toBe(true);
  });

  it("renews an expired token and reopens the stream from the last event it saw", async () => {
    jest.useFakeTimers({ doNotFake: ["setImmediate", "nextTick", "queueMicrotask"] });
    const { platform, tokens, stop } = setup({
      "GET /api/auth/me": (r) => (r.headers.authorization === "Bearer a2" ? { status: 200, body: { user: makeUser() } } : { status: 401, body: { error: "invalid_token", message: "expired" } }),
      "POST /api/auth/refresh": () => ({ status: 200, body: { access_token: "a2", refresh_token: "r2" } }),
    });
    await flush();
    const first = FakeEventSource.latest();
    first.frame("signal", "57", makeSignal());
    first.emit("error", { xhrStatus: 401, message: "expired" });
    await jest.advanceTimersByTimeAsync(3_000);
    await flush();
    expect(first.closed).toBe(true);
    expect(tokens.current()).toEqual({ accessToken: "a2", refreshToken: "r2" });
    expect(platform.requests.filter((r) => r.path === "/api/auth/refresh")).toHaveLength(1);
    const second = FakeEventSource.latest();
    expect(second).not.toBe(first);
    expect(second.options.headers).toMatchObject({ Authorization: "Bearer a2", "Last-Event-ID": "57" });
    stop();
  });

  it("reopens a stream the browser gave up on (refused connection), from the last event", async () => {
    jest.useFakeTimers({ doNotFake: ["setImmediate", "nextTick", "queueMicrotask"] });
    const { statuses, stop } = setup({ "GET /api/auth/me": () => ({ status: 200, body: { user: makeUser() } }) });
    await flush();
    const first = FakeEventSource.latest();
    first.frame("signal", "9", makeSignal());
    first.emit("error", { fatal: false });
    expect(FakeEventSource.instances).toHaveLength(1);
    first.emit("error", { fatal: true });
    await jest.advanceTimersByTimeAsync(3_000);
    await flush();
    expect(FakeEventSource.latest().options.headers["Last-Event-ID"]).toBe("9");
    expect(statuses).toContain("reconnecting");
    stop();
  });

  it("ignores frames it cannot read", () => {
    expect(parseFrame("signal", "not json")).toBeNull();
    expect(parseFrame("signal", JSON.stringify({ id: 1 }))).toBeNull();
    expect(parseFrame("signal_event", JSON.stringify(makeEvent("x")))).toBeNull();
    expect(parseFrame("signal", null)).toBeNull();
  });
});

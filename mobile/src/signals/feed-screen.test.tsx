import { act, fireEvent, screen, waitFor } from "expo-router/testing-library";
import type { TSignal } from "../api/schemas";
import { FakeEventSource } from "../../test/fake-event-source";
import { fakePlatform, lockedSignal, makeEvent, makeSignal, makeUser, type TRecorded } from "../../test/fake-platform";
import { renderApp } from "../../test/render-app";
import { formatClock } from "./format";

const me = (plan: "TRIAL" | "VIP" = "VIP") => ({ "GET /api/auth/me": () => ({ status: 200, body: { user: makeUser({ plan, plan_expires_at: plan === "VIP" ? "2027-01-03T10:00:00.000Z" : null }) } }) });

function pagedFeed(all: TSignal[], pageSize = 20) {
  return (r: TRecorded) => {
    const start = Number(r.query.get("cursor") ?? 0);
    const slice = all.slice(start, start + pageSize);
    return { status: 200, body: { signals: slice, next_cursor: start + pageSize < all.length ? String(start + pageSize) : null } };
  };
}

const feedList = () => screen.getByLabelText("Signal feed");

describe("the signal feed", () => {
  it("shows a loading state, then each signal with its prices and status", async () => {
    let answer: (v: unknown) => void = () => undefined;
    const gate = new Promise((resolve) => (answer = resolve));
    const signal = makeSignal({ symbol: "SOLUSDT", entry: "142.5", stop_loss: "139", status: "TP_PARTIAL", targets_hit: 1, realized_profit_pct: "7.2993" });
    const app = await renderApp(fakePlatform({ ...me(), "GET /api/signals": () => gate.then(() => ({ status: 200, body: { signals: [signal], next_cursor: null } })) }));
    expect(screen.getByLabelText("Loading signals")).toBeTruthy();
    await act(() => answer(null));
    expect(await screen.findByText("SOLUSDT")).toBeTruthy();
    expect(screen.getByText("142.5")).toBeTruthy();
    expect(screen.getByText("139")).toBeTruthy();
    expect(screen.getByText("TP 1/3 hit")).toBeTruthy();
    expect(screen.getByText("+7.30%")).toBeTruthy();
    expect(screen.getByRole("button", { name: /SOLUSDT LONG, TP 1\/3 hit, entry 142.5, stop loss 139/ })).toBeTruthy();
    expect(app.getPathname()).toBe("/");
  });

  it("shows a TRIAL viewer's locked signals with the time they unlock, and the plan banner", async () => {
    const unlocksAt = new Date(Date.now() + 12 * 60_000 - 1_000).toISOString();
    await renderApp(fakePlatform({ ...me("TRIAL"), "GET /api/signals": () => ({ status: 200, body: { signals: [lockedSignal(unlocksAt, { symbol: "APTUSDT" })], next_cursor: null } }) }));
    expect(await screen.findByText("APTUSDT")).toBeTruthy();
    expect(screen.getByText("Locked · details for VIP members")).toBeTruthy();
    expect(screen.getByText(`Unlocks at ${formatClock(unlocksAt)} (in 12 min)`)).toBeTruthy();
    expect(screen.queryByText("Entry")).toBeNull();
    expect(await screen.findByText("TRIAL plan")).toBeTruthy();
  });

  it("fetches the feed again when a locked signal unlocks", async () => {
    const unlocksAt = new Date(Date.now() + 200).toISOString();
    let calls = 0;
    const platform = fakePlatform({
      ...me("TRIAL"),
      "GET /api/signals": () => {
        calls += 1;
        const s = calls === 1 ? lockedSignal(unlocksAt, { id: "s-1", symbol: "APTUSDT" }) : makeSignal({ id: "s-1", symbol: "APTUSDT", entry: "4.812" });
        return { status: 200, body: { signals: [s], next_cursor: null } };
      },
    });
    await renderApp(platform);
    expect(await screen.findByText("Locked · details for VIP members")).toBeTruthy();
    // The refetch is due one second after the unlock (clock skew margin).
    expect(await screen.findByText("4.812", {}, { timeout: 5_000 })).toBeTruthy();
    expect(calls).toBe(2);
  });

  it("shows no plan banner to an admin (admins see every signal)", async () => {
    await renderApp(
      fakePlatform({
        "GET /api/auth/me": () => ({ status: 200, body: { user: makeUser({ role: "ADMIN", plan: "TRIAL" }) } }),
        "GET /api/signals": () => ({ status: 200, body: { signals: [makeSignal({ symbol: "BNBUSDT" })], next_cursor: null } }),
      }),
    );
    expect(await screen.findByText("BNBUSDT")).toBeTruthy();
    await waitFor(() => expect(screen.queryByText("TRIAL plan")).toBeNull());
  });

  it("shows a signal posted while the feed is open at the top, and its events, without a reload", async () => {
    const older = makeSignal({ symbol: "BTCUSDT" });
    const platform = fakePlatform({ ...me(), "GET /api/signals": () => ({ status: 200, body: { signals: [older], next_cursor: null } }) });
    await renderApp(platform);
    expect(await screen.findByText("BTCUSDT")).toBeTruthy();
    const stream = FakeEventSource.latest();
    expect(stream.url).toBe("http://platform.test/api/signals/stream");
    expect(stream.options.headers.Authorization).toBe("Bearer access-1");
    await act(() => stream.emit("open"));
    expect(screen.getByLabelText("Live updates: Live")).toBeTruthy();
    const fresh = makeSignal({ symbol: "AVAXUSDT" });
    await act(() => stream.frame("signal", "7", fresh));
    expect(await screen.findByText("AVAXUSDT")).toBeTruthy();
    expect((feedList().props as { data: TSignal[] }).data.map((x) => x.symbol)).toEqual(["AVAXUSDT", "BTCUSDT"]);
    await act(() => stream.frame("signal_event", "8", { ...makeEvent(older.id), signal: { ...older, status: "TP_PARTIAL", targets_hit: 1 } }));
    expect(await screen.findByText("TP 1/3 hit")).toBeTruthy();
    expect(platform.requests.filter((r) => r.path === "/api/signals")).toHaveLength(1);
  });

  it("says so when there are no signals yet", async () => {
    await renderApp(fakePlatform({ ...me(), "GET /api/signals": () => ({ status: 200, body: { signals: [], next_cursor: null } }) }));
    expect(await screen.findByText("No signals yet")).toBeTruthy();
  });

  it("shows the server's error and retries on request", async () => {
    let fail = true;
    const platform = fakePlatform({
      ...me(),
      "GET /api/signals": () => (fail ? { status: 503, body: { error: "service_unavailable", message: "The database is not reachable" } } : { status: 200, body: { signals: [makeSignal({ symbol: "XRPUSDT" })], next_cursor: null } }),
    });
    await renderApp(platform);
    expect(await screen.findByText("The database is not reachable")).toBeTruthy();
    fail = false;
    await fireEvent.press(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("XRPUSDT")).toBeTruthy();
  });

  it("loads the next page with the cursor when scrolled to the end", async () => {
    const all = Array.from({ length: 45 }, (_, i) => makeSignal({ symbol: `COIN${i}USDT` }));
    const platform = fakePlatform({ ...me(), "GET /api/signals": pagedFeed(all) });
    await renderApp(platform);
    expect(await screen.findByText("COIN0USDT")).toBeTruthy();
    const cursors = () => platform.requests.filter((r) => r.path === "/api/signals").map((r) => r.query.get("cursor"));
    // The list calls onEndReached when the user nears the bottom (RN's VirtualizedList decides when).
    const scrollToEnd = () => fireEvent(feedList(), "endReached", { distanceFromEnd: 0 });
    await scrollToEnd();
    await waitFor(() => expect(cursors()).toEqual([null, "20"]));
    const listed = () => (feedList().props as { data: TSignal[] }).data.map((x) => x.symbol);
    await waitFor(() => expect(listed()).toHaveLength(40));
    expect(listed()[20]).toBe("COIN20USDT");
    await scrollToEnd();
    await waitFor(() => expect(cursors()).toEqual([null, "20", "40"]));
    await waitFor(() => expect(listed()).toHaveLength(45));
    await scrollToEnd();
    expect(cursors()).toHaveLength(3);
    expect(platform.requests.find((r) => r.path === "/api/signals")?.query.get("limit")).toBe("20");
  });

  it("refreshes when pulled down", async () => {
    let symbol = "BTCUSDT";
    const platform = fakePlatform({ ...me(), "GET /api/signals": () => ({ status: 200, body: { signals: [makeSignal({ symbol })], next_cursor: null } }) });
    await renderApp(platform);
    expect(await screen.findByText("BTCUSDT")).toBeTruthy();
    symbol = "DOGEUSDT";
    const refreshControl = (feedList().props as { refreshControl: { props: { onRefresh: () => void } } }).refreshControl;
    await act(() => refreshControl.props.onRefresh());
    expect(await screen.findByText("DOGEUSDT")).toBeTruthy();
  });

  it("opens a signal's details when tapped", async () => {
    const signal = makeSignal({ symbol: "LINKUSDT" });
    const platform = fakePlatform({
      ...me(),
      "GET /api/signals": () => ({ status: 200, body: { signals: [signal], next_cursor: null } }),
      "GET /api/signals/:id": () => ({ status: 200, body: { signal, events: [] } }),
    });
    const app = await renderApp(platform);
    await fireEvent.press(await screen.findByRole("button", { name: /^LINKUSDT LONG/ }));
    await waitFor(() => expect(app.getPathname()).toBe(`/signals/${signal.id}`));
    expect(await screen.findByText("Timeline")).toBeTruthy();
  });
});

import { screen } from "expo-router/testing-library";
import { fakePlatform, lockedSignal, makeEvent, makeSignal, makeUser } from "../../test/fake-platform";
import { renderApp } from "../../test/render-app";
import { formatClock } from "./format";

const me = { "GET /api/auth/me": () => ({ status: 200, body: { user: makeUser() } }) };

describe("signal detail", () => {
  it("shows entry, stop, each target with the ones hit, the profit and the events timeline", async () => {
    const signal = makeSignal({ symbol: "APTUSDT", entry: "4.812", stop_loss: "4.731", targets: ["4.836", "4.86", "4.884"], targets_hit: 2, status: "TP_PARTIAL", realized_profit_pct: "9.9751", leverage: 12 });
    const events = [
      makeEvent(signal.id, { type: "TP_HIT", target: 1, price: "4.836", profit_pct: "5.985" }),
      makeEvent(signal.id, { type: "TP_HIT", target: 2, price: "4.86", profit_pct: "9.9751" }),
    ];
    const platform = fakePlatform({ ...me, "GET /api/signals/:id": () => ({ status: 200, body: { signal, events } }) });
    await renderApp(platform, { initialUrl: `/signals/${signal.id}` });
    expect(await screen.findByText("LONG · 12x · FUTURES")).toBeTruthy();
    expect(screen.getByText("4.812")).toBeTruthy();
    expect(screen.getByText("4.731")).toBeTruthy();
    expect(screen.getByText("Target 1 ✓ hit")).toBeTruthy();
    expect(screen.getByText("Target 2 ✓ hit")).toBeTruthy();
    expect(screen.getByText("Target 3")).toBeTruthy();
    expect(screen.getByText("4.884")).toBeTruthy();
    expect(screen.getByText("+9.98%")).toBeTruthy();
    expect(screen.getByText("Signal posted")).toBeTruthy();
    expect(screen.getByText("Target 1 reached")).toBeTruthy();
    expect(screen.getByText("at 4.86 · +9.98%")).toBeTruthy();
    expect(platform.requests.some((r) => r.path === `/api/signals/${signal.id}`)).toBe(true);
  });

  it("tells a TRIAL viewer when a locked signal's prices unlock", async () => {
    const unlocksAt = new Date(Date.now() + 90 * 60_000 - 1_000).toISOString();
    const signal = lockedSignal(unlocksAt, { symbol: "ARBUSDT" });
    await renderApp(fakePlatform({ ...me, "GET /api/signals/:id": () => ({ status: 200, body: { signal, events: [] } }) }), { initialUrl: `/signals/${signal.id}` });
    expect(await screen.findByText(`Entry, targets and stop loss unlock at ${formatClock(unlocksAt)} (in 1 h 30 min).`)).toBeTruthy();
    expect(screen.queryByText("Stop loss")).toBeNull();
    expect(screen.getByText("No targets or stop hit yet.")).toBeTruthy();
  });

  it("shows the server's message for a signal that does not exist", async () => {
    await renderApp(fakePlatform({ ...me, "GET /api/signals/:id": () => ({ status: 404, body: { error: "not_found", message: "Signal not found" } }) }), { initialUrl: "/signals/nope" });
    expect(await screen.findByText("Signal not found")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Try again" })).toBeTruthy();
  });
});

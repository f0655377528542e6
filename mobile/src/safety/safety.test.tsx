import { act, fireEvent, screen, waitFor } from "expo-router/testing-library";
import { fakePlatform, makeSignal } from "../../test/fake-platform";
import { meRoute, RISK, safety } from "../../test/fixtures";
import { renderApp } from "../../test/render-app";
import { createQueryClient } from "../query-client";
import { SAFETY_POLL_MS, safetyKey } from "./safety";

describe("safety badge and HALTED banner", () => {
  it("polls /api/safety/widget every 60 s without a token, and shows the HALTED banner on the feed while the kill switch is on", async () => {
    let killSwitch = false;
    const platform = fakePlatform({
      ...meRoute(),
      "GET /api/signals": () => ({ status: 200, body: { signals: [makeSignal({ symbol: "BTCUSDT" })], next_cursor: null } }),
      "GET /api/safety/widget": () => ({ status: 200, body: safety({ kill_switch: killSwitch }) }),
    });
    const app = await renderApp(platform);
    expect(await screen.findByText("BTCUSDT")).toBeTruthy();
    await waitFor(() => expect(platform.requests.some((r) => r.path === "/api/safety/widget")).toBe(true));
    expect(screen.queryByText("HALTED")).toBeNull();
    const widgetCall = platform.requests.find((r) => r.path === "/api/safety/widget");
    expect(widgetCall?.headers.authorization).toBeUndefined();
    expect(widgetCall?.headers["x-api-key"]).toBe("test-app-key");

    const query = app.queryClient.getQueryCache().find({ queryKey: safetyKey });
    expect(SAFETY_POLL_MS).toBe(60_000);
    expect(query?.observers[0]?.options.refetchInterval).toBe(60_000);

    // What the next poll brings.
    killSwitch = true;
    await act(() => app.queryClient.refetchQueries({ queryKey: safetyKey }));
    expect(await screen.findByLabelText(/^HALTED: trading is paused/)).toBeTruthy();
    killSwitch = false;
    await act(() => app.queryClient.refetchQueries({ queryKey: safetyKey }));
    await waitFor(() => expect(screen.queryByText("HALTED")).toBeNull());
  });

  it("asks again when another screen opens, so a kill switch turned on since the last poll shows at once", async () => {
    let killSwitch = false;
    const platform = fakePlatform({
      ...meRoute(),
      "GET /api/positions": () => ({ status: 200, body: { user_id: 7, positions: [], page: 1, per_page: 100, total: 0 } }),
      "GET /api/positions/history": () => ({ status: 200, body: { positions: [], total: 0, totals: { trades: 0, wins: 0, losses: 0, win_rate_pct: "0", realized_pnl: "0", fees: "0" } } }),
      "GET /api/safety/widget": () => ({ status: 200, body: safety({ kill_switch: killSwitch }) }),
    });
    // The app's own client: its 15 s freshness is what would keep the answer from the account screen.
    await renderApp(platform, { initialUrl: "/account", queryClient: createQueryClient() });
    expect(await screen.findByLabelText(/^Safety: OK/)).toBeTruthy();
    killSwitch = true;
    await fireEvent.press(screen.getByRole("button", { name: "Positions" }));
    expect(await screen.findByLabelText(/^HALTED: trading is paused/)).toBeTruthy();
    expect(platform.requests.filter((r) => r.path === "/api/safety/widget")).toHaveLength(2);
  });

  it("shows the badge with today's drawdown against the limit on the account screen", async () => {
    await renderApp(fakePlatform({ ...meRoute(), "GET /api/safety/widget": () => ({ status: 200, body: safety({ today_dd_pct: "4.25", max_dd_limit: 35 }) }) }), { initialUrl: "/account" });
    expect(await screen.findByLabelText("Safety: OK, drawdown 4.3% / 35%")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Positions" })).toBeTruthy();
  });

  it("says the state is unknown when the widget cannot be read", async () => {
    await renderApp(fakePlatform({ ...meRoute(), "GET /api/safety/widget": () => ({ status: 500, body: { error: "internal", message: "Something went wrong on our side" } }) }), { initialUrl: "/account" });
    expect(await screen.findByLabelText("Safety: unknown")).toBeTruthy();
  });
});

describe("risk limits", () => {
  const limits = (over: Record<string, unknown> = {}) => ({ ...RISK, current: { open_trades: 2, exposure_usdt: "95.9", today_trades: 4, today_pnl_usdt: "-12.5", today_pnl_pct: "-1.25", last_loss_at: null }, ...over });

  it("shows where the user stands today and saves the limits, with the server's message under a field", async () => {
    const platform = fakePlatform({
      ...meRoute(),
      "GET /api/risk/limits/me": () => ({ status: 200, body: limits() }),
      "PUT /api/risk/limits/me": (r) => {
        const b = r.body as Record<string, unknown>;
        if (b.max_concurrent_trades === 80) return { status: 400, body: { error: "invalid_input", message: "max_concurrent_trades: must be at most 50", field: "max_concurrent_trades" } };
        return { status: 200, body: limits(b) };
      },
    });
    await renderApp(platform, { initialUrl: "/risk" });
    expect(await screen.findByLabelText("Open trades: 2 of 5")).toBeTruthy();
    expect(screen.getByLabelText("Trades today: 4 of 20")).toBeTruthy();
    expect(screen.getByLabelText("Realized P&L: -12.5 USDT (-1.25%)")).toBeTruthy();

    await fireEvent.changeText(screen.getByLabelText("Max open trades"), "80");
    await fireEvent.press(screen.getByRole("button", { name: "Save limits" }));
    expect(await screen.findByLabelText("Max open trades: must be at most 50")).toBeTruthy();
    await fireEvent.changeText(screen.getByLabelText("Max open trades"), "8");
    await fireEvent.press(screen.getByRole("button", { name: "Save limits" }));
    expect(await screen.findByText("Limits saved")).toBeTruthy();
    expect(screen.getByLabelText("Open trades: 2 of 8")).toBeTruthy();
    expect(platform.requests.filter((r) => r.method === "PUT").map((r) => r.body)).toEqual([{ max_concurrent_trades: 80 }, { max_concurrent_trades: 8 }]);
  });

  it("shows loading, then an error with a retry", async () => {
    let fail = true;
    await renderApp(
      fakePlatform({ ...meRoute(), "GET /api/risk/limits/me": () => (fail ? { status: 503, body: { error: "service_unavailable", message: "The database is not reachable" } } : { status: 200, body: limits() }) }),
      { initialUrl: "/risk" },
    );
    expect(screen.getByLabelText("Loading risk limits")).toBeTruthy();
    expect(await screen.findByText("The database is not reachable")).toBeTruthy();
    fail = false;
    await fireEvent.press(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByLabelText("Open trades: 2 of 5")).toBeTruthy();
  });
});

import { fireEvent, screen, waitFor } from "expo-router/testing-library";
import { fakePlatform, makeSignal } from "../../test/fake-platform";
import { makePosition, meRoute, STRATEGY } from "../../test/fixtures";
import { renderApp } from "../../test/render-app";

const SIGNAL_ID = "00000000-0000-4000-8000-000000000abc";

function preview(over: Record<string, unknown> = {}) {
  return {
    symbol: "BTCUSDT",
    direction: "LONG",
    signal_id: SIGNAL_ID,
    mode: "paper",
    live: false,
    entry_price: "68510.5",
    price_source: "market",
    leverage: 10,
    sizing_mode: "FIXED",
    allowed: true,
    warnings: [],
    qty: "0.007",
    notional: "479.57",
    margin: "47.96",
    risk_to_sl: { stop_loss: "68000", loss_usdt: "3.57", loss_pct_of_margin: "7.45", price_move_pct: "0.75" },
    targets: [{ index: 1, price: "69000", qty: "0.007", pnl_usdt: "3.43", pnl_pct_of_margin: "7.15", price_move_pct: "0.71" }],
    checks: { size: { ok: true, code: null, reason: null }, risk: { allowed: true, reason: null, kind: null, qty: null } },
    ...over,
  };
}

describe("auto-trade", () => {
  it("opens from a signal's detail with that signal", async () => {
    const signal = makeSignal({ id: SIGNAL_ID });
    const app = await renderApp(fakePlatform({ ...meRoute("PREMIUM"), "GET /api/signals/:id": () => ({ status: 200, body: { signal, events: [] } }) }), { initialUrl: `/signals/${SIGNAL_ID}` });
    await fireEvent.press(await screen.findByRole("button", { name: "Trade this signal" }));
    expect(await screen.findByText("Copy this signal")).toBeTruthy();
    expect(app.getPathname()).toBe("/trade");
    expect(app.getSearchParams()).toEqual({ signal_id: SIGNAL_ID });
  });

  it("previews a signal's copy, then executes it on paper and links to the position", async () => {
    const position = makePosition({ signal_id: SIGNAL_ID });
    const platform = fakePlatform({
      ...meRoute("PREMIUM"),
      "POST /api/trade/preview": () => ({ status: 200, body: preview() }),
      "POST /api/trade/execute": () => ({ status: 201, body: { message: "Paper trade opened", executed: true, outcome: "opened", mode: "paper", live: false, reason: null, warnings: [], position_id: position.id, order_id: "o-1", status: "OPEN", filled_at_signal_price: false, position } }),
      "GET /api/positions/:id": () => ({ status: 200, body: { position: { ...position, orders: [] } } }),
    });
    const app = await renderApp(platform, { initialUrl: `/trade?signal_id=${SIGNAL_ID}` });
    expect(await screen.findByText("Copy this signal")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Execute paper trade" })).toBeNull();
    await fireEvent.press(screen.getByRole("button", { name: "Preview trade" }));
    expect(await screen.findByLabelText("Account: Paper")).toBeTruthy();
    expect(screen.getByLabelText("Quantity: 0.007")).toBeTruthy();
    expect(screen.getByLabelText("Loss at stop 68000: 3.57 USDT (-7.45%)")).toBeTruthy();
    expect(screen.getByLabelText("Target 1 at 69000: +3.43 USDT")).toBeTruthy();
    expect(screen.getByText("All checks passed")).toBeTruthy();
    expect(platform.requests.find((r) => r.path === "/api/trade/preview")?.body).toEqual({ signal_id: SIGNAL_ID });

    await fireEvent.press(screen.getByRole("button", { name: "Execute paper trade" }));
    expect(await screen.findByText("Paper trade opened")).toBeTruthy();
    expect(platform.requests.find((r) => r.path === "/api/trade/execute")?.body).toEqual({ signal_id: SIGNAL_ID });
    // Executed once: the button does not send it again.
    expect(screen.getByRole("button", { name: "Execute paper trade" })).toBeDisabled();
    await fireEvent.press(screen.getByRole("button", { name: "View position" }));
    await waitFor(() => expect(app.getPathname()).toBe(`/positions/${position.id}`));
  });

  it("switches copying every new signal on, through the strategy group", async () => {
    const platform = fakePlatform({
      ...meRoute("PREMIUM"),
      "GET /api/users/7/strategy": () => ({ status: 200, body: STRATEGY }),
      "PUT /api/users/7/strategy": (r) => ({ status: 200, body: { ...STRATEGY, ...(r.body as object) } }),
    });
    await renderApp(platform, { initialUrl: "/trade" });
    await fireEvent(await screen.findByLabelText("Copy new signals automatically"), "valueChange", true);
    await fireEvent.press(screen.getByRole("button", { name: "Save auto-copy" }));
    expect(await screen.findByText("Auto-copy saved")).toBeTruthy();
    expect(platform.requests.find((r) => r.method === "PUT")?.body).toEqual({ auto_trade_enabled: true });
  });

  it("sends the user's own trade and says 'live' when the server will trade live", async () => {
    const platform = fakePlatform({ ...meRoute("PREMIUM"), "POST /api/trade/preview": () => ({ status: 200, body: preview({ signal_id: null, symbol: "ETHUSDT", direction: "SHORT", live: true, mode: "binance_testnet" }) }) });
    await renderApp(platform, { initialUrl: "/trade" });
    await fireEvent.changeText(await screen.findByLabelText("Symbol"), "ethusdt");
    await fireEvent.press(screen.getByLabelText("Direction: SHORT"));
    await fireEvent.changeText(screen.getByLabelText("Stop loss (optional)"), "3600");
    await fireEvent.changeText(screen.getByLabelText("Targets (optional, comma-separated)"), "3400, 3300");
    await fireEvent.press(screen.getByRole("button", { name: "Preview trade" }));
    expect(await screen.findByLabelText("Account: Live (binance_testnet)")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Execute live trade" })).toBeEnabled();
    expect(platform.requests.find((r) => r.path === "/api/trade/preview")?.body).toEqual({ symbol: "ETHUSDT", direction: "SHORT", stop_loss: "3600", targets: ["3400", "3300"] });
    // Changing the trade drops the preview: what executes is always what was previewed.
    await fireEvent.changeText(screen.getByLabelText("Stop loss (optional)"), "3650");
    expect(screen.queryByRole("button", { name: "Execute live trade" })).toBeNull();
  });

  it("shows a refused check and does not offer to execute", async () => {
    await renderApp(
      fakePlatform({
        ...meRoute("PREMIUM"),
        "POST /api/trade/preview": () => ({ status: 200, body: preview({ allowed: false, checks: { size: { ok: true, code: null, reason: null }, risk: { allowed: false, reason: "max_concurrent_trades: 5 open trades already", kind: "USER_BLOCKED", qty: null } } }) }),
      }),
      { initialUrl: `/trade?signal_id=${SIGNAL_ID}` },
    );
    await fireEvent.press(await screen.findByRole("button", { name: "Preview trade" }));
    expect(await screen.findByText("Refused: max_concurrent_trades: 5 open trades already")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Execute paper trade" })).toBeDisabled();
  });

  it("VIP: preview only — execution disabled with the server's upgrade message", async () => {
    await renderApp(fakePlatform({ ...meRoute("VIP"), "POST /api/trade/preview": () => ({ status: 200, body: preview() }) }), { initialUrl: `/trade?signal_id=${SIGNAL_ID}` });
    expect(await screen.findByText("Upgrade to Premium to access this feature")).toBeTruthy();
    await fireEvent.press(screen.getByRole("button", { name: "Preview trade" }));
    expect(await screen.findByRole("button", { name: "Execute paper trade" })).toBeDisabled();
  });

  it("TRIAL (or an expired plan): everything disabled", async () => {
    await renderApp(fakePlatform({ ...meRoute("PREMIUM", { plan_expires_at: "2026-01-01T00:00:00.000Z" }), "GET /api/users/7/strategy": () => ({ status: 200, body: STRATEGY }) }), { initialUrl: "/trade" });
    expect(await screen.findByText("Upgrade to VIP/Premium to access this feature")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Preview trade" })).toBeDisabled();
    expect(await screen.findByRole("button", { name: "Save auto-copy" })).toBeDisabled();
    expect(screen.getByLabelText("Copy new signals automatically")).toBeDisabled();
  });

  it("shows the server's 403 when the plan lapsed since the app last looked", async () => {
    await renderApp(
      fakePlatform({
        ...meRoute("PREMIUM"),
        "POST /api/trade/preview": () => ({ status: 200, body: preview() }),
        "POST /api/trade/execute": () => ({ status: 403, body: { error: "upgrade_required", message: "Upgrade to Premium to access this feature (trade execution)", required_plan: "PREMIUM" } }),
      }),
      { initialUrl: `/trade?signal_id=${SIGNAL_ID}` },
    );
    await fireEvent.press(await screen.findByRole("button", { name: "Preview trade" }));
    await fireEvent.press(await screen.findByRole("button", { name: "Execute paper trade" }));
    expect(await screen.findByText("Upgrade to Premium to access this feature (trade execution)")).toBeTruthy();
  });
});

import { act, fireEvent, screen, waitFor } from "expo-router/testing-library";
import { fakePlatform } from "../../test/fake-platform";
import { makePosition, meRoute, safety } from "../../test/fixtures";
import { renderApp } from "../../test/render-app";
import { receiptLabel } from "./format";

const history = (positions: unknown[]) => ({
  positions,
  total: positions.length,
  totals: { trades: positions.length, wins: 1, losses: 0, win_rate_pct: "100", realized_pnl: "3.43", fees: "0.38" },
});

describe("positions", () => {
  it("lists open positions with P&L and each copy's execution receipt, and the closed ones under History", async () => {
    const open = makePosition({ symbol: "SOLUSDT", unrealized_pnl: "1.25" });
    const closed = makePosition({ symbol: "ETHUSDT", status: "CLOSED", realized_pnl: "3.43", closed_at: "2026-12-04T13:00:00.000Z", receipt: { signal_entry_price: "3500", entry_ack_at: null, signal_to_entry_ms: 1850, slippage_pct: "-0.02" } });
    const platform = fakePlatform({
      ...meRoute(),
      "GET /api/positions": () => ({ status: 200, body: { user_id: 7, positions: [open], page: 1, per_page: 100, total: 1 } }),
      "GET /api/positions/history": () => ({ status: 200, body: history([closed]) }),
    });
    await renderApp(platform, { initialUrl: "/positions" });
    expect(screen.getByLabelText("Loading open positions")).toBeTruthy();
    expect(await screen.findByRole("button", { name: "SOLUSDT LONG paper, OPEN, entry 68510.5, P&L +1.25 USDT, latency 420 ms · slippage 0.015%" })).toBeTruthy();
    expect(platform.requests.find((r) => r.path === "/api/positions")?.query.get("status")).toBe("open");

    await fireEvent.press(screen.getByLabelText("Show: History"));
    expect(await screen.findByRole("button", { name: /^ETHUSDT LONG paper, CLOSED, .*P&L \+3\.43 USDT, latency 1\.9 s · slippage -0\.020%$/ })).toBeTruthy();
    expect(screen.getByLabelText("Trades: 1 (1 won, 0 lost)")).toBeTruthy();
    expect(screen.getByLabelText("Realized P&L: +3.43 USDT")).toBeTruthy();
  });

  it("says when there are none, shows errors with a retry, and refreshes when pulled", async () => {
    let answer: "empty" | "error" | "one" = "error";
    const platform = fakePlatform({
      ...meRoute(),
      "GET /api/positions": () =>
        answer === "error"
          ? { status: 503, body: { error: "service_unavailable", message: "The database is not reachable" } }
          : { status: 200, body: { user_id: 7, positions: answer === "one" ? [makePosition({ symbol: "XRPUSDT" })] : [], page: 1, per_page: 100, total: 0 } },
    });
    await renderApp(platform, { initialUrl: "/positions" });
    expect(await screen.findByText("The database is not reachable")).toBeTruthy();
    answer = "empty";
    await fireEvent.press(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("No open positions")).toBeTruthy();
    answer = "one";
    const refreshControl = (screen.getByLabelText("Positions").props as { refreshControl: { props: { onRefresh: () => void } } }).refreshControl;
    await act(() => refreshControl.props.onRefresh());
    expect(await screen.findByText("XRPUSDT")).toBeTruthy();
  });

  it("opens a position with its orders and receipt, and closes it after a confirmation", async () => {
    let position = makePosition({ symbol: "BNBUSDT" });
    const orders = [
      { id: "o-1", position_id: position.id, client_order_id: "c1", exchange_order_id: null, kind: "ENTRY", side: "BUY", type: "MARKET", target_index: null, qty: "0.007", price: null, trigger_price: null, reduce_only: false, status: "FILLED", filled_qty: "0.007", avg_price: "68510.5", error: null, created_at: "2026-12-04T12:00:00.000Z", updated_at: "2026-12-04T12:00:00.000Z" },
      { id: "o-2", position_id: position.id, client_order_id: "c2", exchange_order_id: null, kind: "TP", side: "SELL", type: "LIMIT", target_index: 1, qty: "0.0035", price: "69000", trigger_price: null, reduce_only: true, status: "OPEN", filled_qty: "0", avg_price: null, error: null, created_at: "2026-12-04T12:00:00.000Z", updated_at: "2026-12-04T12:00:00.000Z" },
    ];
    const platform = fakePlatform({
      ...meRoute(),
      "GET /api/positions": () => ({ status: 200, body: { user_id: 7, positions: [position], page: 1, per_page: 100, total: 1 } }),
      "GET /api/positions/:id": () => ({ status: 200, body: { position: { ...position, orders } } }),
      "POST /api/positions/:id/close": () => {
        position = { ...position, status: "CLOSED", realized_pnl: "0.62", closed_at: "2026-12-04T12:30:00.000Z", close_reason: "MANUAL" };
        return { status: 200, body: { message: "Position closed", close: { price: "68600", price_source: "market", reason: "MANUAL", realized_pnl: "0.62", pnl_pct: "1.29" }, position } };
      },
    });
    const app = await renderApp(platform, { initialUrl: "/positions" });
    await fireEvent.press(await screen.findByRole("button", { name: /^BNBUSDT LONG/ }));
    await waitFor(() => expect(app.getPathname()).toBe(`/positions/${position.id}`));
    expect(await screen.findByLabelText("Signal to fill: 420 ms")).toBeTruthy();
    expect(screen.getByLabelText("Slippage: 0.015%")).toBeTruthy();
    expect(screen.getByLabelText("ENTRY · BUY MARKET: FILLED · 0.007/0.007 @ 68510.5")).toBeTruthy();
    expect(screen.getByLabelText("TP 1 · SELL LIMIT: OPEN · 0/0.0035 @ 69000")).toBeTruthy();
    expect(screen.getByLabelText("Unrealized P&L: +0.62 USDT")).toBeTruthy();

    await fireEvent.press(screen.getByRole("button", { name: "Close position" }));
    expect(platform.requests.some((r) => r.method === "POST")).toBe(false);
    await fireEvent.press(screen.getByRole("button", { name: "Yes, close position" }));
    expect(await screen.findByText("Closed at 68600: +0.62 USDT")).toBeTruthy();
    expect(platform.requests.find((r) => r.method === "POST")?.path).toBe(`/api/positions/${position.id}/close`);
    await waitFor(() => expect(screen.queryByRole("button", { name: "Close position" })).toBeNull());
  });

  it("shows the server's refusal to close", async () => {
    const position = makePosition();
    await renderApp(
      fakePlatform({
        ...meRoute(),
        "GET /api/positions/:id": () => ({ status: 200, body: { position: { ...position, orders: [] } } }),
        "POST /api/positions/:id/close": () => ({ status: 503, body: { error: "exchange_unavailable", message: "The exchange did not answer; the position is still open" } }),
      }),
      { initialUrl: `/positions/${position.id}` },
    );
    await fireEvent.press(await screen.findByRole("button", { name: "Close position" }));
    await fireEvent.press(screen.getByRole("button", { name: "Yes, close position" }));
    expect(await screen.findByText("The exchange did not answer; the position is still open")).toBeTruthy();
  });

  it("shows the HALTED banner while the kill switch is on", async () => {
    await renderApp(
      fakePlatform({ ...meRoute(), "GET /api/safety/widget": () => ({ status: 200, body: safety({ kill_switch: true }) }), "GET /api/positions": () => ({ status: 200, body: { user_id: 7, positions: [], page: 1, per_page: 100, total: 0 } }) }),
      { initialUrl: "/positions" },
    );
    expect(await screen.findByText("HALTED")).toBeTruthy();
  });
});

describe("receipt", () => {
  it("reads latency in ms or s and slippage to three places; none for a manual trade", () => {
    expect(receiptLabel({ receipt: { signal_entry_price: null, entry_ack_at: null, signal_to_entry_ms: null, slippage_pct: null } })).toBeNull();
    expect(receiptLabel({ receipt: { signal_entry_price: "1", entry_ack_at: null, signal_to_entry_ms: 12_500, slippage_pct: "0.1" } })).toBe("latency 12.5 s · slippage 0.100%");
  });
});

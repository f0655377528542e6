import { act, fireEvent, screen, waitFor } from "expo-router/testing-library";
import { fakePlatform, type TRecorded } from "../../test/fake-platform";
import { meRoute } from "../../test/fixtures";
import { renderApp } from "../../test/render-app";

const KEY = "AbCdEfGh12345678AbCdEfGh12345678";
const SECRET = "ZyXwVuTs98765432ZyXwVuTs98765432";

function connectedBody(over: Record<string, unknown> = {}) {
  return { connected: true, provider: "binance_futures", mode: "binance_testnet", has_api_key: true, leverage_default: 10, margin_mode: "ISOLATED", hedge_mode: false, validated_at: null, updated_at: "2026-12-04T12:00:00.000Z", ...over };
}

/** A fake connection store: PUT saves (the keys become has_api_key), DELETE wipes it. */
function exchangeRoutes() {
  let stored: Record<string, unknown> | null = null;
  return {
    ...meRoute("PREMIUM"),
    "GET /api/exchanges/me": () => ({ status: 200, body: stored ?? { connected: false } }),
    "PUT /api/exchanges/me": (r: TRecorded) => {
      const b = r.body as { mode: string; api_key?: string };
      if (b.mode !== "paper" && !b.api_key && !stored) return { status: 400, body: { error: "invalid_input", message: "api_key: is required for a live mode", field: "api_key" } };
      stored = connectedBody({ mode: b.mode, has_api_key: Boolean(b.api_key) || stored?.has_api_key === true });
      return { status: 200, body: { message: "Exchange account saved", ...stored } };
    },
    "POST /api/exchanges/validate": () => {
      stored = { ...stored, validated_at: "2026-12-04T12:05:00.000Z" };
      return { status: 200, body: { valid: true, mode: "binance_testnet", validated_at: "2026-12-04T12:05:00.000Z", balance: { currency: "USDT", total_usdt: "15000.5", free_usdt: "14000" }, live_trading: false, live_trading_note: "live trading is disabled on this platform (ENABLE_LIVE_TRADING)" } };
    },
    "DELETE /api/exchanges/me": () => {
      stored = null;
      return { status: 200, body: { message: "Exchange account removed", deleted: true, connected: false, open_live_positions: 0 } };
    },
  };
}

describe("exchange connection", () => {
  it("connects with keys that are sent once and never shown back, validates, and disconnects after a confirmation", async () => {
    const platform = fakePlatform(exchangeRoutes());
    await renderApp(platform, { initialUrl: "/exchange" });
    expect(await screen.findByText("Not connected. Trades run on paper until you connect an exchange.")).toBeTruthy();
    await fireEvent.press(screen.getByLabelText("Mode: Binance testnet"));
    // A live mode without keys: the server's message under the key field.
    await fireEvent.press(screen.getByRole("button", { name: "Save connection" }));
    expect(await screen.findByLabelText("API key: is required for a live mode")).toBeTruthy();

    await fireEvent.changeText(screen.getByLabelText("API key"), KEY);
    await fireEvent.changeText(screen.getByLabelText("API secret"), SECRET);
    expect(screen.getByLabelText("API secret").props.secureTextEntry).toBe(true);
    await fireEvent.press(screen.getByRole("button", { name: "Save connection" }));
    expect(await screen.findByText("Exchange account saved")).toBeTruthy();
    const put = platform.requests.filter((r) => r.method === "PUT")[1];
    expect(put?.body).toEqual({ provider: "binance_futures", mode: "binance_testnet", api_key: KEY, api_secret: SECRET });
    expect(screen.getByLabelText("API keys: Stored (hidden)")).toBeTruthy();
    expect(screen.getByLabelText("API key").props.value).toBe("");
    expect(screen.getByLabelText("API secret").props.value).toBe("");
    expect(screen.queryByText(KEY)).toBeNull();
    expect(screen.queryByDisplayValue(KEY)).toBeNull();

    await fireEvent.press(screen.getByRole("button", { name: "Validate connection" }));
    expect(await screen.findByText("Connection valid")).toBeTruthy();
    expect(screen.getByLabelText("Balance: 15000.5 USDT")).toBeTruthy();
    expect(screen.getByLabelText("Live trading: Off (paper)")).toBeTruthy();
    expect(screen.getByText("live trading is disabled on this platform (ENABLE_LIVE_TRADING)")).toBeTruthy();
    await waitFor(() => expect(screen.queryByLabelText("Validated: Not yet")).toBeNull());

    await fireEvent.press(screen.getByRole("button", { name: "Disconnect" }));
    expect(platform.requests.some((r) => r.method === "DELETE")).toBe(false);
    await fireEvent.press(screen.getByRole("button", { name: "Yes, disconnect" }));
    expect(await screen.findByText("Not connected. Trades run on paper until you connect an exchange.")).toBeTruthy();
    expect(screen.getByText("Exchange account removed.")).toBeTruthy();
  });

  it("connects in paper mode without keys", async () => {
    const platform = fakePlatform(exchangeRoutes());
    await renderApp(platform, { initialUrl: "/exchange" });
    await fireEvent.press(await screen.findByRole("button", { name: "Save connection" }));
    expect(await screen.findByLabelText("Trading on: Paper")).toBeTruthy();
    expect(platform.requests.find((r) => r.method === "PUT")?.body).toEqual({ provider: "binance_futures", mode: "paper" });
    expect(screen.queryByLabelText("API key")).toBeNull();
  });

  it("shows the exchange's refusal of the keys when validating", async () => {
    await renderApp(
      fakePlatform({
        ...meRoute("PREMIUM"),
        "GET /api/exchanges/me": () => ({ status: 200, body: connectedBody() }),
        "POST /api/exchanges/validate": () => ({ status: 400, body: { error: "invalid_input", message: "api_key: Binance refused the API key (-2015)", field: "api_key" } }),
      }),
      { initialUrl: "/exchange" },
    );
    await fireEvent.press(await screen.findByRole("button", { name: "Validate connection" }));
    expect(await screen.findByText("api_key: Binance refused the API key (-2015)")).toBeTruthy();
  });

  it("below PREMIUM: says so and disables saving, but still lets the user disconnect", async () => {
    await renderApp(
      fakePlatform({ ...meRoute("VIP"), "GET /api/exchanges/me": () => ({ status: 200, body: connectedBody() }) }),
      { initialUrl: "/exchange" },
    );
    expect(await screen.findByText("Upgrade to Premium to access this feature")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Save connection" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Validate connection" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Disconnect" })).toBeEnabled();
  });

  it("shows loading, then the error with a retry, and refreshes when pulled", async () => {
    let fail = true;
    const platform = fakePlatform({ ...meRoute("PREMIUM"), "GET /api/exchanges/me": () => (fail ? { status: 503, body: { error: "service_unavailable", message: "The database is not reachable" } } : { status: 200, body: { connected: false } }) });
    await renderApp(platform, { initialUrl: "/exchange" });
    expect(screen.getByLabelText("Loading exchange connection")).toBeTruthy();
    expect(await screen.findByText("The database is not reachable")).toBeTruthy();
    fail = false;
    await fireEvent.press(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("Not connected. Trades run on paper until you connect an exchange.")).toBeTruthy();
    const refreshControl = (screen.getByLabelText("Exchange connection").props as { refreshControl: { props: { onRefresh: () => void } } }).refreshControl;
    await act(() => refreshControl.props.onRefresh());
    await waitFor(() => expect(platform.requests.filter((r) => r.path === "/api/exchanges/me")).toHaveLength(3));
  });
});

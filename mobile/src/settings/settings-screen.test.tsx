import { act, fireEvent, screen, waitFor } from "expo-router/testing-library";
import { fakePlatform, type TRecorded } from "../../test/fake-platform";
import { DCA, GENERAL, meRoute, RISK, STRATEGY } from "../../test/fixtures";
import * as Linking from "expo-linking";
import { renderApp } from "../../test/render-app";
import { changedFields, fromDraft, RISK_FIELDS, toDraft } from "./fields";

function settingsRoutes(over: Record<string, (r: TRecorded) => { status: number; body?: unknown }> = {}) {
  return {
    ...meRoute("VIP"),
    "GET /api/users/7/subscription": () => ({ status: 200, body: { plan: "VIP", effective_plan: "VIP", plan_expires_at: "2027-01-03T10:00:00.000Z", role: "USER" } }),
    "GET /api/users/7/general": () => ({ status: 200, body: GENERAL }),
    "GET /api/users/7/risk": () => ({ status: 200, body: RISK }),
    "GET /api/users/7/strategy": () => ({ status: 200, body: STRATEGY }),
    "GET /api/users/7/dca": () => ({ status: 200, body: DCA }),
    "GET /api/membership/me": () => ({ status: 200, body: { telegram_linked: false, telegram_username: null, vip_group: { entitled: true, member: false, invite_link: null }, trial_group: null } }),
    ...over,
  };
}

const save = (title: string) => screen.getByRole("button", { name: `Save ${title}` });

describe("settings", () => {
  it("shows the plan and its expiry, and each group's values from the server", async () => {
    await renderApp(fakePlatform(settingsRoutes()), { initialUrl: "/settings" });
    expect(await screen.findByLabelText("Plan: VIP")).toBeTruthy();
    expect(screen.getByLabelText(/^Expires: Jan 3, /)).toBeTruthy();
    expect(await screen.findByDisplayValue("alice")).toBeTruthy();
    expect(screen.getByLabelText("Per trade (USDT)").props.value).toBe("50");
    expect(screen.getByLabelText("Leverage").props.value).toBe("10");
    expect(screen.getByLabelText("Trade types (SPOT, FUTURES)").props.value).toBe("FUTURES");
    expect(screen.getByLabelText("Move stop to entry after target 1").props.value).toBe(true);
    expect(screen.getByLabelText("DCA steps").props.value).toBe("0");
    // Nothing changed, nothing to save.
    expect(save("risk")).toBeDisabled();
  });

  it("saves only what changed, in the wire types, and shows the server's answer", async () => {
    const platform = fakePlatform(
      settingsRoutes({
        "PUT /api/users/7/risk": (r) => ({ status: 200, body: { ...RISK, ...(r.body as object) } }),
        "PUT /api/users/7/strategy": (r) => ({ status: 200, body: { ...STRATEGY, ...(r.body as object) } }),
      }),
    );
    await renderApp(platform, { initialUrl: "/settings" });
    await screen.findByDisplayValue("alice");
    await fireEvent.changeText(screen.getByLabelText("Per trade (USDT)"), "75.5");
    await fireEvent.changeText(screen.getByLabelText("Leverage"), "20");
    await fireEvent.press(screen.getByLabelText("Sizing: RISK"));
    await fireEvent.press(save("risk"));
    expect(await screen.findByText("Risk saved")).toBeTruthy();
    expect(platform.requests.find((r) => r.method === "PUT")?.body).toEqual({ per_trade_usdt: "75.5", leverage: 20, sizing_mode: "RISK" });

    await fireEvent(screen.getByLabelText("Copy new signals automatically"), "valueChange", true);
    await fireEvent.changeText(screen.getByLabelText("Take-profit split (%, comma-separated; empty = even)"), "50, 30,20");
    await fireEvent.press(save("strategy"));
    expect(await screen.findByText("Strategy saved")).toBeTruthy();
    expect(platform.requests.filter((r) => r.method === "PUT")[1]?.body).toEqual({ auto_trade_enabled: true, tp_split: ["50", "30", "20"] });
    expect(screen.getByLabelText("Copy new signals automatically").props.value).toBe(true);
  });

  it("shows the server's validation message under the field it names, and keeps what was typed", async () => {
    const platform = fakePlatform(
      settingsRoutes({
        "PUT /api/users/7/risk": () => ({ status: 400, body: { error: "invalid_input", message: "per_trade_usdt: must not exceed capital_usdt", field: "per_trade_usdt" } }),
        "PUT /api/users/7/strategy": () => ({ status: 400, body: { error: "invalid_input", message: "tp_split: percentages must sum to 100 (or be empty for an even split)", field: "tp_split" } }),
        "PUT /api/users/7/dca": () => ({ status: 503, body: { error: "service_unavailable", message: "The platform is busy; try again in a moment" } }),
      }),
    );
    await renderApp(platform, { initialUrl: "/settings" });
    await screen.findByDisplayValue("alice");
    await fireEvent.changeText(screen.getByLabelText("Per trade (USDT)"), "5000");
    await fireEvent.press(save("risk"));
    expect(await screen.findByLabelText("Per trade (USDT): must not exceed capital_usdt")).toBeTruthy();
    expect(screen.getByLabelText("Per trade (USDT)").props.value).toBe("5000");

    await fireEvent.changeText(screen.getByLabelText("Take-profit split (%, comma-separated; empty = even)"), "50, 20");
    await fireEvent.press(save("strategy"));
    expect(await screen.findByLabelText("Take-profit split (%, comma-separated; empty = even): percentages must sum to 100 (or be empty for an even split)")).toBeTruthy();

    // A message that names no field of the group is shown above the button.
    await fireEvent.changeText(screen.getByLabelText("DCA steps"), "3");
    await fireEvent.press(save("dca"));
    expect(await screen.findByText("The platform is busy; try again in a moment")).toBeTruthy();
  });

  it("says when a group cannot be loaded, reloads it on request, and refreshes when pulled down", async () => {
    let dcaFails = true;
    let leverage = 10;
    const platform = fakePlatform(
      settingsRoutes({
        "GET /api/users/7/dca": () => (dcaFails ? { status: 500, body: { error: "internal", message: "Something went wrong on our side" } } : { status: 200, body: DCA }),
        "GET /api/users/7/risk": () => ({ status: 200, body: { ...RISK, leverage } }),
      }),
    );
    const app = await renderApp(platform, { initialUrl: "/settings" });
    expect(await screen.findByText("Something went wrong on our side")).toBeTruthy();
    dcaFails = false;
    await fireEvent.press(screen.getByRole("button", { name: "Reload dca settings" }));
    expect(await screen.findByLabelText("DCA steps")).toBeTruthy();

    leverage = 25;
    const scroll = screen.getByLabelText("Settings");
    const refreshControl = (scroll.props as { refreshControl: { props: { onRefresh: () => void } } }).refreshControl;
    await act(() => refreshControl.props.onRefresh());
    await waitFor(() => expect(screen.getByLabelText("Leverage").props.value).toBe("25"));
    expect(app.getPathname()).toBe("/settings");
  });

  it("shows a loading state first", async () => {
    await renderApp(fakePlatform({ ...meRoute("VIP") }), { initialUrl: "/settings" });
    expect(await screen.findByLabelText("Loading plan")).toBeTruthy();
  });
});

describe("settings fields", () => {
  it("turns what was typed into the wire types and sends only changes", () => {
    const risk = (key: string) => RISK_FIELDS.find((f) => f.key === key)!;
    expect(fromDraft(risk("leverage"), "12")).toBe(12);
    expect(fromDraft(risk("leverage"), "12.5")).toBe("12.5"); // the server says "must be a whole number"
    expect(fromDraft(risk("capital_usdt"), " 1000.50 ")).toBe("1000.50");
    const draft = { ...toDraft(RISK_FIELDS, RISK), capital_usdt: "1000", leverage: "10" };
    expect(changedFields(RISK_FIELDS, draft, RISK)).toEqual({});
    expect(changedFields(RISK_FIELDS, { ...draft, reduce_to_fit_exposure: true }, RISK)).toEqual({ reduce_to_fit_exposure: true });
  });
});

describe("Connect Telegram", () => {
  afterEach(() => jest.restoreAllMocks());

  it("asks the platform for a one-time link and opens it in Telegram", async () => {
    const open = jest.spyOn(Linking, "openURL").mockResolvedValue(true);
    const platform = fakePlatform(settingsRoutes({ "POST /api/membership/telegram/link": () => ({ status: 200, body: { url: "https://t.me/verzek_bot?start=abc", token: "abc", expires_at: "2026-12-04T13:00:00.000Z" } }) }));
    await renderApp(platform, { initialUrl: "/settings" });
    expect(await screen.findByLabelText("Telegram: Not connected")).toBeTruthy();
    await fireEvent.press(screen.getByRole("button", { name: "Connect Telegram" }));
    await waitFor(() => expect(open).toHaveBeenCalledWith("https://t.me/verzek_bot?start=abc"));
    expect(await screen.findByText(/^Telegram opened: press Start/)).toBeTruthy();
    expect(platform.requests.filter((r) => r.path === "/api/membership/telegram/link").map((r) => r.method)).toEqual(["POST"]);
  });

  it("shows a linked account, and the server's message when the bot is not configured", async () => {
    const open = jest.spyOn(Linking, "openURL").mockResolvedValue(true);
    const platform = fakePlatform(
      settingsRoutes({
        "GET /api/membership/me": () => ({ status: 200, body: { telegram_linked: true, telegram_username: "alice_tg" } }),
        "POST /api/membership/telegram/link": () => ({ status: 503, body: { error: "not_configured", message: "Telegram linking is not configured on this platform" } }),
      }),
    );
    await renderApp(platform, { initialUrl: "/settings" });
    expect(await screen.findByLabelText("Telegram: Connected (@alice_tg)")).toBeTruthy();
    await fireEvent.press(screen.getByRole("button", { name: "Connect another Telegram account" }));
    expect(await screen.findByText("Telegram linking is not configured on this platform")).toBeTruthy();
    expect(open).not.toHaveBeenCalled();
  });
});

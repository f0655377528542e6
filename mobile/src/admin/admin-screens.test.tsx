import { fireEvent, screen, waitFor } from "expo-router/testing-library";
import type { TAdminOverview, TPartner, TSignalStats } from "../api/schemas";
import { fakePlatform } from "../../test/fake-platform";
import { meRoute } from "../../test/fixtures";
import { renderApp } from "../../test/render-app";

const overview = (over: Partial<TAdminOverview> = {}): TAdminOverview => ({
  as_of: "2026-12-04T12:00:00.000Z",
  total_users: 120,
  vip_users: 30,
  premium_users: 10,
  trial_users: 80,
  pending_payments: 2,
  confirmed_payments: 40,
  signals_sent: 300,
  signals_today: 4,
  signals_open: 6,
  revenue_usdt: { today: "158", last_7d: "790.004217", last_30d: "2370", all_time: "3160.5" },
  signups: { today: 3, last_7d: 21 },
  auto_traders_enabled: 7,
  open_positions: { paper: 12, live: 1 },
  kill_switch: { on: false, reason: null, changed_at: null },
  ...over,
});
const row = (over: Partial<TSignalStats["overall"]> = {}) => ({ signals: 10, open: 2, closed: 8, wins: 6, losses: 2, win_rate_pct: "75.00", avg_profit_pct: "3.10", total_profit_pct: "24.80", ...over });
const partner = (over: Partial<TPartner> = {}): TPartner => ({ id: 1, name: "Crypto Club", referral_code: "CLUB7", telegram_handle: "@club", total_referrals: 12, paid_referrals: 5, earnings: "50", ...over });
const forbidden = () => ({ status: 403, body: { error: "forbidden", message: "Admins only" } });

describe("admin screens", () => {
  it("admins see the way in from the account menu", async () => {
    const app = await renderApp(fakePlatform({ ...meRoute("TRIAL", { role: "ADMIN" }), "GET /api/admin/overview": () => ({ status: 200, body: overview() }) }), { initialUrl: "/account" });
    await fireEvent.press(await screen.findByRole("button", { name: "Admin" }));
    await waitFor(() => expect(app.getPathname()).toBe("/admin"));
    expect(await screen.findByLabelText("Users: 120")).toBeTruthy();
  });

  it("a subscriber has no Admin button", async () => {
    await renderApp(fakePlatform({ ...meRoute("PREMIUM") }), { initialUrl: "/account" });
    expect(await screen.findByRole("button", { name: "Settings" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Admin" })).toBeNull();
  });

  it("overview: loading, then subscribers, revenue (exact decimals), trading, and HALTED while the switch is on", async () => {
    await renderApp(fakePlatform({ ...meRoute("TRIAL", { role: "ADMIN" }), "GET /api/admin/overview": () => ({ status: 200, body: overview({ kill_switch: { on: true, reason: "drawdown 36%", changed_at: "2026-12-04T11:00:00.000Z" } }) }) }), { initialUrl: "/admin" });
    expect(screen.getByLabelText("Loading the overview")).toBeTruthy();
    expect(await screen.findByLabelText("VIP: 30")).toBeTruthy();
    expect(screen.getByLabelText("Last 7 days: 790.004217")).toBeTruthy();
    expect(screen.getByLabelText("Payments pending: 2")).toBeTruthy();
    expect(screen.getByLabelText("Open positions (paper / live): 12 / 1")).toBeTruthy();
    expect(screen.getByText("HALTED: drawdown 36%")).toBeTruthy();
  });

  it("overview: the server's 403 in its words, with a retry", async () => {
    await renderApp(fakePlatform({ ...meRoute("VIP"), "GET /api/admin/overview": forbidden }), { initialUrl: "/admin" });
    expect(await screen.findByText("Admins only")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Try again" })).toBeTruthy();
  });

  it("signal stats: the period's figures and per symbol; another period asks the server again; an empty period", async () => {
    const platform = fakePlatform({
      ...meRoute("TRIAL", { role: "ADMIN" }),
      "GET /api/admin/signal-stats": (r) =>
        r.query.get("days") === "7"
          ? { status: 200, body: { days: 7, overall: row({ signals: 0, open: 0, closed: 0, wins: 0, losses: 0, win_rate_pct: null, avg_profit_pct: null, total_profit_pct: "0.00" }), per_symbol: [] } }
          : { status: 200, body: { days: 30, overall: row(), per_symbol: [{ symbol: "BTCUSDT", ...row() }] } },
    });
    await renderApp(platform, { initialUrl: "/admin/signal-stats" });
    expect(await screen.findByLabelText("Win rate: 75.00%")).toBeTruthy();
    expect(screen.getByLabelText("BTCUSDT: 10 signals · 75.00% won · 24.80%")).toBeTruthy();
    await fireEvent.press(screen.getByRole("radio", { name: "Period: 7 days" }));
    expect(await screen.findByText("No signals in the last 7 days")).toBeTruthy();
    expect(platform.requests.filter((r) => r.path === "/api/admin/signal-stats").map((r) => r.query.get("days"))).toEqual(["30", "7"]);
  });

  it("signal stats: error state", async () => {
    await renderApp(fakePlatform({ ...meRoute("VIP"), "GET /api/admin/signal-stats": forbidden }), { initialUrl: "/admin/signal-stats" });
    expect(await screen.findByText("Admins only")).toBeTruthy();
  });

  it("partners: list with referrals and earnings, search sent to the server, no match", async () => {
    const platform = fakePlatform({
      ...meRoute("TRIAL", { role: "ADMIN" }),
      "GET /api/admin/partners": (r) => (r.query.get("q") ? { status: 200, body: { partners: [], total: 0 } } : { status: 200, body: { partners: [partner(), partner({ id: 2, name: "Whale Group", referral_code: "WHALE", telegram_handle: null, total_referrals: 3, paid_referrals: 1, earnings: "10.5" })], total: 2 } }),
    });
    await renderApp(platform, { initialUrl: "/admin/partners" });
    expect(await screen.findByText("Crypto Club")).toBeTruthy();
    expect(screen.getByLabelText("Referrals (paid): 12 (5)")).toBeTruthy();
    expect(screen.getByLabelText("Earnings: 10.5 USDT")).toBeTruthy();
    expect(screen.getByText("2 partners")).toBeTruthy();
    await fireEvent.changeText(screen.getByLabelText("Search partners"), "nobody");
    expect(await screen.findByText("No partner matches “nobody”")).toBeTruthy();
    expect(platform.requests.at(-1)?.query.get("q")).toBe("nobody");
  });

  it("partners: none yet", async () => {
    await renderApp(fakePlatform({ ...meRoute("TRIAL", { role: "ADMIN" }), "GET /api/admin/partners": () => ({ status: 200, body: { partners: [], total: 0 } }) }), { initialUrl: "/admin/partners" });
    expect(await screen.findByText("No partners yet")).toBeTruthy();
  });

  it("partners: error state", async () => {
    await renderApp(fakePlatform({ ...meRoute("VIP"), "GET /api/admin/partners": forbidden }), { initialUrl: "/admin/partners" });
    expect(await screen.findByText("Admins only")).toBeTruthy();
  });
});

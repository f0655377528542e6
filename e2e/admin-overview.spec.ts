// The operator's overview, a signal's copy report and the daily reports (issue 13, screens 1, 2 and
// 9) through the real pages: a signal posted elsewhere and the kill switch toggled through the API
// reach the overview without a reload, TP1 changes the copy report, a report is generated and
// opened. Each screen is saved as a screenshot artifact, at 1280 and at 1024 px wide.
import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";

const ADMIN_EMAIL = process.env.E2E_ADMIN_EMAIL!;
const ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD!;
const appKey: Record<string, string> = process.env.MOBILE_API_KEY ? { "X-API-KEY": process.env.MOBILE_API_KEY } : {};
const tag = () => randomBytes(4).toString("hex");
const shot = (page: Page, info: TestInfo, name: string) => page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: true });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}`, ...appKey });

async function signInAdmin(page: Page) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(ADMIN_EMAIL);
  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
}

async function adminToken(request: APIRequestContext): Promise<string> {
  const res = await request.post("/api/auth/login", { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, headers: appKey });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** A PREMIUM subscriber with the auto-trader on and the given risk settings. */
async function autoTrader(request: APIRequestContext, admin: string, risk: Record<string, unknown>) {
  const t = tag();
  const res = await request.post("/api/auth/register", { data: { username: `ov_${t}`, email: `ov-${t}@verzek.test`, password: `pw-${t}-Trader` }, headers: appKey });
  expect(res.status()).toBe(201);
  const { access_token: token, user } = (await res.json()) as { access_token: string; user: { id: number } };
  expect((await request.put(`/api/users/${user.id}/subscription`, { data: { plan: "PREMIUM", reason: "e2e copy report" }, headers: bearer(admin) })).status()).toBe(200);
  expect((await request.put(`/api/users/${user.id}/risk`, { data: risk, headers: bearer(token) })).status()).toBe(200);
  expect((await request.put(`/api/users/${user.id}/strategy`, { data: { auto_trade_enabled: true }, headers: bearer(token) })).status()).toBe(200);
  return { id: user.id, token };
}

async function postSignal(request: APIRequestContext, admin: string, symbol: string) {
  const res = await request.post("/api/signals", { data: { symbol, direction: "LONG", entry: 100, targets: [110, 120], stop_loss: 90, leverage: 5 }, headers: bearer(admin) });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { signal: { id: string } }).signal.id;
}

const count = async (page: Page, testId: string) => Number((await page.getByTestId(testId).innerText()).trim());

test.use({ viewport: { width: 1280, height: 900 } });

test("the overview: kill switch and health on top, KPIs, charts per window; a new signal arrives without a reload", async ({ page, request }, info) => {
  await signInAdmin(page);
  await expect(page.getByTestId("overview-kill-switch")).toContainText("off — trading runs");
  for (const part of ["database", "jobs", "telegram", "price-feed"]) await expect(page.getByTestId(`health-${part}`)).toBeVisible();
  await expect(page.getByTestId("health-database")).toHaveAttribute("data-state", "ok");
  for (const chart of ["signups", "revenue", "signals", "profit", "pnl", "blocked"]) await expect(page.getByTestId(`chart-${chart}`)).toBeVisible();
  await expect(page.getByTestId("live-feed")).toHaveText("● Live");
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));

  const before = await count(page, "kpi-signals-sent");
  const symbol = `OV${tag().toUpperCase()}USDT`;
  await postSignal(request, await adminToken(request), symbol);
  // The feed's SSE invalidates the analytics queries: the card and the chart follow, same page.
  await expect(page.getByTestId("kpi-signals-sent")).toHaveText(String(before + 1));
  await expect(page.getByTestId("chart-signals").locator(".recharts-bar-rectangle").first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
  await shot(page, info, "overview-30d");

  // Another window: the charts reload for it.
  await page.getByRole("button", { name: "7 days" }).click();
  await expect(page.getByRole("button", { name: "7 days" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("chart-signals").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("chart-signals").locator(".recharts-xAxis .recharts-cartesian-axis-tick")).toHaveCount(7);
  await page.getByRole("button", { name: "1 year" }).click();
  await expect(page.getByTestId("chart-signals").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await shot(page, info, "overview-1y");

  await page.setViewportSize({ width: 1024, height: 800 });
  await page.getByRole("button", { name: "30 days" }).click();
  await expect(page.getByTestId("kpi-signals-sent")).toBeVisible();
  // Nothing wider than the window at 1024 px.
  // The layout (Recharts measures with a ResizeObserver) settles after the viewport changes: wait for it.
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
  await shot(page, info, "overview-1024");
});

test("the kill switch toggled through the API (not this page) shows HALTED on an open overview without a reload", async ({ page, request }, info) => {
  const admin = await adminToken(request);
  const toggle = (on: boolean, reason: string) => request.post("/api/safety/toggle", { data: { kill_switch: on, reason }, headers: bearer(admin) });
  await signInAdmin(page);
  await expect(page.getByTestId("live-feed")).toHaveText("● Live");
  await expect(page.getByTestId("halt-banner")).toHaveCount(0);
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
  try {
    expect((await toggle(true, `e2e live halt ${tag()}`)).status()).toBe(200);
    // The stream's `safety` event, not a timer: the banner's fallback poll (15 s) is off while it is live.
    await expect(page.getByTestId("halt-banner")).toContainText("HALTED", { timeout: 5_000 });
    await expect(page.getByTestId("overview-kill-switch")).toContainText("ON — trading halted", { timeout: 5_000 });
    await shot(page, info, "overview-halted-live");
    expect((await toggle(false, "e2e live halt over")).status()).toBe(200);
    await expect(page.getByTestId("halt-banner")).toHaveCount(0, { timeout: 5_000 });
    await expect(page.getByTestId("overview-kill-switch")).toContainText("off — trading runs", { timeout: 5_000 });
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
  } finally {
    await toggle(false, "e2e live halt over");
  }
});

test("a signal's copy report: opened, skipped with the reason, latency and slippage; TP1 changes it", async ({ page, request }, info) => {
  const admin = await adminToken(request);
  const traders = [
    await autoTrader(request, admin, { capital_usdt: "100", per_trade_usdt: "10", leverage: 5 }),
    // 0.5 USDT at 1x is below the market's minimum order value: size too small.
    await autoTrader(request, admin, { capital_usdt: "100", per_trade_usdt: "0.5", leverage: 1 }),
    // 1 % of 100 USDT may be exposed: the risk engine blocks the copy.
    await autoTrader(request, admin, { capital_usdt: "100", per_trade_usdt: "10", leverage: 5, max_account_exposure_pct: "1", reduce_to_fit_exposure: false }),
  ];
  try {
    const symbol = `CR${tag().toUpperCase()}USDT`;
    const id = await postSignal(request, admin, symbol);
    await signInAdmin(page);
    // The procedure behind the report, over HTTP with the session: bad input is a 400, an unknown signal a 404.
    const proc = (input: unknown) => page.request.get(`/api/trpc/signals.copyReport?input=${encodeURIComponent(JSON.stringify(input))}`);
    expect((await proc({ signal_id: "not-a-uuid" })).status()).toBe(400);
    expect((await proc({ signal_id: id, extra: 1 })).status()).toBe(400);
    expect((await proc({ signal_id: "00000000-0000-4000-8000-000000000000" })).status()).toBe(404);
    await page.goto(`/admin/signals/${id}`);
    const report = page.getByTestId("copy-report");
    await expect(report.getByTestId("copy-paper-opened")).toContainText(/^\d+/);
    await expect.poll(() => count(page, "copy-paper-skipped"), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    const opened = Number((await report.getByTestId("copy-paper-opened").innerText()).split(" ")[0]);
    expect(opened).toBeGreaterThanOrEqual(1);
    await expect(report.getByTestId("copy-paper-reason-size_too_small")).toBeVisible();
    await expect(report.getByTestId("copy-paper-reason-risk_rule")).toContainText("Max account exposure");
    await expect(report.getByTestId("copy-paper-tp-filled")).toHaveText("0");
    // The entry fee is already realized: the first target must move it.
    const pnlBefore = await report.getByTestId("copy-paper-pnl").innerText();
    await expect(report.getByTestId("copy-latency-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
    await expect(report.getByTestId("copy-slippage-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
    await expect(report.getByTestId("copy-live-opened")).toContainText("0");
    await shot(page, info, "signal-copy-report");

    await page.getByRole("button", { name: "Send TP1" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Send TP1" }).click();
    await expect(page.getByTestId("signal-detail-status")).toHaveText("TP_PARTIAL");
    // The copies take their first target in the background; the report follows without a reload.
    await expect(report.getByTestId("copy-paper-tp-filled")).toHaveText(String(opened), { timeout: 30_000 });
    await expect(report.getByTestId("copy-paper-pnl")).not.toHaveText(pnlBefore);
    await shot(page, info, "signal-copy-report-after-tp1");
    await page.setViewportSize({ width: 1024, height: 800 });
    // The layout (Recharts measures with a ResizeObserver) settles after the viewport changes: wait for it.
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    await shot(page, info, "signal-copy-report-1024");
  } finally {
    // The other specs' signals are not theirs to copy.
    for (const t of traders) await request.put(`/api/users/${t.id}/strategy`, { data: { auto_trade_enabled: false }, headers: bearer(t.token) });
  }
});

test("the reports screen: generate yesterday's report, see its chain head, open the day", async ({ page }, info) => {
  await signInAdmin(page);
  await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Reports", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reports" })).toBeVisible();
  await expect(page.getByTestId("chain-head-now")).toContainText(/link \d+/);
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await expect(page.getByLabel("Day (UTC)")).toHaveValue(yesterday);
  await page.getByRole("button", { name: "Generate the report now" }).click();
  await expect(page.getByText(new RegExp(`report for ${yesterday}`, "i")).first()).toBeVisible();
  const row = page.getByTestId("reports-table").getByRole("row").filter({ hasText: yesterday });
  await expect(row).toBeVisible();
  await expect(row.getByTestId("report-chain-head")).toHaveText(/^(—|[0-9a-f]{10}…[0-9a-f]{6})$/);
  // Asking again answers the stored report: nothing posted twice.
  await page.getByRole("button", { name: "Generate the report now" }).click();
  await expect(page.getByText(`The report for ${yesterday} was already stored: nothing posted again`).first()).toBeVisible();
  await shot(page, info, "reports");

  await row.getByRole("link", { name: yesterday }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Daily report ${yesterday}` })).toBeVisible();
  await expect(page.getByTestId("report-detail")).toContainText("Auto-trader");
  await expect(page.getByTestId("report-detail-chain-head")).toBeVisible();
  await shot(page, info, "report-detail");
  await page.setViewportSize({ width: 1024, height: 800 });
  await page.goto("/admin/reports");
  // The layout (Recharts measures with a ResizeObserver) settles after the viewport changes: wait for it.
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
  await shot(page, info, "reports-1024");

  // A day without a report, or not a day at all, is a 404 page, not an error.
  await page.goto("/admin/reports/1999-01-01");
  await expect(page.getByText(/could not be found|not found/i).first()).toBeVisible();
});

test("a subscriber is refused on the reports pages and the new procedures", async ({ page, request }) => {
  const t = tag();
  const user = { username: `ovs_${t}`, email: `ovs-${t}@verzek.test`, password: `pw-${t}-Subscriber` };
  expect((await request.post("/api/auth/register", { data: user, headers: appKey })).status()).toBe(201);
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  const refusal = page.getByRole("main").getByRole("alert");
  await expect(refusal).toHaveText("This account has no access to the operator dashboard.");
  for (const path of ["/admin/reports", "/admin/reports/2026-01-01"]) {
    await page.goto(path);
    await expect(refusal).toHaveText("This account has no access to the operator dashboard.");
  }
  for (const proc of ["analytics.health", "analytics.chainHead", "signals.copyReport?input=%7B%22signal_id%22%3A%2200000000-0000-4000-8000-000000000000%22%7D"]) {
    expect((await page.request.get(`/api/trpc/${proc}`)).status()).toBe(403);
  }
});

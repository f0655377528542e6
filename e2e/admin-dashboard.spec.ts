// The operator's dashboard (issue 13): the shell on every screen, and the operator's daily actions
// through the real pages — post a signal and send TP1, decide payments, change a plan, create a
// partner, halt trading. Each screen is saved as a screenshot artifact; who is refused is
// e2e/admin-access.spec.ts.
import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";

const ADMIN_EMAIL = process.env.E2E_ADMIN_EMAIL!;
const ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD!;
const appKey = process.env.MOBILE_API_KEY ? { "X-API-KEY": process.env.MOBILE_API_KEY } : undefined;
/** playwright.config.ts names the folder (E2E_SCREENS_DIR). */
const SCREENS_DIR = process.env.E2E_SCREENS_DIR!;

const tag = () => randomBytes(4).toString("hex");

async function signIn(page: Page, email = ADMIN_EMAIL, password = ADMIN_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function signInAdmin(page: Page) {
  await signIn(page);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
}

async function register(request: APIRequestContext) {
  const t = tag();
  const user = { username: `dash_${t}`, email: `dash-${t}@verzek.test`, password: `pw-${t}-Subscriber` };
  expect((await request.post("/api/auth/register", { data: user, headers: appKey })).status()).toBe(201);
  return user;
}

const shot = (page: Page, info: TestInfo, name: string) => page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: true });
const dialog = (page: Page) => page.getByRole("dialog");
const dashboardNav = (page: Page) => page.getByRole("navigation", { name: "Dashboard" });

/** The screens as the navigation lists them (label, address): a new screen is covered when it is linked. */
async function screens(page: Page): Promise<[string, string][]> {
  const links = await dashboardNav(page).getByRole("link").evaluateAll((els) => els.map((a) => [a.textContent ?? "", a.getAttribute("href") ?? ""] as [string, string]));
  // Issue 13's eleven and the VIP group (issue 19).
  expect(links.length).toBeGreaterThanOrEqual(12);
  return links;
}

test.use({ viewport: { width: 1280, height: 900 } });

test("the shell: every screen in the navigation, the trading state, the signed-in admin, sign out; a screenshot of each at 1280 px", async ({ page }, info) => {
  await signInAdmin(page);
  const nav = dashboardNav(page);
  const all = await screens(page);
  for (const [i, [label, path]] of all.entries()) {
    await nav.getByRole("link", { name: label, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${path.replace("/", "\\/")}$`));
    await expect(page.getByRole("heading", { level: 1, name: label })).toBeVisible();
    await expect(nav.getByRole("link", { name: label, exact: true })).toHaveAttribute("aria-current", "page");
    await expect(page.getByTestId("trading-state")).toHaveText("Trading running");
    await expect(page.getByTestId("signed-in-as")).toContainText(ADMIN_EMAIL);
    await expect(page.getByRole("status").filter({ hasText: "Loading" })).toHaveCount(0);
    // Charts measure themselves after the first paint (Recharts' ResizeObserver).
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SCREENS_DIR}/${String(i + 1).padStart(2, "0")}-${path.split("/").pop()}-1280.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1024, height: 800 });
  await page.goto("/admin/signals");
  await expect(page.getByLabel("Symbol", { exact: true })).toBeVisible();
  await shot(page, info, "screen-signals-1024");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
});

test("post a signal through the form: prices checked as typed, exact Telegram texts, in the list without a reload; then TP1", async ({ page, context }, info) => {
  await signInAdmin(page);
  // A second tab watching the list: the new signal reaches it through the live feed (SSE).
  const watcher = await context.newPage();
  await watcher.goto("/admin/signals");
  await expect(watcher.getByTestId("live-feed")).toHaveText("● Live");
  await watcher.evaluate(() => ((window as unknown as { marker: number }).marker = 1));

  await page.goto("/admin/signals");
  const symbol = `E2E${tag().toUpperCase()}USDT`;
  await page.getByLabel("Symbol", { exact: true }).fill(symbol);
  await page.getByLabel("Entry", { exact: true }).fill("100");
  await page.getByLabel("Target 1", { exact: true }).fill("110");
  await page.getByRole("button", { name: "Add a target" }).click();
  await page.getByLabel("Target 2", { exact: true }).fill("120");
  await page.getByLabel("Stop loss").fill("105");
  // The server's rule, run as the operator types.
  await expect(page.getByText(/must be below the entry/)).toBeVisible();
  await page.getByLabel("Stop loss").fill("95");
  await expect(page.getByText(/must be below the entry/)).toHaveCount(0);
  await page.getByLabel("Confidence").selectOption("High");
  await expect(page.getByTestId("preview-vip")).toContainText("Entry: 100 - Stop Loss: 95");
  await expect(page.getByTestId("preview-vip")).toContainText("Targets: 110 - 120");
  await expect(page.getByTestId("preview-trial")).toContainText("Details visible for #VIP members");
  await shot(page, info, "signal-form-preview");
  await page.getByRole("button", { name: "Send the signal to Telegram and the app" }).click();

  const row = page.getByTestId("signals-table").getByRole("row").filter({ hasText: symbol });
  await expect(row).toBeVisible();
  await expect(row.getByTestId("signal-status")).toHaveText("OPEN");
  await expect(watcher.getByTestId("signals-table").getByRole("row").filter({ hasText: symbol })).toBeVisible();
  expect(await watcher.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);

  await row.getByRole("link", { name: symbol }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${symbol} LONG` })).toBeVisible();
  await page.getByRole("button", { name: "Send TP1" }).click();
  await expect(dialog(page)).toContainText("Target 1 reached?");
  await dialog(page).getByRole("button", { name: "Send TP1" }).click();
  await expect(page.getByTestId("signal-detail-status")).toHaveText("TP_PARTIAL");
  await expect(page.getByTestId("signal-timeline")).toContainText("Target reached 1");
  await expect(page.getByRole("button", { name: "Send TP1" })).toHaveCount(0);
  await shot(page, info, "signal-detail");
  // The watching tab's list follows the event too.
  await expect(watcher.getByTestId("signals-table").getByRole("row").filter({ hasText: symbol }).getByTestId("signal-status")).toHaveText("TP_PARTIAL");
});

test("verify one payment and reject another with a reason", async ({ page, request }, info) => {
  const [payer, refused] = [await register(request), await register(request)];
  for (const u of [payer, refused]) {
    const res = await request.post("/api/payments/usdt/initiate", { data: { email: u.email, plan: "VIP", tx_hash: randomBytes(32).toString("hex"), network: "TRC20" } });
    expect(res.status()).toBe(201);
  }
  await signInAdmin(page);
  await page.goto("/admin/payments");
  const pending = page.getByTestId("pending-payments");
  await expect(pending.getByRole("row").filter({ hasText: payer.email })).toBeVisible();
  await shot(page, info, "payments-pending");

  await pending.getByRole("row").filter({ hasText: payer.email }).getByRole("button", { name: "Verify" }).click();
  await dialog(page).getByRole("button", { name: "Verify and activate the plan" }).click();
  await expect(pending.getByRole("row").filter({ hasText: payer.email })).toHaveCount(0);

  await pending.getByRole("row").filter({ hasText: refused.email }).getByRole("button", { name: "Reject" }).click();
  await expect(dialog(page).getByRole("button", { name: "Reject the payment" })).toBeDisabled();
  await dialog(page).getByLabel("Reason for the payer").fill("No such transfer on TronScan");
  await dialog(page).getByRole("button", { name: "Reject the payment" }).click();
  await expect(pending.getByRole("row").filter({ hasText: refused.email })).toHaveCount(0);

  await page.getByRole("tab", { name: "History" }).click();
  await page.getByLabel("Payer or transaction").fill(refused.email);
  const rejectedRow = page.getByTestId("payment-history").getByRole("row").filter({ hasText: refused.email });
  await expect(rejectedRow.getByTestId("payment-status")).toHaveText("REJECTED");
  await expect(rejectedRow).toContainText("No such transfer on TronScan");
  await page.getByLabel("Payer or transaction").fill(payer.email);
  await expect(page.getByTestId("payment-history").getByRole("row").filter({ hasText: payer.email }).getByTestId("payment-status")).toHaveText("CONFIRMED");
  await shot(page, info, "payments-history");
});

test("change a user's plan, with a reason kept in the audit trail", async ({ page, request }, info) => {
  const user = await register(request);
  await signInAdmin(page);
  await page.goto("/admin/users");
  await page.getByLabel("Search").fill(user.email);
  await expect(page.getByTestId("users-table").getByRole("row")).toHaveCount(2);
  await page.getByRole("link", { name: user.username }).click();
  await expect(page.getByRole("heading", { level: 1, name: user.username })).toBeVisible();
  await expect(page.getByTestId("user-plan")).toHaveText("TRIAL");
  await page.getByLabel("New plan").selectOption("VIP");
  await page.getByRole("button", { name: "Save the change…" }).click();
  await expect(dialog(page)).toContainText("Plan: TRIAL → VIP");
  await dialog(page).getByLabel("Reason (kept in the audit log)").fill("Paid by bank transfer");
  await dialog(page).getByRole("button", { name: "Save the change" }).click();
  await expect(page.getByTestId("user-plan")).toHaveText("VIP");
  await expect(page.getByTestId("user-changes")).toContainText("plan TRIAL → VIP");
  await expect(page.getByTestId("user-changes")).toContainText("Paid by bank transfer");
  await shot(page, info, "user-detail");
});

test("create a partner", async ({ page }, info) => {
  await signInAdmin(page);
  await page.goto("/admin/partners");
  const code = `e2e_${tag()}`;
  await page.getByLabel("Name").fill("E2E Partner");
  await page.getByLabel("Referral code").fill(code);
  await page.getByLabel("Telegram handle (optional)").fill("@e2e_partner");
  await page.getByRole("button", { name: "Create the partner" }).click();
  const row = page.getByTestId("partners-table").getByRole("row").filter({ hasText: code });
  await expect(row).toContainText("E2E Partner");
  await expect(row).toContainText("@e2e_partner");
  await shot(page, info, "partners");
});

test("halt trading with the kill switch: the HALTED banner is on every screen until it is resumed", async ({ page }, info) => {
  await signInAdmin(page);
  await page.goto("/admin/risk");
  await expect(page.getByTestId("kill-switch-state")).toHaveText("OFF — trading running");
  await page.getByRole("button", { name: "Halt all trading…" }).click();
  await expect(dialog(page).getByRole("button", { name: "Halt trading" })).toBeDisabled();
  await dialog(page).getByLabel(/^Reason/).fill("E2E maintenance window");
  await dialog(page).getByRole("button", { name: "Halt trading" }).click();
  await expect(page.getByTestId("kill-switch-state")).toHaveText("ON — trading halted");
  await expect(page.getByTestId("halt-banner")).toContainText("HALTED");
  await shot(page, info, "risk-halted");
  const nav = dashboardNav(page);
  for (const [label, path] of await screens(page)) {
    await nav.getByRole("link", { name: label, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: label })).toBeVisible();
    await expect(page.getByTestId("halt-banner")).toContainText("HALTED");
    await page.goto(path);
    await expect(page.getByTestId("halt-banner"), path).toContainText("HALTED");
    await page.screenshot({ path: `${SCREENS_DIR}/halted-${path.split("/").pop()}-1280.png` });
  }
  await page.goto("/admin/risk");
  await page.getByRole("button", { name: "Resume trading…" }).click();
  await dialog(page).getByLabel(/^Reason/).fill("E2E done");
  await dialog(page).getByRole("button", { name: "Resume trading" }).click();
  await expect(page.getByTestId("kill-switch-state")).toHaveText("OFF — trading running");
  await expect(page.getByTestId("halt-banner")).toHaveCount(0);
});

// The operator's dashboard, operations screens (issue 13 screens 3, 4, 5, 8, 10, 11): the review
// queue (dismiss a channel post, turn another into a signal from the pre-filled form), Telegram
// delivery (a refused DM resent and delivered), the audit log (a plan change with before and
// after), the auto-trader (close a user's position), the user page's sections and the payments
// totals — through the real pages, with Telegram played by the fake Bot API. Each screen is saved
// as a screenshot artifact, at 1280 and at 1024 pixels wide.
import { randomBytes, randomInt } from "node:crypto";
import { forwardPort } from "./port-forward";
import { expect, test, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";
import { startFakeTelegram, type TFakeTelegram } from "../test/fakes/telegram";

const ADMIN_EMAIL = process.env.E2E_ADMIN_EMAIL!;
const ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD!;
const CHANNEL = process.env.E2E_SIGNAL_CHANNEL_ID!;
const WEBHOOK = { "x-telegram-bot-api-secret-token": process.env.E2E_TELEGRAM_SECRET! };
/** playwright.config.ts points the server's TELEGRAM_API_ROOT here. */
const TELEGRAM_PORT = Number(process.env.E2E_PORT ?? 3210) + 8;
const appKey: Record<string, string> = process.env.MOBILE_API_KEY ? { "X-API-KEY": process.env.MOBILE_API_KEY } : {};
const SCREENS = [
  ["Review queue", "/admin/review"],
  ["Auto-trader", "/admin/auto-trader"],
  ["Telegram delivery", "/admin/delivery"],
  ["Audit log", "/admin/audit"],
] as const;

let telegram: TFakeTelegram;
let stopProxy: () => Promise<void>;

// The fake listens on a random port; this forwards the fixed port to it.
test.beforeAll(async () => {
  telegram = await startFakeTelegram({ token: process.env.E2E_TELEGRAM_TOKEN });
  stopProxy = await forwardPort(TELEGRAM_PORT, telegram.apiRoot);
});

test.afterAll(async () => {
  await stopProxy();
  await telegram.close();
});

const tag = () => randomBytes(4).toString("hex");
const shot = (page: Page, info: TestInfo, name: string) => page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: true });
const dialog = (page: Page) => page.getByRole("dialog");

async function signInAdmin(page: Page) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(ADMIN_EMAIL);
  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
}

async function register(request: APIRequestContext) {
  const t = tag();
  const user = { username: `ops_${t}`, email: `ops-${t}@verzek.test`, password: `pw-${t}-Operations` };
  const res = await request.post("/api/auth/register", { data: user, headers: appKey });
  expect(res.status()).toBe(201);
  const body = (await res.json()) as { access_token: string; user: { id: number } };
  return { ...user, id: body.user.id, token: body.access_token };
}

async function adminToken(request: APIRequestContext) {
  const res = await request.post("/api/auth/login", { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, headers: appKey });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function channelPost(request: APIRequestContext, text: string) {
  const res = await request.post("/api/telegram/webhook", {
    headers: WEBHOOK,
    data: { update_id: randomInt(1, 2_000_000_000), channel_post: { message_id: randomInt(1, 2_000_000_000), chat: { id: Number(CHANNEL), type: "channel" }, date: 1, text } },
  });
  expect(res.status()).toBe(200);
}

test.use({ viewport: { width: 1280, height: 900 } });

test("every operations screen is in the navigation, with its states, at 1280 and 1024 pixels wide", async ({ page }, info) => {
  await signInAdmin(page);
  const nav = page.getByRole("navigation", { name: "Dashboard" });
  for (const width of [1280, 1024]) {
    await page.setViewportSize({ width, height: 800 });
    for (const [label, path] of SCREENS) {
      await nav.getByRole("link", { name: label, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`${path.replace("/", "\\/")}$`));
      await expect(page.getByRole("heading", { level: 1, name: label })).toBeVisible();
      await expect(nav.getByRole("link", { name: label, exact: true })).toHaveAttribute("aria-current", "page");
      await expect(page.getByRole("status").filter({ hasText: "Loading" })).toHaveCount(0);
      // Nothing wider than the window: the tables scroll inside their frame, the page does not.
      // The layout (Recharts measures with a ResizeObserver) settles after the viewport changes: wait for it.
      await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await shot(page, info, `screen-${path.split("/").pop()}-${width}`);
    }
  }
});

test("review queue: a post the parser refused is dismissed; another becomes a signal from the pre-filled form", async ({ page, request }, info) => {
  const [a, b] = [tag(), tag()];
  const symbol = `R${b.toUpperCase()}USDT`;
  await channelPost(request, `Quick idea ${a}: ZZ${a}/USDT entry 5.1 TP1: 5.3`);
  await channelPost(request, `#Signal #R${b}/USDT $R${b}\nLong 🚀 Lev x12 #Crypto\nEntry: 100 - Stop Loss: 105\nTargets: 110 - 120`);
  await signInAdmin(page);
  await page.goto("/admin/review");
  const table = page.getByTestId("review-table");
  const advert = table.getByRole("row").filter({ hasText: `Quick idea ${a}` });
  await expect(advert.getByTestId("review-reason")).toHaveText("no stop loss");
  const refused = table.getByRole("row").filter({ hasText: `#R${b}/USDT` });
  await expect(refused.getByTestId("review-reason")).toHaveText("stop loss not below entry for LONG");
  await shot(page, info, "review-queue");

  await advert.getByRole("button", { name: "Dismiss" }).click();
  await dialog(page).getByLabel("Reason (optional, kept in the audit log)").fill("an idea, not a signal");
  await dialog(page).getByRole("button", { name: "Dismiss the post" }).click();
  await expect(advert).toHaveCount(0);
  await page.getByLabel("Show").selectOption("dismissed");
  await expect(table.getByRole("row").filter({ hasText: `Quick idea ${a}` }).getByTestId("review-state")).toHaveText("dismissed");
  await page.getByLabel("Show").selectOption("");

  await refused.getByRole("link", { name: "Turn into a signal" }).click();
  await expect(page.getByTestId("review-post")).toContainText("Stop Loss: 105");
  // Pre-filled with what the parser read; the form names what is wrong, as for any signal.
  await expect(page.getByLabel("Symbol", { exact: true })).toHaveValue(symbol);
  await expect(page.getByLabel("Entry", { exact: true })).toHaveValue("100");
  await expect(page.getByLabel("Target 2", { exact: true })).toHaveValue("120");
  await expect(page.getByLabel("Leverage")).toHaveValue("12");
  await expect(page.getByLabel("Stop loss")).toHaveValue("105");
  await page.getByRole("button", { name: "Send this signal to Telegram and the app" }).click();
  await expect(page.getByText(/must be below the entry/)).toBeVisible();
  await shot(page, info, "review-item");
  await page.getByLabel("Stop loss").fill("95");
  await page.getByRole("button", { name: "Send this signal to Telegram and the app" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${symbol} LONG` })).toBeVisible();

  await page.goto("/admin/review");
  await expect(table.getByRole("row").filter({ hasText: `#R${b}/USDT` })).toHaveCount(0);
  await page.goto("/admin/audit");
  await page.getByLabel("Action").selectOption("review.dismiss");
  await expect(page.getByTestId("audit-table").getByRole("row").filter({ hasText: "an idea, not a signal" })).toBeVisible();
});

test("Telegram delivery: a DM Telegram refused shows as failed with its error, is resent and delivered", async ({ page, request }, info) => {
  test.setTimeout(150_000);
  const user = randomInt(100_000_000, 999_999_999);
  // Only this user's chat: the VIP and TRIAL groups (configured for the membership specs) may have posts waiting.
  telegram.failNext(1, { code: 403, description: "Forbidden: bot was blocked by the user", chatId: user });
  const res = await request.post("/api/telegram/webhook", {
    headers: WEBHOOK,
    data: { update_id: randomInt(1, 2_000_000_000), message: { message_id: 1, date: 1, from: { id: user, is_bot: false, first_name: "E2E" }, chat: { id: user, type: "private" }, text: "/start" } },
  });
  expect(res.status()).toBe(200);
  await signInAdmin(page);
  await page.goto("/admin/delivery");
  await page.getByLabel("Chat id").fill(String(user));
  const row = page.getByTestId("delivery-messages").getByRole("row").filter({ hasText: "telegram_start" });
  // Delivery runs at once when something is queued, else within the minute's sweep.
  await expect(row.getByTestId("delivery-status")).toHaveText("FAILED", { timeout: 90_000 });
  await expect(row).toContainText("Forbidden: bot was blocked by the user");
  await expect(row).toContainText("To connect this Telegram account");
  await page.getByLabel("Chat id").fill("");
  await expect(page.getByTestId("delivery-messages").getByRole("row").filter({ hasText: "telegram_start" }).first().getByTestId("delivery-status")).toHaveText("FAILED", { timeout: 15_000 });
  await expect(page.getByTestId("delivery-chats").getByRole("row").filter({ hasText: `Telegram user ${user}` })).toContainText("Forbidden");
  await shot(page, info, "delivery-failed");
  await page.getByLabel("Chat id").fill(String(user));

  await row.getByRole("button", { name: "Resend" }).click();
  await expect(dialog(page)).toContainText("Forbidden: bot was blocked by the user");
  await dialog(page).getByRole("button", { name: "Resend the message" }).click();
  await expect(row.getByTestId("delivery-status")).toHaveText("SENT", { timeout: 30_000 });
  expect(telegram.sentTo(user).map((m) => m.text)).toEqual(["To connect this Telegram account, open the Verzek app → Connect Telegram."]);
  await shot(page, info, "delivery-resent");

  await page.goto("/admin/audit");
  await page.getByLabel("Action").selectOption("telegram.resend");
  const entry = page.getByTestId("audit-table").getByRole("row").filter({ hasText: String(user) }).first();
  await expect(entry).toContainText("status: FAILED → PENDING");
});

test("audit log: a plan change shows who, when, before and after; the user page shows settings, exchange and activity", async ({ page, request }, info) => {
  const user = await register(request);
  await signInAdmin(page);
  await page.goto(`/admin/users/${user.id}`);
  await expect(page.getByRole("heading", { level: 1, name: user.username })).toBeVisible();
  await expect(page.getByTestId("user-settings-risk")).toContainText("Capital (USDT)");
  await expect(page.getByTestId("user-exchange")).toContainText("No exchange connected");
  await expect(page.getByTestId("user-positions").or(page.getByText("No positions yet."))).toBeVisible();
  await page.getByLabel("New plan").selectOption("VIP");
  await page.getByRole("button", { name: "Save the change…" }).click();
  await dialog(page).getByLabel("Reason (kept in the audit log)").fill("Paid by bank transfer");
  await dialog(page).getByRole("button", { name: "Save the change" }).click();
  await expect(page.getByTestId("user-plan")).toHaveText("VIP");
  await shot(page, info, "user-page-sections");

  await page.goto("/admin/audit");
  await page.getByLabel("Target").fill(`user:${user.id}`);
  const entry = page.getByTestId("audit-table").getByRole("row").filter({ hasText: "user.subscription.update" });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText(ADMIN_EMAIL);
  await expect(entry).toContainText("plan: TRIAL → VIP");
  await expect(entry.getByTestId("audit-details")).toContainText("Paid by bank transfer");
  await shot(page, info, "audit-plan-change");
});

test("auto-trader: a user's open copy is listed with the exposure and closed for the user, with a reason in the audit log", async ({ page, request }, info) => {
  test.setTimeout(120_000);
  const admin = await adminToken(request);
  const user = await register(request);
  const auth = (token: string) => ({ Authorization: `Bearer ${token}`, ...appKey });
  expect((await request.put(`/api/users/${user.id}/subscription`, { headers: auth(admin), data: { plan: "PREMIUM" } })).status()).toBe(200);
  const symbol = `A${tag().toUpperCase()}USDT`;
  const posted = await request.post("/api/signals", { headers: auth(admin), data: { symbol, direction: "LONG", entry: 100, targets: [110, 120], stop_loss: 95, leverage: 5 } });
  expect(posted.status()).toBe(201);
  const signal = ((await posted.json()) as { signal: { id: string } }).signal;
  const copied = await request.post("/api/trade/execute", { headers: auth(user.token), data: { signal_id: signal.id } });
  expect(copied.status(), await copied.text()).toBeLessThan(300);

  await signInAdmin(page);
  await page.goto("/admin/auto-trader");
  await page.getByLabel("User").fill(user.username);
  const row = page.getByTestId("open-positions").getByRole("row").filter({ hasText: symbol });
  await expect(row).toContainText(user.username);
  await expect(row).toContainText("paper");
  await expect(page.getByTestId("exposure-table").getByRole("row").filter({ hasText: symbol })).toContainText("1 (1 long · 0 short)");
  await shot(page, info, "auto-trader");

  await row.getByRole("button", { name: "Close…" }).click();
  await expect(dialog(page).getByRole("button", { name: "Close the position" })).toBeDisabled();
  await dialog(page).getByLabel("Reason (kept in the audit log)").fill("user asked by e-mail");
  await dialog(page).getByRole("button", { name: "Close the position" }).click();
  await expect(row).toHaveCount(0);

  await page.goto(`/admin/users/${user.id}`);
  await expect(page.getByTestId("user-positions").getByRole("row").filter({ hasText: symbol })).toContainText("CLOSED");
  await page.goto("/admin/audit");
  await page.getByLabel("Action").selectOption("position.close");
  const entry = page.getByTestId("audit-table").getByRole("row").filter({ hasText: "user asked by e-mail" });
  await expect(entry).toContainText("status: OPEN → CLOSED");
  await shot(page, info, "audit-position-close");
  await page.setViewportSize({ width: 1024, height: 800 });
  await page.getByLabel("Action").selectOption("");
  await expect(page.getByTestId("audit-table").getByRole("row").filter({ hasText: "user asked by e-mail" })).toBeVisible();
  // The layout (Recharts measures with a ResizeObserver) settles after the viewport changes: wait for it.
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
  await shot(page, info, "audit-1024");
});

test("payments: the history shows totals for its filters", async ({ page, request }, info) => {
  const payer = await register(request);
  const res = await request.post("/api/payments/usdt/initiate", { data: { email: payer.email, plan: "VIP", tx_hash: randomBytes(32).toString("hex"), network: "TRC20" } });
  expect(res.status()).toBe(201);
  await signInAdmin(page);
  await page.goto("/admin/payments");
  await page.getByRole("tab", { name: "History" }).click();
  await page.getByLabel("Payer or transaction").fill(payer.email);
  await expect(page.getByTestId("payment-total-pending")).toContainText("1 payment");
  await expect(page.getByTestId("payment-total-confirmed")).toContainText("0 payments");
  await shot(page, info, "payments-totals");
});

test("a subscriber and a signed-out visitor are refused on the operations pages and procedures", async ({ page, request, browser }) => {
  const subscriber = await register(request);
  await page.goto("/login");
  await page.getByLabel("Email").fill(subscriber.email);
  await page.getByLabel("Password").fill(subscriber.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  const refusal = page.getByRole("main").getByRole("alert");
  await expect(refusal).toHaveText("This account has no access to the operator dashboard.");
  for (const path of ["/admin/review", "/admin/review/1", "/admin/auto-trader", "/admin/delivery", "/admin/audit"]) {
    await page.goto(path);
    await expect(refusal).toHaveText("This account has no access to the operator dashboard.");
  }
  for (const proc of ["review.list?input=%7B%7D", "delivery.chats?input=%7B%7D", "audit.list?input=%7B%7D", "autoTrader.positions?input=%7B%7D", "payments.totals?input=%7B%7D"]) {
    expect((await page.request.get(`/api/trpc/${proc}`)).status()).toBe(403);
  }
  const anonymous = await browser.newContext();
  const visitor = await anonymous.newPage();
  await visitor.goto("/admin/audit");
  await expect(visitor).toHaveURL(/\/login/);
  expect((await visitor.request.get("/api/trpc/audit.list?input=%7B%7D")).status()).toBe(401);
  await anonymous.close();
});

// The USDT payment page in Chromium against the production server: a subscriber submits a hash,
// sees "Pending verification", and sees "✅ Payment Verified – Plan Activated" without a reload —
// confirmed on-chain (the fake TronGrid, through the server's real TRC-20 provider) or by an
// admin by hand; a wrong transfer shows its rejection reason.
import { randomBytes } from "node:crypto";
import { forwardPort } from "./port-forward";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { FAKE_RECEIVING_ADDRESS, startFakeTronGrid, type TFakeTronGrid } from "../test/fakes/trongrid";

/** playwright.config.ts points the server's TRON_API_URL here. */
const TRON_PORT = Number(process.env.E2E_PORT ?? 3210) + 9;
const appKey = process.env.MOBILE_API_KEY ? { "X-API-KEY": process.env.MOBILE_API_KEY } : undefined;

let tron: TFakeTronGrid;
let stopProxy: () => Promise<void>;

// The fake listens on a random port; this forwards the fixed port to it.
test.beforeAll(async () => {
  tron = await startFakeTronGrid();
  stopProxy = await forwardPort(TRON_PORT, tron.apiUrl);
});

test.afterAll(async () => {
  await stopProxy();
  await tron.close();
});

async function registerSubscriber(request: APIRequestContext) {
  const tag = randomBytes(6).toString("hex");
  const subscriber = { username: `pay_${tag}`, email: `payer-${tag}@verzek.test`, password: `pw-${tag}-Payer` };
  const res = await request.post("/api/auth/register", { data: subscriber, headers: appKey });
  expect(res.status()).toBe(201);
  const body = (await res.json()) as { access_token: string };
  return { ...subscriber, token: body.access_token };
}

async function adminToken(request: APIRequestContext): Promise<string> {
  const res = await request.post("/api/auth/login", { data: { email: process.env.E2E_ADMIN_EMAIL, password: process.env.E2E_ADMIN_PASSWORD }, headers: appKey });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function submitHash(page: Page, hash: string) {
  await page.getByLabel("Transaction hash").fill(hash);
  await page.getByRole("button", { name: "Submit payment" }).click();
}

const status = (page: Page) => page.getByRole("status");

test("the page shows the plans, the exact amount, the address with a QR code and a copy button", async ({ page, request }) => {
  const plans = (await (await request.get("/api/plans")).json()) as { plans: { plan: string; price_usdt: string }[] };
  const vip = plans.plans.find((p) => p.plan === "VIP")!;
  const premium = plans.plans.find((p) => p.plan === "PREMIUM")!;
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/pay?email=someone%40verzek.test");

  await expect(page.getByRole("heading", { name: "Upgrade with USDT" })).toBeVisible();
  await expect(page.getByTestId("price-vip")).toHaveText(`${vip.price_usdt} USDT`);
  await expect(page.getByTestId("amount")).toHaveText(`${vip.price_usdt} USDT`);
  await page.getByRole("radio", { name: /PREMIUM/ }).check();
  await expect(page.getByTestId("amount")).toHaveText(`${premium.price_usdt} USDT`);
  await expect(page.getByTestId("address")).toHaveText(FAKE_RECEIVING_ADDRESS);
  await expect(page.getByRole("img", { name: "QR code of the TRC-20 address" }).locator("svg")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue("someone@verzek.test");
  await page.getByRole("button", { name: "Copy address" }).click();
  await expect(page.getByRole("button", { name: "Copied ✓" })).toBeVisible();
  // Phone width: nothing overflows sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test("a subscriber submits a hash, sees Pending, and sees the plan activated once the transfer is confirmed on-chain", async ({ page, request }) => {
  test.setTimeout(240_000);
  const subscriber = await registerSubscriber(request);
  await page.goto(`/pay?token=${encodeURIComponent(subscriber.token)}&plan=premium`);
  await expect(page.getByLabel("Email")).toHaveValue(subscriber.email);
  await expect(page.getByRole("radio", { name: /PREMIUM/ })).toBeChecked();
  // The hash confirms through the user's invoice: its unique amount names the payer.
  const amount = (await page.getByTestId("invoice-amount").textContent())!;
  // In the chain's head block: seen, but not final yet.
  const hash = tron.addTransfer({ amountUsdt: amount, solidified: false, timestamp: Date.now() });
  await submitHash(page, hash);

  await expect(status(page)).toContainText("Pending verification");
  await expect(page.getByTestId("reason")).toContainText("waiting for confirmations", { timeout: 20_000 });
  await expect(page).toHaveURL(/[?&]payment=[0-9a-f-]{36}/);

  // The block solidifies; the server's sweeper re-checks within its backoff (about a minute).
  tron.solidify(hash);
  await expect(status(page)).toContainText("✅ Payment Verified – Plan Activated", { timeout: 200_000 });
  await expect(status(page)).toContainText("PREMIUM");
  await expect(status(page)).toContainText(`Received ${Number(amount)} USDT`);

  const me = await request.get("/api/auth/me", { headers: { authorization: `Bearer ${subscriber.token}` } });
  expect(((await me.json()) as { user: { plan: string } }).user.plan).toBe("PREMIUM");
});

test("signed in, the page shows a unique amount with a countdown and flips to verified when the chain receives it — no hash entered", async ({ page, request }) => {
  test.setTimeout(240_000);
  const subscriber = await registerSubscriber(request);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/pay?token=${encodeURIComponent(subscriber.token)}&plan=vip`);
  const invoice = page.getByTestId("invoice");
  await expect(page.getByTestId("invoice-amount")).toHaveText(/^49\.\d{6}$/);
  const amount = (await page.getByTestId("invoice-amount").textContent())!;
  expect(amount).not.toBe("49.000000");
  await expect(page.getByTestId("invoice-address")).toHaveText(FAKE_RECEIVING_ADDRESS);
  await expect(page.getByTestId("countdown")).toContainText(/Time left: (59|60):\d\d/);
  await expect(invoice.getByRole("img", { name: "QR code of the TRC-20 address" }).locator("svg")).toBeVisible();
  await page.screenshot({ path: "test-results/pay-invoice.png", fullPage: true });
  // Asking again (a reload) keeps the same amount.
  await page.reload();
  await expect(page.getByTestId("invoice-amount")).toHaveText(amount);

  tron.addTransfer({ amountUsdt: amount, timestamp: Date.now() });
  // The watcher runs every minute.
  await expect(invoice).toContainText("✅ Payment Verified – Plan Activated", { timeout: 200_000 });
  await expect(invoice).toContainText("VIP");
  await page.screenshot({ path: "test-results/pay-invoice-verified.png", fullPage: true });
  const me = await request.get("/api/payments/me", { headers: { authorization: `Bearer ${subscriber.token}`, ...appKey } });
  expect(((await me.json()) as { payments: { status: string }[] }).payments.map((p) => p.status)).toEqual(["CONFIRMED"]);
});

test("an admin verifies a payment by hand and the waiting page turns to Activated without a reload", async ({ page, request }) => {
  const subscriber = await registerSubscriber(request);
  const hash = randomBytes(32).toString("hex"); // unknown to the chain: stays pending

  await page.goto(`/pay?email=${encodeURIComponent(subscriber.email)}`);
  await submitHash(page, hash);
  await expect(status(page)).toContainText("Pending verification");
  await expect(page.getByTestId("reason")).toContainText("not found on the chain yet", { timeout: 20_000 });
  const navigations: string[] = [];
  page.on("framenavigated", (f) => f === page.mainFrame() && navigations.push(f.url()));

  const verified = await request.post("/api/payments/usdt/verify", { data: { tx_hash: hash }, headers: { authorization: `Bearer ${await adminToken(request)}` } });
  expect(verified.status()).toBe(200);

  await expect(status(page)).toContainText("✅ Payment Verified – Plan Activated");
  await expect(status(page)).toContainText("VIP");
  expect(navigations).toEqual([]);
});

test("a transfer of the wrong token is rejected and the page says why", async ({ page, request }) => {
  const subscriber = await registerSubscriber(request);
  const hash = tron.addWrongToken({ amountUsdt: "49" });

  await page.goto(`/pay?email=${encodeURIComponent(subscriber.email)}`);
  await submitHash(page, hash);

  await expect(status(page)).toContainText("❌ Payment rejected");
  await expect(page.getByTestId("reason")).toContainText("wrong token");
});

test("an unknown email gets the same pending page as a known one (nothing says which); a hash already used is explained", async ({ page, request }) => {
  const subscriber = await registerSubscriber(request);
  await page.goto("/pay?email=nobody-here%40verzek.test");
  await submitHash(page, randomBytes(32).toString("hex"));
  await expect(status(page)).toContainText("Pending verification");
  await expect(page.getByTestId("account-note")).toContainText("an email without an account activates nothing");
  await page.goto("/pay");

  const hash = randomBytes(32).toString("hex");
  const first = await request.post("/api/payments/usdt/initiate", { data: { email: subscriber.email, plan: "VIP", tx_hash: hash, network: "TRC20" }, headers: appKey });
  expect(first.status()).toBe(201);
  await page.getByLabel("Email").fill(subscriber.email);
  await submitHash(page, hash);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("already submitted");
});

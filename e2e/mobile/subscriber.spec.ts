// The subscriber's path through the Expo app's web export, against the real platform (`npm start`,
// PGlite), in Debian's Chromium: register, watch a signal posted through the API arrive in the feed
// over the live stream, open a payment invoice and pay it on the (fake) TRON chain, be upgraded by
// the admin, connect a paper exchange, preview and execute a trade, see the position and close it,
// and see the HALTED banner once the admin turns the kill switch on.
import { randomBytes } from "node:crypto";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import { startFakeBinance, type TFakeBinance } from "../../test/fakes/binance";
import { startFakeTronGrid, type TFakeTronGrid } from "../../test/fakes/trongrid";
import { forwardPort } from "../port-forward";
import { MOBILE_E2E } from "./ports";

let api: APIRequestContext;
let adminToken: string;
let binance: TFakeBinance;
let tron: TFakeTronGrid;
const stops: (() => Promise<void>)[] = [];

test.beforeAll(async () => {
  // The platform was started with these fixed ports as its Binance and TronGrid (playwright.config.ts).
  binance = await startFakeBinance();
  tron = await startFakeTronGrid();
  stops.push(await forwardPort(MOBILE_E2E.binancePort, binance.baseUrl), await forwardPort(MOBILE_E2E.tronPort, tron.apiUrl));
  api = await playwrightRequest.newContext({ baseURL: MOBILE_E2E.platformUrl });
  const login = await api.post("/api/auth/login", { data: { email: process.env.E2E_ADMIN_EMAIL, password: process.env.E2E_ADMIN_PASSWORD } });
  expect(login.status()).toBe(200);
  adminToken = ((await login.json()) as { access_token: string }).access_token;
});

test.afterAll(async () => {
  if (adminToken) await api.post("/api/safety/toggle", { data: { kill_switch: false, reason: "mobile e2e done" }, headers: asAdmin() });
  await api?.dispose();
  for (const stop of stops) await stop();
  await tron?.close();
  await binance?.close();
});

// The stack keeps the screens below the top one in the page (hidden): only what is on screen counts.
const SHOWN = { visible: true };
const asAdmin = () => ({ authorization: `Bearer ${adminToken}` });

async function postSignal(signal: Record<string, unknown>): Promise<string> {
  const res = await api.post("/api/signals", { data: signal, headers: asAdmin() });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { signal: { id: string } }).signal.id;
}

async function userIdOf(email: string): Promise<number> {
  const res = await api.get(`/api/users?q=${encodeURIComponent(email)}`, { headers: asAdmin() });
  expect(res.status()).toBe(200);
  const { users } = (await res.json()) as { users: { id: number; email: string }[] };
  return users.find((u) => u.email === email)!.id;
}

/** The feed header's Account button, to the menu of every other screen. */
async function openAccount(page: Page) {
  await page.getByRole("button", { name: "Account", exact: true }).filter(SHOWN).click();
  await expect(page.getByRole("button", { name: "Plans and payment" }).filter(SHOWN)).toBeVisible();
}

test("a subscriber's whole path through the app, against the real platform", async ({ page }) => {
  const tag = randomBytes(4).toString("hex");
  const user = { username: `app_${tag}`, email: `app-${tag}@verzek.test`, password: `pw-${tag}-Mobile` };
  const failures: string[] = [];
  page.on("pageerror", (e) => failures.push(e.message));

  await test.step("registers from the sign-in screen and lands on an empty feed", async () => {
    await page.goto("/");
    await page.getByRole("button", { name: "Create an account" }).filter(SHOWN).click();
    await page.getByLabel("Username").filter(SHOWN).fill(user.username);
    await page.getByLabel("Email").filter(SHOWN).fill(user.email);
    await page.getByLabel("Password").filter(SHOWN).fill(user.password);
    await page.getByRole("button", { name: "Create account" }).filter(SHOWN).click();
    await expect(page.getByText("TRIAL plan").filter(SHOWN)).toBeVisible();
    await expect(page.getByLabel("Live updates: Live").filter(SHOWN)).toBeVisible();
  });

  const first = await test.step("sees a signal posted through the API appear in the feed, without a reload", async () => {
    const navigations: string[] = [];
    page.on("framenavigated", (f) => f === page.mainFrame() && navigations.push(f.url()));
    const id = await postSignal({ symbol: "ETHUSDT", direction: "LONG", entry: "3000", targets: ["3100", "3200"], stop_loss: "2900", leverage: 5 });
    // TRIAL sees it at once, locked until its unlock time.
    await expect(page.getByTestId(`signal-${id}`).filter(SHOWN)).toBeVisible();
    await expect(page.getByTestId(`signal-${id}`).filter(SHOWN)).toContainText("ETHUSDT");
    await expect(page.getByTestId(`signal-${id}`).filter(SHOWN)).toContainText("Locked");
    expect(navigations).toEqual([]);
    return id;
  });

  await test.step("opens an invoice for VIP, pays it on the chain and sees the plan activated", async () => {
    await openAccount(page);
    await expect(page.getByLabel("Plan: TRIAL").filter(SHOWN)).toBeVisible();
    await page.getByRole("button", { name: "Plans and payment" }).filter(SHOWN).click();
    await page.getByRole("button", { name: "Pay for VIP" }).filter(SHOWN).click();
    const amountLabel = await page.getByLabel(/^Amount: /).filter(SHOWN).getAttribute("aria-label");
    const amount = amountLabel!.replace("Amount: ", "");
    expect(amount).toMatch(/^\d+\.\d{6}$/);
    await expect(page.getByRole("img", { name: /^QR code of the payment address/ }).filter(SHOWN)).toBeVisible();
    // The transfer of exactly that amount; the platform's watcher (every minute) finds it and the
    // screen, which reads the invoice every 10 s, turns to verified.
    tron.addTransfer({ amountUsdt: amount, timestamp: Date.now() });
    await expect(page.getByText("✅ Payment Verified – Plan Activated").filter(SHOWN)).toBeVisible({ timeout: 150_000 });
    await expect(page.getByLabel("Plan: VIP").filter(SHOWN)).toBeVisible();
  });

  await test.step("is upgraded to PREMIUM by the admin and sees the plan change", async () => {
    const id = await userIdOf(user.email);
    const res = await api.put(`/api/users/${id}/subscription`, { data: { plan: "PREMIUM", reason: "mobile e2e" }, headers: asAdmin() });
    expect(res.status(), await res.text()).toBe(200);
    await page.goto("/account");
    await expect(page.getByLabel("Plan: PREMIUM").filter(SHOWN)).toBeVisible();
  });

  await test.step("connects a paper exchange", async () => {
    await page.getByRole("button", { name: "Exchange connection" }).filter(SHOWN).click();
    await page.getByRole("radio", { name: "Mode: Paper" }).filter(SHOWN).click();
    await page.getByRole("button", { name: "Save connection" }).filter(SHOWN).click();
    await expect(page.getByLabel("Trading on: Paper").filter(SHOWN)).toBeVisible();
    await page.getByRole("button", { name: "Validate connection" }).filter(SHOWN).click();
    await expect(page.getByLabel("Live trading: Off (paper)").filter(SHOWN)).toBeVisible();
  });

  const positionUrl = await test.step("previews and executes the signal's trade in paper", async () => {
    await page.goto(`/signals/${first}`);
    await page.getByRole("button", { name: "Trade this signal" }).filter(SHOWN).click();
    await page.getByRole("button", { name: "Preview trade" }).filter(SHOWN).click();
    await expect(page.getByLabel("Account: Paper").filter(SHOWN)).toBeVisible();
    await expect(page.getByLabel(/^Trade: ETHUSDT LONG/).filter(SHOWN)).toBeVisible();
    await expect(page.getByLabel(/^Target 1 at 3100/).filter(SHOWN)).toBeVisible();
    await page.getByRole("button", { name: "Execute paper trade" }).filter(SHOWN).click();
    await page.getByRole("button", { name: "View position" }).filter(SHOWN).click();
    await expect(page).toHaveURL(/\/positions\/[0-9a-f-]{36}$/);
    return page.url();
  });

  await test.step("sees the position among the open ones, then closes it", async () => {
    await page.goto("/positions");
    await expect(page.getByRole("button", { name: /ETHUSDT/ }).filter(SHOWN)).toBeVisible();
    await page.goto(positionUrl);
    await expect(page.getByLabel("Status: OPEN").filter(SHOWN)).toBeVisible();
    await page.getByRole("button", { name: "Close position" }).filter(SHOWN).click();
    await page.getByRole("button", { name: "Yes, close position" }).filter(SHOWN).click();
    await expect(page.getByLabel("Status: CLOSED").filter(SHOWN)).toBeVisible();
  });

  await test.step("sees the HALTED banner on the feed after the admin's kill switch", async () => {
    const res = await api.post("/api/safety/toggle", { data: { kill_switch: true, reason: "mobile e2e" }, headers: asAdmin() });
    expect(res.status(), await res.text()).toBe(200);
    await page.goto("/");
    await expect(page.getByRole("alert", { name: /^HALTED/ }).filter(SHOWN)).toBeVisible();
    await page.screenshot({ path: "test-results/mobile/halted-feed.png" });
  });

  expect(failures).toEqual([]);
});

// "Connect Telegram" on the payment page, in Chromium against the production server: the signed-in
// subscriber gets the bot's one-time deep link, presses Start in Telegram (the fake Bot API, whose
// updates this spec posts to the server's webhook as Telegram would), pays, gets the VIP invite,
// is let in by the bot, and is removed when an admin ends the plan. Screenshots in test-results/.
import { randomBytes, randomInt } from "node:crypto";
import { forwardPort } from "./port-forward";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { startFakeTelegram, type TFakeTelegram } from "../test/fakes/telegram";
import { startFakeTronGrid, type TFakeTronGrid } from "../test/fakes/trongrid";
import { E2E_TELEGRAM } from "./telegram";

const TRON_PORT = Number(process.env.E2E_PORT ?? 3210) + 9;
const appKey: Record<string, string> = process.env.MOBILE_API_KEY ? { "X-API-KEY": process.env.MOBILE_API_KEY } : {};

let tg: TFakeTelegram;
let tron: TFakeTronGrid;
let stopProxy: () => Promise<void>;

test.beforeAll(async () => {
  tg = await startFakeTelegram({ port: E2E_TELEGRAM.port, token: E2E_TELEGRAM.token, botUsername: E2E_TELEGRAM.botUsername });
  tron = await startFakeTronGrid();
  stopProxy = await forwardPort(TRON_PORT, tron.apiUrl);
});

test.afterAll(async () => {
  await stopProxy();
  await tron.close();
  await tg.close();
});

async function registerSubscriber(request: APIRequestContext) {
  const tag = randomBytes(6).toString("hex");
  const res = await request.post("/api/auth/register", { data: { username: `tg_${tag}`, email: `tg-${tag}@verzek.test`, password: `pw-${tag}-Member` }, headers: appKey });
  expect(res.status()).toBe(201);
  return { token: ((await res.json()) as { access_token: string }).access_token };
}

/** Telegram posting what it has queued to our webhook, one update at a time. */
async function deliverUpdates(request: APIRequestContext): Promise<void> {
  for (const update of tg.takeUpdates()) {
    const res = await request.post("/api/telegram/webhook", { data: update, headers: { "x-telegram-bot-api-secret-token": E2E_TELEGRAM.webhookSecret, ...appKey } });
    expect(res.status(), await res.text()).toBe(200);
  }
}

const dmsTo = (userId: number) => tg.sentTo(userId).map((m) => m.text).join("\n---\n");

test("a subscriber connects Telegram on /pay, pays, gets the VIP invite, is let in by the bot, and is removed when the plan ends", async ({ page, request }) => {
  test.setTimeout(300_000);
  const subscriber = await registerSubscriber(request);
  const member = { id: randomInt(1_000_000_000, 2_000_000_000), username: `e2e_${randomBytes(3).toString("hex")}`, first_name: "E2E" };
  await page.goto(`/pay?token=${encodeURIComponent(subscriber.token)}&plan=vip`);

  const panel = page.getByTestId("connect-telegram");
  await expect(panel.getByRole("heading", { name: "Connect Telegram — the VIP group" })).toBeVisible();
  await expect(page.getByTestId("telegram-account")).toHaveText("Not connected");
  await expect(page.getByTestId("vip-group")).toHaveText("Included with VIP and PREMIUM — pay above to get the invite");
  await expect(page.getByTestId("invoice-amount")).toHaveText(/^49\.\d{6}$/);
  await panel.screenshot({ path: "test-results/connect-telegram-1-not-connected.png" });

  await panel.getByRole("button", { name: "Connect Telegram" }).click();
  const open = panel.getByRole("link", { name: `Open @${E2E_TELEGRAM.botUsername} in Telegram` });
  await expect(open).toHaveAttribute("href", new RegExp(`^https://t\\.me/${E2E_TELEGRAM.botUsername}\\?start=[A-Za-z0-9_-]{32}$`));
  await expect(panel).toContainText(/expires in 1[45]:\d\d/);
  await page.screenshot({ path: "test-results/connect-telegram-2-deep-link.png", fullPage: true });

  // In Telegram: the subscriber opens the link and presses Start.
  const startToken = new URL((await open.getAttribute("href"))!).searchParams.get("start")!;
  tg.pushPrivateMessage(member, `/start ${startToken}`);
  await deliverUpdates(request);
  await expect(page.getByTestId("telegram-account")).toHaveText(`✅ Connected as @${member.username}`);
  await expect(panel.getByRole("button", { name: "Connect a different Telegram account" })).toBeVisible();
  await expect.poll(() => dmsTo(member.id), { timeout: 90_000 }).toMatch(/Telegram connected to your Verzek account/);

  // Pays the invoice's exact amount; the watcher sees it on chain.
  const amount = (await page.getByTestId("invoice-amount").textContent())!;
  tron.addTransfer({ amountUsdt: amount, timestamp: Date.now() });
  await expect(page.getByTestId("invoice")).toContainText("✅ Payment Verified – Plan Activated", { timeout: 200_000 });
  await expect(page.getByTestId("vip-group")).toHaveText("Invite ready — ask to join", { timeout: 90_000 });
  const join = panel.getByRole("link", { name: "Join the VIP group" });
  await expect(join).toHaveAttribute("href", /^https:\/\/t\.me\/\+fake\d+$/);
  await page.screenshot({ path: "test-results/connect-telegram-3-invite.png", fullPage: true });
  await expect.poll(() => dmsTo(member.id), { timeout: 90_000 }).toMatch(/Your VIP plan is active[\s\S]*https:\/\/t\.me\/\+fake\d+/);

  // Asks to join through the link: the bot approves.
  tg.pushJoinRequest(E2E_TELEGRAM.vipChatId, member, (await join.getAttribute("href"))!);
  await deliverUpdates(request);
  await expect.poll(() => tg.memberStatus(E2E_TELEGRAM.vipChatId, member.id), { timeout: 90_000 }).toBe("member");
  await expect(page.getByTestId("vip-group")).toHaveText("✅ You are in the VIP group");
  await panel.screenshot({ path: "test-results/connect-telegram-4-member.png" });

  // The plan ends (an admin's downgrade): removed from the group, told how to renew.
  const login = await request.post("/api/auth/login", { data: { email: process.env.E2E_ADMIN_EMAIL, password: process.env.E2E_ADMIN_PASSWORD }, headers: appKey });
  const admin = ((await login.json()) as { access_token: string }).access_token;
  const me = (await (await request.get("/api/auth/me", { headers: { authorization: `Bearer ${subscriber.token}`, ...appKey } })).json()) as { user: { id: number } };
  const down = await request.put(`/api/users/${me.user.id}/subscription`, { data: { plan: "TRIAL", reason: "e2e: plan ended" }, headers: { authorization: `Bearer ${admin}`, ...appKey } });
  expect(down.status(), await down.text()).toBe(200);
  await expect.poll(() => tg.memberStatus(E2E_TELEGRAM.vipChatId, member.id), { timeout: 90_000 }).toBe("left");
  await expect.poll(() => dmsTo(member.id), { timeout: 90_000 }).toMatch(/removed from the VIP group\. Renew here/);
});

test("the panel says when it cannot load, and retries; a refused link says why", async ({ page, request }) => {
  const subscriber = await registerSubscriber(request);
  let failing = true;
  await page.route("**/api/membership/me", (route) =>
    failing ? route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: "service_unavailable", message: "Database restarting" }) }) : route.fallback(),
  );
  await page.route("**/api/membership/telegram/link", (route) =>
    route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: "service_unavailable", message: "Telegram linking is not configured (TELEGRAM_BOT_USERNAME)" }) }),
  );
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/pay?token=${encodeURIComponent(subscriber.token)}`);
  const panel = page.getByTestId("connect-telegram");
  await expect(panel.getByRole("alert")).toContainText("Could not load your Telegram connection: Database restarting");
  await panel.screenshot({ path: "test-results/connect-telegram-error.png" });
  failing = false;
  await panel.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByTestId("telegram-account")).toHaveText("Not connected");
  await panel.getByRole("button", { name: "Connect Telegram" }).click();
  await expect(panel.getByRole("alert")).toHaveText("Telegram linking is not configured (TELEGRAM_BOT_USERNAME)");
  // Phone width: nothing overflows sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test("without signing in, the page explains where Connect Telegram is", async ({ page }) => {
  await page.goto("/pay?email=someone%40verzek.test");
  const section = page.getByRole("region", { name: "Connect Telegram — the VIP group" });
  await expect(section).toContainText("Open this page from the Verzek app (signed in)");
  await expect(section.getByRole("button")).toHaveCount(0);
});

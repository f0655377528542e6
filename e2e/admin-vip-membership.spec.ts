// The operator and the VIP group (issue 19) through the dashboard: a user's VIP membership on their
// page (linked Telegram account, in the group, last invite) and a re-sent invite; then a member
// whose plan ended but whose removal Telegram refused shows as unauthorized — on the user page and
// on the VIP group screen — and is removed from there. The fake Bot API plays Telegram; its updates
// are posted to the server's webhook as Telegram would.
import { randomBytes, randomInt } from "node:crypto";
import { expect, test, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";
import { startFakeTelegram, type TFakeTelegram, type TFakeUser } from "../test/fakes/telegram";
import { E2E_TELEGRAM } from "./telegram";

const appKey: Record<string, string> = process.env.MOBILE_API_KEY ? { "X-API-KEY": process.env.MOBILE_API_KEY } : {};
let tg: TFakeTelegram;

test.beforeAll(async () => {
  tg = await startFakeTelegram({ port: E2E_TELEGRAM.port, token: E2E_TELEGRAM.token, botUsername: E2E_TELEGRAM.botUsername });
});
test.afterAll(async () => tg.close());
test.use({ viewport: { width: 1280, height: 900 } });

const shot = (page: Page, info: TestInfo, name: string) => page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: true });
const dialog = (page: Page) => page.getByRole("dialog");
const auth = (token: string) => ({ authorization: `Bearer ${token}`, ...appKey });

async function deliverUpdates(request: APIRequestContext): Promise<void> {
  for (const update of tg.takeUpdates()) {
    const res = await request.post("/api/telegram/webhook", { data: update, headers: { "x-telegram-bot-api-secret-token": E2E_TELEGRAM.webhookSecret, ...appKey } });
    expect(res.status(), await res.text()).toBe(200);
  }
}

async function adminToken(request: APIRequestContext): Promise<string> {
  const res = await request.post("/api/auth/login", { data: { email: process.env.E2E_ADMIN_EMAIL, password: process.env.E2E_ADMIN_PASSWORD }, headers: appKey });
  return ((await res.json()) as { access_token: string }).access_token;
}

/** A registered user with a linked Telegram account, made VIP by the admin and let into the group. */
async function vipMember(request: APIRequestContext, admin: string) {
  const t = randomBytes(4).toString("hex");
  const reg = await request.post("/api/auth/register", { data: { username: `vipm_${t}`, email: `vipm-${t}@verzek.test`, password: `pw-${t}-Member` }, headers: appKey });
  expect(reg.status()).toBe(201);
  const { access_token: token, user } = (await reg.json()) as { access_token: string; user: { id: number; username: string } };
  const member: TFakeUser = { id: randomInt(2_000_000_000, 3_000_000_000), username: `vip_${t}`, first_name: "VIP" };
  const link = (await (await request.post("/api/membership/telegram/link", { headers: auth(token) })).json()) as { token: string };
  tg.pushPrivateMessage(member, `/start ${link.token}`);
  await deliverUpdates(request);
  const up = await request.put(`/api/users/${user.id}/subscription`, { data: { plan: "VIP", reason: "e2e" }, headers: auth(admin) });
  expect(up.status(), await up.text()).toBe(200);
  await expect.poll(() => tg.sentTo(member.id).map((m) => m.text).join("\n"), { timeout: 90_000 }).toMatch(/Your VIP plan is active[\s\S]*https:\/\/t\.me\/\+fake/);
  tg.pushJoinRequest(E2E_TELEGRAM.vipChatId, member);
  await deliverUpdates(request);
  await expect.poll(() => tg.memberStatus(E2E_TELEGRAM.vipChatId, member.id), { timeout: 90_000 }).toBe("member");
  return { user, token, member };
}

async function signInAdmin(page: Page) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(process.env.E2E_ADMIN_EMAIL!);
  await page.getByLabel("Password").fill(process.env.E2E_ADMIN_PASSWORD!);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
}

test("the user page shows a VIP member's Telegram account and invite, and re-sends the invite; an unauthorized member is removed from the VIP group screen", async ({ page, request }, info) => {
  test.setTimeout(240_000);
  const admin = await adminToken(request);
  const { user, member } = await vipMember(request, admin);
  await signInAdmin(page);

  await page.goto(`/admin/users/${user.id}`);
  const section = page.getByRole("region", { name: "VIP membership" });
  await expect(section).toContainText(`@${member.username} (id ${member.id})`);
  await expect(section).toContainText("yes (VIP or PREMIUM, unexpired)");
  await expect(section).toContainText(/member \(as of \d{4}-\d\d-\d\d \d\d:\d\d UTC\)/);
  await expect(section).toContainText(/Last invite\s*Sent \d{4}-/);
  await expect(section.getByRole("button", { name: "Remove from the VIP group…" })).toBeDisabled();
  await shot(page, info, "user-vip-membership");

  const before = tg.sentTo(member.id).length;
  await section.getByRole("button", { name: "Re-send the VIP invite…" }).click();
  await expect(dialog(page)).toContainText(`The bot DMs @${member.username} the VIP group's join-request link again`);
  await dialog(page).getByRole("button", { name: "Re-send the invite" }).click();
  await expect(page.getByText("The VIP invite is on its way", { exact: true })).toBeVisible();
  await expect.poll(() => tg.sentTo(member.id).length, { timeout: 90_000 }).toBe(before + 1);

  // The plan ends, but Telegram refuses the removal (the bot lost its admin rights for a moment).
  tg.failNext(1, { code: 400, description: "Bad Request: not enough rights to restrict/unrestrict chat member", method: "banChatMember" });
  const down = await request.put(`/api/users/${user.id}/subscription`, { data: { plan: "TRIAL", reason: "e2e: refunded" }, headers: auth(admin) });
  expect(down.status()).toBe(200);
  await expect.poll(() => tg.calls.filter((c) => c.method === "banChatMember" && Number(c.params.user_id) === member.id).length, { timeout: 90_000 }).toBe(1);
  await page.reload();
  await expect(section.getByRole("alert")).toHaveText("In the VIP group without an active paid plan.");
  await expect(section).toContainText(/Last removal\s*Queued .* retrying: 400: Bad Request: not enough rights/);
  await shot(page, info, "user-vip-unauthorized");

  await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "VIP group", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "VIP group" })).toBeVisible();
  const row = page.getByTestId("unauthorized-members").getByRole("row").filter({ hasText: `@${member.username}` });
  await expect(row).toContainText(user.username);
  await expect(row).toContainText("not enough rights");
  await shot(page, info, "vip-group-unauthorized");
  await row.getByRole("button", { name: "Remove…" }).click();
  await dialog(page).getByRole("button", { name: "Remove" }).click();
  await expect(page.getByText("Removal queued: the bot removes them shortly", { exact: true })).toBeVisible();
});

test("the VIP group screen says when its list cannot be loaded, and loads it on Try again", async ({ page }, info) => {
  await signInAdmin(page);
  let failing = true;
  // The list's request fails on the network (the server is unreachable for a moment).
  await page.route((url) => url.pathname.startsWith("/api/trpc/") && url.pathname.includes("membership.unauthorized"), (route) => (failing ? route.abort("connectionrefused") : route.fallback()));
  await page.goto("/admin/membership");
  const section = page.getByRole("region", { name: "In the group without a paid plan" });
  // After React Query's three retries.
  await expect(section.getByRole("alert")).toBeVisible({ timeout: 30_000 });
  await shot(page, info, "vip-group-error");
  failing = false;
  await section.getByRole("button", { name: "Try again" }).click();
  await expect(section.getByRole("alert")).toHaveCount(0);
  await expect(section.getByRole("table").or(section.getByText("Nobody is in the VIP group without a paid plan."))).toBeVisible();
});

test("the VIP group screen updates live: a stranger joining shows, and leaving goes, without a reload or a poll", async ({ page, request }, info) => {
  await signInAdmin(page);
  await page.goto("/admin/membership");
  await expect(page.getByTestId("live-feed")).toHaveText("● Live");
  const section = page.getByRole("region", { name: "In the group without a paid plan" });
  await expect(section.getByRole("table").or(section.getByText("Nobody is in the VIP group without a paid plan."))).toBeVisible();
  // A reload would drop this marker; the fallback poll (30 s) only runs while the stream is down.
  await page.evaluate(() => ((window as unknown as { e2eNoReload: boolean }).e2eNoReload = true));

  const stranger = { id: randomInt(3_000_000_000, 4_000_000_000), is_bot: false, username: `stranger_${randomBytes(3).toString("hex")}`, first_name: "Stranger" };
  const memberUpdate = async (status: string) => {
    const update = { update_id: randomInt(1, 2 ** 31 - 1), chat_member: { chat: { id: Number(E2E_TELEGRAM.vipChatId), type: "supergroup" }, date: Math.floor(Date.now() / 1000), new_chat_member: { status, user: stranger } } };
    const res = await request.post("/api/telegram/webhook", { data: update, headers: { "x-telegram-bot-api-secret-token": E2E_TELEGRAM.webhookSecret, ...appKey } });
    expect(res.status(), await res.text()).toBe(200);
  };

  await memberUpdate("member");
  const row = page.getByTestId("unauthorized-members").getByRole("row").filter({ hasText: `@${stranger.username}` });
  await expect(row).toContainText("not linked", { timeout: 10_000 });
  await shot(page, info, "vip-group-live-joined");

  await new Promise((r) => setTimeout(r, 1100)); // Telegram's dates are in seconds: the leave is newer
  await memberUpdate("left");
  await expect(row).toHaveCount(0, { timeout: 10_000 });
  expect(await page.evaluate(() => (window as unknown as { e2eNoReload?: boolean }).e2eNoReload)).toBe(true);
});

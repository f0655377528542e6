// The operator dashboard's door: who gets into /admin and what everyone else sees instead.
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";

const ADMIN_EMAIL = process.env.E2E_ADMIN_EMAIL!;
const ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD!;

async function signInThroughForm(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

const onLoginPage = /\/login(\?|$)/;

// Inside <main>: Next's route announcer is also a role="alert" element, outside it.
const refusal = (page: Page) => page.getByRole("main").getByRole("alert");

test("an admin signs in and sees the operator overview", async ({ page }, testInfo) => {
  await page.goto("/admin");
  await expect(page).toHaveURL(onLoginPage);

  await signInThroughForm(page, ADMIN_EMAIL, ADMIN_PASSWORD);

  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  for (const id of ["users-total", "users-trial", "users-vip", "users-premium"]) {
    await expect(page.getByTestId(id)).toHaveText(/^\d+$/);
  }
  // Loaded client-side through tRPC with the session cookie.
  await expect(page.getByTestId("signed-in-as")).toContainText(ADMIN_EMAIL);

  await page.screenshot({ path: testInfo.outputPath("admin-overview.png"), fullPage: true });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(onLoginPage);
  await page.goto("/admin");
  await expect(page).toHaveURL(onLoginPage);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await page.goto("/login");

  await signInThroughForm(page, ADMIN_EMAIL, `${ADMIN_PASSWORD}-wrong`);

  await expect(page).toHaveURL(/\/login\?error=invalid_credentials/);
  await expect(refusal(page)).toHaveText("Invalid email or password.");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await page.goto("/admin");
  await expect(page).toHaveURL(onLoginPage);
});

test("a subscriber without the admin role is refused", async ({ page, request }) => {
  const tag = randomBytes(6).toString("hex");
  const subscriber = { username: `e2e_${tag}`, email: `subscriber-${tag}@verzek.test`, password: `pw-${tag}-Subscriber` };
  const headers = process.env.MOBILE_API_KEY ? { "X-API-KEY": process.env.MOBILE_API_KEY } : undefined;
  const registered = await request.post("/api/auth/register", { data: subscriber, headers });
  expect(registered.status()).toBe(201);

  await page.goto("/login");
  await signInThroughForm(page, subscriber.email, subscriber.password);

  // The refusal is the sign-in page's content. After the server action's redirect chain
  // (/admin → the proxy → /login) Next sometimes leaves /admin in the address bar, so the page,
  // not the URL, is what we check.
  await expect(refusal(page)).toHaveText("This account has no access to the operator dashboard.");
  await expect(page.getByRole("heading", { name: "Overview" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
});

test("an anonymous visitor of /admin is sent to sign in", async ({ page }) => {
  await page.goto("/admin");

  await expect(page).toHaveURL(onLoginPage);
  await expect(page.getByRole("heading", { name: "Operator sign-in" })).toBeVisible();
  await expect(refusal(page)).toHaveCount(0);
  await expect(page.getByLabel("Email")).toBeVisible();
});

// Every page is sent with a nonce CSP it actually keeps: no violation in the console, Next's scripts
// carry the request's nonce, the page still works (the sign-in form, the dashboard's tRPC data, the
// payment page's plans); no page can be framed; API answers carry nosniff and 405s say what is allowed.
import { expect, test, type Page } from "@playwright/test";

const ADMIN_EMAIL = process.env.E2E_ADMIN_EMAIL!;
const ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD!;

/** CSP violations as the browser reports them: the console message and the DOM event. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(m.text())) seen.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`Refused to execute (CSP event): ${e.violatedDirective} ${e.blockedURI}`));
  });
  return seen;
}

async function expectPageHeaders(page: Page, path: string): Promise<string> {
  const res = await page.request.get(path, { maxRedirects: 0 });
  const h = res.headers();
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(h["content-security-policy"] ?? "")?.[1];
  expect(nonce, `${path} sends a nonce CSP`).toBeTruthy();
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["content-security-policy"]).not.toContain("unsafe-eval");
  expect(h).toMatchObject({
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "strict-transport-security": "max-age=31536000",
  });
  expect(h["permissions-policy"]).toContain("camera=()");
  return nonce!;
}

/** Next's scripts carry this response's nonce (the DOM hides the attribute; the property keeps it). */
async function scriptNonces(page: Page): Promise<string[]> {
  return page.evaluate(() => [...new Set([...document.querySelectorAll("script")].map((s) => s.nonce ?? ""))]);
}

test("/, /login and /pay load under a nonce CSP with no violation, and still work", async ({ page }) => {
  const violations = await watchViolations(page);
  for (const path of ["/", "/login", "/pay?email=someone%40verzek.test"]) {
    const first = await expectPageHeaders(page, path);
    expect(await expectPageHeaders(page, path)).not.toBe(first); // fresh per request
    const res = await page.goto(path);
    const nonce = /'nonce-([^']+)'/.exec(res!.headers()["content-security-policy"] ?? "")![1]!;
    expect(await scriptNonces(page)).toEqual([nonce]);
  }
  // Hydrated under the CSP: the payment page's client code chose a plan and shows its price.
  await expect(page.getByRole("heading", { name: "Upgrade with USDT" })).toBeVisible();
  await page.getByRole("radio", { name: /PREMIUM/ }).check();
  await expect(page.getByTestId("amount")).toHaveText(/USDT$/);
  expect(violations).toEqual([]);
});

test("the admin signs in and the dashboard loads its tRPC data under the CSP, with no violation", async ({ page }, testInfo) => {
  const violations = await watchViolations(page);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/login(\?|$)/);
  await page.getByLabel("Email").fill(ADMIN_EMAIL);
  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByTestId("signed-in-as")).toContainText(ADMIN_EMAIL);
  await expectPageHeaders(page, "/admin");
  await page.screenshot({ path: testInfo.outputPath("admin-under-csp.png"), fullPage: true });
  expect(violations).toEqual([]);
});

test("no page can be framed: a framing page sees the frame refused", async ({ page }) => {
  const refused: string[] = [];
  page.on("console", (m) => refused.push(m.text()));
  await page.goto("/api/ping"); // any same-origin document to host the frame
  await page.evaluate(() => {
    document.body.innerHTML = '<iframe id="f" src="/admin"></iframe><iframe id="g" src="/login"></iframe>';
  });
  await expect.poll(() => refused.filter((t) => /frame-ancestors|X-Frame-Options/i.test(t)).length).toBeGreaterThanOrEqual(2);
});

test("API answers carry nosniff; a method a route does not answer is a 405 {error, message} with Allow", async ({ request }) => {
  const ping = await request.get("/api/ping");
  expect(ping.headers()["x-content-type-options"]).toBe("nosniff");
  const res = await request.delete("/api/ping");
  expect(res.status()).toBe(405);
  expect(res.headers()["allow"]).toBe("GET, HEAD, OPTIONS");
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  expect(await res.json()).toMatchObject({ error: "method_not_allowed", message: expect.stringContaining("GET") });
});

// Who is refused by the operator's dashboard (issue 13): a subscriber and a signed-out visitor, on
// every /admin page and every admin tRPC procedure. Both lists come from the code, not from this
// file: the pages from app/admin's page.tsx files, the procedures from the app's tRPC router and
// the access each was built with (server/trpc/init.ts), so a new page or procedure is covered the
// day it is added.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { procedureAccess } from "../server/trpc/root";

const appKey = process.env.MOBILE_API_KEY ? { "X-API-KEY": process.env.MOBILE_API_KEY } : undefined;
const REFUSED = "This account has no access to the operator dashboard.";

// A dynamic page is visited at one sample address; a new one without a sample fails the test.
const SAMPLES: Record<string, string> = {
  "/admin/reports/[date]": "/admin/reports/2026-01-01",
  "/admin/review/[id]": "/admin/review/1",
  "/admin/signals/[id]": "/admin/signals/00000000-0000-4000-8000-000000000000",
  "/admin/users/[id]": "/admin/users/1",
};

/** Every page.tsx under app/admin as its route (folders starting with _ or ( are not segments). */
function adminPages(dir = path.join("app", "admin"), route = "/admin"): string[] {
  const pages: string[] = fs.existsSync(path.join(dir, "page.tsx")) ? [route] : [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith("_")) continue;
    const segment = entry.name.startsWith("(") ? "" : `/${entry.name}`;
    pages.push(...adminPages(path.join(dir, entry.name), `${route}${segment}`));
  }
  return pages;
}

const PAGES = adminPages().map((p) => {
  const sample = p.includes("[") ? SAMPLES[p] : p;
  if (!sample) throw new Error(`${p}: give it a sample address in SAMPLES (e2e/admin-access.spec.ts)`);
  return sample;
});
const PROCEDURES = procedureAccess();
const ADMIN_PROCEDURES = PROCEDURES.filter((p) => p.access === "admin");

/** No input: the access check runs before the input is read, so none is needed to be refused. */
function call(request: APIRequestContext, procedure: { path: string; type: string }) {
  const url = `/api/trpc/${procedure.path}`;
  return procedure.type === "mutation" ? request.post(url, { data: {} }) : request.get(url);
}

test("the lists are the whole dashboard: every page and procedure has a known access", () => {
  expect(PAGES.length).toBeGreaterThanOrEqual(16);
  expect(PAGES).toContain("/admin/audit");
  expect(PROCEDURES.filter((p) => !p.access).map((p) => p.path), "built on publicProcedure, protectedProcedure or adminProcedure").toEqual([]);
  expect(PROCEDURES.filter((p) => p.type === "subscription").map((p) => p.path)).toEqual([]);
  expect(ADMIN_PROCEDURES.length).toBeGreaterThanOrEqual(50);
  // Everything a subscriber may call: a new entry here is a decision, not an accident of a copied line.
  expect(PROCEDURES.filter((p) => p.access !== "admin").map((p) => `${p.path} (${p.access})`)).toEqual([
    "exchanges.balance (user)",
    "exchanges.connect (user)",
    "exchanges.delete (user)",
    "exchanges.leverage (user)",
    "exchanges.me (user)",
    "exchanges.setLeverage (user)",
    "exchanges.validate (user)",
    "me.get (user)",
    "me.settings (user)",
    "me.subscription (user)",
    "me.updateSettings (user)",
    "membership.linkTelegram (user)",
    "membership.me (user)",
    "payments.byId (public)",
    "payments.initiate (public)",
    "payments.invoice (user)",
    "payments.invoiceById (user)",
    "payments.mine (user)",
    "payments.myInvoices (user)",
    "payments.plans (public)",
    "safety.limits (user)",
    "safety.status (user)",
    "safety.updateLimits (user)",
    "safety.widget (user)",
    "trading.close (user)",
    "trading.execute (user)",
    "trading.history (user)",
    "trading.market (user)",
    "trading.orders (user)",
    "trading.positions (user)",
    "trading.preview (user)",
    "trading.recordTrade (user)",
    "trading.trades (user)",
    "trading.userPositions (user)",
  ]);
});

test("a subscriber is refused on every /admin page and every admin procedure", async ({ page, request }) => {
  test.setTimeout(180_000);
  const t = randomBytes(4).toString("hex");
  const user = { username: `acc_${t}`, email: `acc-${t}@verzek.test`, password: `pw-${t}-Subscriber` };
  expect((await request.post("/api/auth/register", { data: user, headers: appKey })).status()).toBe(201);
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Inside <main>: Next's route announcer is also a role="alert" element, outside it.
  const refusal = page.getByRole("main").getByRole("alert");
  await expect(refusal).toHaveText(REFUSED);
  for (const p of PAGES) {
    await page.goto(p);
    await expect(refusal, p).toHaveText(REFUSED);
    await expect(page.getByRole("navigation", { name: "Dashboard" }), p).toHaveCount(0);
  }
  // The session cookie goes with page.request: the subscriber is signed in, and not an admin.
  expect((await page.request.get("/api/trpc/me.get")).status()).toBe(200);
  const answers = [];
  for (const p of ADMIN_PROCEDURES) answers.push(`${p.path} ${(await call(page.request, p)).status()}`);
  expect(answers).toEqual(ADMIN_PROCEDURES.map((p) => `${p.path} 403`));
  // The dashboard's live stream, with the same cookie: refused before any stream opens.
  const live = await page.request.get("/api/admin/live");
  expect([live.status(), (await live.json()) as unknown]).toEqual([403, { error: "forbidden", message: expect.any(String) }]);
});

test("a signed-out visitor is sent to sign in from every /admin page, and every admin or user procedure answers 401", async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext();
  const visitor = await context.newPage();
  for (const p of PAGES) {
    await visitor.goto(p);
    await expect(visitor, p).toHaveURL(/\/login/);
    await expect(visitor.getByRole("heading", { name: "Operator sign-in" })).toBeVisible();
  }
  const closed = PROCEDURES.filter((p) => p.access !== "public");
  const answers = [];
  for (const p of closed) answers.push(`${p.path} ${(await call(visitor.request, p)).status()}`);
  expect(answers).toEqual(closed.map((p) => `${p.path} 401`));
  await context.close();
});

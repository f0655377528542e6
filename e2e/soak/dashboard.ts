// The operator's browser: Debian's Chromium signed in to /admin, reloaded between rounds. The
// dashboard counts as served when /admin shows the overview with its numbers and the signed-in
// admin (loaded through tRPC with the session cookie) — not the sign-in page, not "no access".
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import { CHROMIUM_LAUNCH_OPTIONS } from "../chromium";

export type TDashboard = {
  /** Reloads /admin; null when the overview was served, else what was shown instead. */
  reload: () => Promise<string | null>;
  loads: number;
  failures: string[];
  close: () => Promise<void>;
};

export async function signInToDashboard(base: string, admin: { email: string; password: string }, artifacts: string): Promise<TDashboard> {
  const browser: Browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  const page = await browser.newPage({ baseURL: base });
  page.setDefaultTimeout(60_000);
  const dashboard: TDashboard = {
    loads: 0,
    failures: [],
    reload: async () => record(dashboard, page, artifacts, async () => void (await page.goto("/admin"))),
    close: () => browser.close(),
  };
  try {
    await page.goto("/admin");
    await page.waitForURL(/\/login(\?|$)/);
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    // A sign-in that lands elsewhere is recorded as a failed load; the soak goes on and tries again each round.
    await record(dashboard, page, artifacts, async () => {
      await page.getByRole("button", { name: "Sign in" }).click();
      // The form stays on screen until the server action's redirect lands (/admin, or /login?error=…).
      await page.waitForURL((u) => u.pathname !== "/login" || u.searchParams.has("error"));
    });
    return dashboard;
  } catch (err) {
    await browser.close();
    throw err;
  }
}

async function record(d: TDashboard, page: Page, artifacts: string, navigate: () => Promise<void>): Promise<string | null> {
  d.loads++;
  let failure: string | null;
  try {
    await navigate();
    failure = await overviewProblem(page);
  } catch (err) {
    failure = `no page: ${String(err).split("\n")[0]}`;
  }
  if (failure) {
    const shot = path.join(artifacts, `dashboard-${d.loads}.png`);
    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
    d.failures.push(`load ${d.loads} at ${new Date().toISOString()}: ${failure} (screenshot ${shot})`);
  }
  return failure;
}

async function overviewProblem(page: Page): Promise<string | null> {
  const overview = page.getByRole("heading", { name: "Overview" });
  const refusal = page.getByRole("main").getByRole("alert");
  const signIn = page.getByRole("heading", { name: "Operator sign-in" });
  await overview.or(signIn).or(refusal).first().waitFor({ timeout: 60_000 });
  if (await refusal.count()) return `refused: "${(await refusal.first().innerText()).trim()}" at ${page.url()}`;
  if (await signIn.count()) return `the sign-in page at ${page.url()}`;
  if (!/\/admin$/.test(new URL(page.url()).pathname)) return `overview at an unexpected address ${page.url()}`;
  const total = (await page.getByTestId("users-total").innerText()).trim();
  if (!/^\d+$/.test(total)) return `subscriber count "${total}" is not a number`;
  try {
    await page.getByTestId("signed-in-as").filter({ hasText: "@" }).waitFor({ timeout: 30_000 });
  } catch {
    const expired = await page.getByText("session expired").count();
    return `the signed-in admin did not load through tRPC${expired ? ': "session expired"' : ""}`;
  }
  return null;
}

// End-to-end of the Expo app (mobile/) against the real platform: `npm start` (the production build,
// embedded PGlite, a fresh data folder), the app's web export built pointed at it and served as
// static files, and Debian's Chromium driving the app as a subscriber would. Run `npm run build`
// first; `npm run e2e:mobile` from the repository root runs it (mobile/ needs `npm install`).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { FAKE_RECEIVING_ADDRESS } from "../../test/fakes/trongrid";
import { CHROMIUM_LAUNCH_OPTIONS } from "../chromium";
import { MOBILE_E2E } from "./ports";

const repoRoot = path.resolve(import.meta.dirname, "../..");
// On the embedded PGlite, as a newcomer runs it (a DATABASE_URL in the shell would be used instead).
delete process.env.DATABASE_URL;

// Generated once in the runner; workers inherit the environment (see ../../playwright.config.ts).
process.env.E2E_ADMIN_EMAIL ??= "admin-mobile-e2e@verzek.test";
process.env.E2E_ADMIN_PASSWORD ??= randomBytes(18).toString("base64url");
if (!process.env.E2E_MOBILE_DATA_DIR) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "verzek-mobile-e2e-"));
  process.env.E2E_MOBILE_DATA_DIR = dataDir;
  process.once("exit", () => fs.rmSync(dataDir, { recursive: true, force: true }));
}

export default defineConfig({
  testDir: ".",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: "list",
  outputDir: path.join(repoRoot, "test-results", "mobile"),
  timeout: 300_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL: MOBILE_E2E.webUrl,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "mobile-web",
      // A phone-sized window: the app is laid out for one.
      use: { ...devices["Desktop Chrome"], viewport: { width: 412, height: 915 }, launchOptions: CHROMIUM_LAUNCH_OPTIONS },
    },
  ],
  webServer: [
    {
      command: "npm start",
      cwd: repoRoot,
      url: `${MOBILE_E2E.platformUrl}/api/ping`,
      reuseExistingServer: false,
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      timeout: 180_000,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        PORT: String(MOBILE_E2E.platformPort),
        DATA_DIR: process.env.E2E_MOBILE_DATA_DIR,
        ADMIN_EMAIL: process.env.E2E_ADMIN_EMAIL,
        ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD,
        LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
        // The app's origin: under NODE_ENV=production only CORS_ORIGINS may call from a browser.
        CORS_ORIGINS: MOBILE_E2E.webUrl,
        APP_URL: MOBILE_E2E.platformUrl,
        // Prices for the paper engine and the payment chain come from the fakes the spec starts.
        BINANCE_FUTURES_BASE: `http://127.0.0.1:${MOBILE_E2E.binancePort}`,
        TRON_API_URL: `http://127.0.0.1:${MOBILE_E2E.tronPort}`,
        USDT_TRC20_ADDRESS: FAKE_RECEIVING_ADDRESS,
      },
    },
    {
      // Builds the export (4–5 minutes cold on a busy 2-core machine, seconds warm), then serves it.
      command: "npx tsx e2e/mobile/web-export.ts",
      cwd: repoRoot,
      url: MOBILE_E2E.webUrl,
      reuseExistingServer: false,
      timeout: 15 * 60_000,
      stdout: "pipe",
      stderr: "pipe",
    },
  ],
});

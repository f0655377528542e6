// End-to-end: Debian's Chromium against the production server (`npm start`) on a fresh data
// folder. By default the launcher runs an embedded PGlite there. With E2E_DATABASE_URL (a
// PostgreSQL server, e.g. postgresql://postgres@127.0.0.1:5432/postgres) the run gets a new empty
// database on that server, dropped when the run ends (E2E_KEEP_DATABASE=1 keeps it to look into).
// Run `npm run build` first (npm start only builds when .next is missing).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_LAUNCH_OPTIONS } from "./e2e/chromium";
import { createRunDatabase, dropRunDatabase } from "./e2e/database";
import { E2E_TELEGRAM } from "./e2e/telegram";
import { FAKE_RECEIVING_ADDRESS } from "./test/fakes/trongrid";

// E2E_PORT lets two checkouts run their e2e suites side by side; the fake TronGrid sits 9 above,
// the fake Telegram 8 above.
const PORT = Number(process.env.E2E_PORT ?? 3210);
const BASE_URL = `http://127.0.0.1:${PORT}`;
// The payment spec serves the fake TronGrid here (e2e/payment-page.spec.ts); the server's TRC-20
// provider is pointed at it, and pays to the fake's receiving address.
const E2E_TRON_PORT = PORT + 9;
// The operations and membership specs serve the fake Telegram Bot API here (e2e/admin-operations,
// connect-telegram, admin-vip-membership) and post channel posts, private messages, join requests
// to the server's webhook. The VIP and TRIAL group ids are configured (e2e/telegram.ts); a spec
// whose fake is not running leaves what it queued for them waiting in the outbox.
const E2E_TELEGRAM_PORT = E2E_TELEGRAM.port;
process.env.E2E_TELEGRAM_TOKEN ??= "424242:E2E-FAKE-TOKEN";
process.env.E2E_TELEGRAM_SECRET ??= randomBytes(18).toString("base64url");
process.env.E2E_SIGNAL_CHANNEL_ID ??= "-1009990001";

// Playwright loads this file in the runner and again in each worker; workers inherit the runner's
// environment, so values generated once here (`??=`) are the same wherever they are read.
process.env.E2E_ADMIN_EMAIL ??= "admin-e2e@verzek.test";
process.env.E2E_ADMIN_PASSWORD ??= randomBytes(18).toString("base64url");
if (!process.env.E2E_DATA_DIR) {
  // Only the runner gets here (workers inherit the variable): it owns the folder and removes it
  // on exit, after Playwright has stopped the server (a PGlite run leaves ~40 MB otherwise).
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "verzek-e2e-"));
  process.env.E2E_DATA_DIR = dataDir;
  process.once("exit", () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const serverUrl = process.env.E2E_DATABASE_URL;
  if (serverUrl) {
    const database = createRunDatabase(serverUrl);
    process.env.E2E_RUN_DATABASE_URL = database.url;
    console.log(`e2e on PostgreSQL: database ${database.name}`);
    if (!process.env.E2E_KEEP_DATABASE) process.once("exit", () => dropRunDatabase(serverUrl, database.name));
  }
}
// A DATABASE_URL of the caller's is used as it is (that database, shared with whatever else uses it).
const DATABASE_URL = process.env.E2E_RUN_DATABASE_URL ?? process.env.DATABASE_URL;

// The dashboard's screenshots (e2e/admin-dashboard.spec.ts: each screen at 1280 px, and with the
// HALTED banner), kept as one folder of artifacts; Playwright empties test-results/ at each run.
process.env.E2E_SCREENS_DIR ??= path.resolve("test-results", "screens");

// `next start` runs with NODE_ENV=production, which refuses to invent secrets. On PGlite the
// launcher supplies the local ones from DATA_DIR; against a PostgreSQL server we supply them.
const serverSecrets: Record<string, string> = DATABASE_URL
  ? {
      JWT_SECRET: process.env.JWT_SECRET || randomBytes(48).toString("base64url"),
      SECRETS_KEY: process.env.SECRETS_KEY || randomBytes(32).toString("base64"),
      AUTH_SECRET: process.env.AUTH_SECRET || randomBytes(48).toString("base64url"),
    }
  : {};

export default defineConfig({
  testDir: "e2e",
  // The Expo app's end-to-end run has its own config (e2e/mobile/playwright.config.ts, `npm run e2e:mobile`).
  testIgnore: "mobile/**",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: "list",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: CHROMIUM_LAUNCH_OPTIONS,
      },
    },
  ],
  webServer: {
    command: "npm start",
    url: `${BASE_URL}/login`,
    reuseExistingServer: false,
    // SIGTERM reaches the launcher, which stops Next and then closes PGlite cleanly.
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      DATA_DIR: process.env.E2E_DATA_DIR,
      ADMIN_EMAIL: process.env.E2E_ADMIN_EMAIL,
      ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD,
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
      TRON_API_URL: `http://127.0.0.1:${E2E_TRON_PORT}`,
      USDT_TRC20_ADDRESS: FAKE_RECEIVING_ADDRESS,
      TELEGRAM_BOT_TOKEN: E2E_TELEGRAM.token,
      TELEGRAM_API_ROOT: `http://127.0.0.1:${E2E_TELEGRAM_PORT}`,
      TELEGRAM_WEBHOOK_SECRET: E2E_TELEGRAM.webhookSecret,
      SIGNAL_CHANNEL_ID: process.env.E2E_SIGNAL_CHANNEL_ID,
      // The VIP and TRIAL groups of e2e/connect-telegram.spec.ts and admin-vip-membership.spec.ts.
      TELEGRAM_BOT_USERNAME: E2E_TELEGRAM.botUsername,
      VIP_CHAT_ID: E2E_TELEGRAM.vipChatId,
      TRIAL_CHAT_ID: E2E_TELEGRAM.trialChatId,
      APP_URL: BASE_URL,
      ...(DATABASE_URL ? { DATABASE_URL } : {}),
      ...serverSecrets,
    },
  },
});

// The fake Bot API of the e2e run: playwright.config.ts points the server at it, and the specs that
// need Telegram start it (connect-telegram, admin-vip-membership, admin-operations). Telegram's
// updates reach the server through its webhook route with this secret, as in production. It sits 8
// above the app's port (TronGrid's fake: 9). Generated once in the runner; workers inherit the env.
import { randomBytes } from "node:crypto";

process.env.E2E_TELEGRAM_TOKEN ??= "424242:E2E-FAKE-TOKEN";
process.env.E2E_TELEGRAM_SECRET ??= randomBytes(18).toString("base64url");

export const E2E_TELEGRAM = {
  port: Number(process.env.E2E_PORT ?? 3210) + 8,
  token: process.env.E2E_TELEGRAM_TOKEN,
  botUsername: "verzek_e2e_bot",
  webhookSecret: process.env.E2E_TELEGRAM_SECRET,
  vipChatId: "-1004242000001",
  trialChatId: "-1004242000002",
};

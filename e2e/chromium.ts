// Debian's Chromium (`apt-get install chromium`) as Playwright launches it here: Playwright's own
// browser download is unreachable, and the flags keep a root, offline run quiet. Shared by
// playwright.config.ts and the soak test (e2e/soak/).
import type { LaunchOptions } from "@playwright/test";

export const CHROMIUM_LAUNCH_OPTIONS = {
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
  ],
} satisfies LaunchOptions;

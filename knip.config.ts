// `npm run lint:unused`: exports, files and dependencies nothing uses. Entries are path patterns, so
// a file moving between server/ folders needs no change here. Next.js routes, layouts and pages
// (app/**), instrumentation.ts and proxy.ts come from knip's Next plugin; test files and their setup
// from the Vitest plugin; e2e/ from the Playwright plugin; package.json scripts (the launcher, the
// soak test) are followed as well.
import type { KnipConfig } from "knip";

const config: KnipConfig = {
  entry: [
    "auth.ts",
    // Served at /api/inngest and run in-process by server/startup.ts.
    "inngest/functions/index.ts",
    "scripts/*.ts",
    "bench/*.ts",
    // Started as separate processes by tests.
    "test/workers/*.ts",
  ],
  // mobile/ is its own app with its own package.json, checked by its own tools.
  project: ["**/*.{ts,tsx}", "!mobile/**", "!server/db/generated/**"],
  // (its test files would otherwise come in through the Vitest plugin's **/*.test.* entries)
  ignore: ["mobile/**"],
  // An export also used in its own file is not dead code, only wider than needed.
  ignoreExportsUsedInFile: true,
  ignoreDependencies: [
    // Imported by the generated client (server/db/generated, left out of the analysis).
    "@prisma/client",
    // Imported from CSS (app/globals.css: @import "tailwindcss"), which knip does not read.
    "tailwindcss",
  ],
};

export default config;

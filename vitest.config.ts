import path from "node:path";
import { defineConfig } from "vitest/config";

// Integration tests share one PostgreSQL session when it is PGlite: run their files one by one.
const embedded = !process.env.DATABASE_URL;

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**", "e2e/**", "mobile/**", ".next/**"],
          setupFiles: ["test/setup/env.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "int",
          include: ["**/*.int.test.ts"],
          exclude: ["node_modules/**", "e2e/**", "mobile/**", ".next/**"],
          globalSetup: ["test/setup/database.ts"],
          // next-auth imports "next/server" without an extension, which Node's ESM resolver refuses;
          // bundled by Vite the dashboard's Auth.js handlers run in tests as they do in Next.
          server: { deps: { inline: ["next-auth"] } },
          setupFiles: ["test/setup/env.ts", "test/setup/database-per-file.ts"],
          fileParallelism: !embedded,
          // Bounds on a failure, not on speed: the slowest tests take ~10 s on an idle machine
          // (ccxt against the fake exchange, several app round trips) and several times that on a
          // busy one.
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

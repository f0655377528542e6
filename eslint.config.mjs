// Type-checked rules plus the dependency rules of STYLE.md, enforced rather than remembered.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const restrict = (patterns) => ["error", { patterns }];
const prisma = { group: ["@prisma/*", "**/db/generated/*", "**/db/generated"], message: "Only server/ touches Prisma." };
const transport = {
  group: ["next", "next/*", "next-auth", "next-auth/*", "@trpc/*", "react", "react-dom", "grammy", "grammy/*", "ccxt"],
  message: "server/<domain> is transport-free: transport and outside services depend on it, not the other way.",
};

// The jobs are defined in server/jobs and wrapped for Inngest in inngest/: nothing in server/ imports
// inngest/ (the job functions' int tests under server/ run them, so tests may).
const noInngest = { group: ["@/inngest", "@/inngest/*", "**/inngest/*"], message: "server/ never imports inngest/: the jobs' definitions and the event catalog live in server/jobs." };
// server/env.ts is read by everything, so it imports nothing but its helpers (no domain module).
const envOnly = { group: ["./*/*", "../*", "@/*", "!./lib/*"], message: "server/env.ts imports no domain module (pure helpers live in server/lib/)." };

export default tseslint.config(
  { ignores: ["node_modules/", ".next/", ".data/", "server/db/generated/", "mobile/", "next-env.d.ts", "test-results/", "playwright-report/"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through server/env.ts." }],
    },
  },
  { files: ["**/*.mjs", "**/*.js"], ...tseslint.configs.disableTypeChecked },
  // Rule 1: only server/ imports Prisma.
  { files: ["app/**", "inngest/**", "e2e/**", "auth.ts", "proxy.ts", "instrumentation.ts"], rules: { "no-restricted-imports": restrict([prisma]) } },
  // Rules 2 and 3: the domain imports no transport; only server/exchange imports ccxt, only server/telegram grammy.
  {
    files: ["server/**"],
    ignores: ["server/trpc/**", "server/exchange/**", "server/telegram/**"],
    rules: { "no-restricted-imports": restrict([transport, noInngest]) },
  },
  { files: ["server/**/*.test.ts"], ignores: ["server/trpc/**", "server/exchange/**", "server/telegram/**"], rules: { "no-restricted-imports": restrict([transport]) } },
  { files: ["server/env.ts"], rules: { "no-restricted-imports": restrict([transport, noInngest, envOnly]) } },
  { files: ["server/lib/**"], rules: { "no-restricted-imports": restrict([transport, noInngest, { group: ["../*", "@/*", "!../errors"], message: "server/lib/ holds pure helpers: they import nothing from the rest of the project but errors.ts." }]) } },
  { files: ["server/trpc/**"], rules: { "no-restricted-imports": restrict([{ group: ["grammy", "ccxt", "next", "next/*"], message: "tRPC routers call services only." }, noInngest]) } },
  { files: ["server/exchange/**"], rules: { "no-restricted-imports": restrict([{ group: ["grammy", "next", "next/*", "@trpc/*"], message: "exchange code stays transport-free" }, noInngest]) } },
  { files: ["server/telegram/**"], rules: { "no-restricted-imports": restrict([{ group: ["ccxt", "next", "next/*", "@trpc/*"], message: "telegram code stays transport-free" }, noInngest]) } },
  // Tests read JSON bodies of unknown shape and assert on them field by field.
  {
    files: ["**/*.test.ts", "test/**", "e2e/**", "bench/**"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
  // Rule 3 outside server/: nothing else imports grammy or ccxt.
  {
    files: ["app/**", "inngest/**", "scripts/**", "test/**", "e2e/**", "bench/**", "*.ts"],
    ignores: ["prisma.config.ts"],
    rules: { "no-restricted-imports": restrict([prisma, { group: ["grammy", "grammy/*", "ccxt"], message: "Only server/telegram imports grammy; only server/exchange imports ccxt." }]) },
  },
  // Rule 4: only server/env.ts reads process.env (tests may set it up).
  { files: ["server/env.ts", "**/*.test.ts", "test/**", "e2e/**", "playwright.config.ts", "vitest.config.ts", "bench/**"], rules: { "no-restricted-properties": "off" } },
);

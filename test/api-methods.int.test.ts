// server/http/api-methods.ts (the 405 table proxy.ts answers from) lists exactly the route files on
// disk and the methods each module exports. Regenerate it with `npm run routes:methods`.
import { expect, it } from "vitest";
import { API_ROUTE_METHODS } from "@/server/http/api-methods";

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const modules = import.meta.glob<Record<string, unknown>>("/app/api/**/route.ts");
// These import next-auth, which does not load outside Next (its ESM imports "next/server" without
// an extension); their methods are read from the source instead.
const BY_SOURCE: Record<string, string[]> = {
  "/api/auth/[...nextauth]": ["GET", "POST"],
  "/api/trpc/[trpc]": ["GET", "POST"],
  "/api/signals/stream": ["GET", "OPTIONS"],
};

it("the 405 table matches every app/api/**/route.ts and its exported methods", async () => {
  const actual: Record<string, string[]> = {};
  for (const [file, load] of Object.entries(modules)) {
    const route = file.replace(/^\/app/, "").replace(/\/route\.ts$/, "");
    const mod = BY_SOURCE[route] ? null : await load();
    actual[route] = mod ? METHODS.filter((m) => typeof mod[m] === "function") : BY_SOURCE[route]!;
  }
  expect(API_ROUTE_METHODS).toEqual(actual);
});

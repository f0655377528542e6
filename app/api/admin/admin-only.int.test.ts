// Seed row 4.4: every handler under /api/admin/* — found on disk, so a new route is covered the day
// it is added — answers 401 without a token and 403 {error, message} to a signed-in non-admin.
import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/test/helpers/factories";
import { call, expectError } from "@/test/helpers/http";

const ROOT = path.resolve(import.meta.dirname);
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

const routeFiles = (readdirSync(ROOT, { recursive: true }) as string[]).filter((f) => path.basename(f) === "route.ts").sort();

/** `partners/[id]/route.ts` → `/api/admin/partners/1` and its params. */
function requestOf(file: string): { path: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const segments = path.dirname(file).split(path.sep).map((s) => {
    const m = /^\[(.+)\]$/.exec(s);
    if (!m) return s;
    params[m[1]!] = "1";
    return "1";
  });
  return { path: `/api/admin/${segments.join("/")}`, params };
}

let subscriber: string;
beforeAll(async () => {
  subscriber = (await createUser({ plan: "PREMIUM" })).token;
});

describe("/api/admin/* is for admins only", () => {
  it("finds the admin routes, the new analytics ones among them", () => {
    expect(routeFiles).toEqual(expect.arrayContaining(["overview/route.ts", "users/route.ts", "signals/route.ts", "signal-stats/route.ts", "payments/route.ts"]));
  });

  it.each(routeFiles)("%s: 401 without a token, 403 to a PREMIUM subscriber, for every method", async (file) => {
    const mod = (await import(`./${file}`)) as Partial<Record<(typeof METHODS)[number], Parameters<typeof call>[0]>>;
    const { path: url, params } = requestOf(file);
    const methods = METHODS.filter((m) => typeof mod[m] === "function");
    expect(methods.length).toBeGreaterThan(0);
    for (const method of methods) {
      const body = method === "GET" || method === "DELETE" ? undefined : {};
      expectError(await call(mod[method]!, { method, path: url, params, body }), 401);
      const res = await call(mod[method]!, { method, path: url, params, body, token: subscriber });
      expect(expectError(res, 403, "forbidden").message, `${method} ${url}`).toBeTruthy();
    }
  });
});

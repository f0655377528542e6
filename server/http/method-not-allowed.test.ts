import { describe, expect, it } from "vitest";
import { allowedMethods, methodNotAllowed } from "./method-not-allowed";

describe("allowedMethods: the route Next would pick", () => {
  it("a static segment wins over a [param], a [param] over the catch-all", () => {
    expect(allowedMethods("/api/positions/history")).toEqual(["GET", "HEAD", "OPTIONS"]);
    expect(allowedMethods("/api/positions/abc")).toEqual(["GET", "HEAD", "OPTIONS"]);
    expect(allowedMethods("/api/positions/abc/close")).toEqual(["POST", "OPTIONS"]);
    expect(allowedMethods("/api/no/such/route")).toEqual(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
    expect(allowedMethods("/api/auth/callback/credentials")).toEqual(["GET", "HEAD", "POST", "OPTIONS"]);
    expect(allowedMethods("/admin")).toBeNull();
  });
});

describe("methodNotAllowed", () => {
  it("answers 405 {error, message} with Allow for a method the route does not export", async () => {
    const res = methodNotAllowed("DELETE", "/api/ping")!;
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(await res.json()).toEqual({ error: "method_not_allowed", message: "DELETE is not allowed on /api/ping; use GET, HEAD, OPTIONS" });
  });

  it("lets through what the route answers, HEAD and OPTIONS included, and unknown paths (the catch-all's 404)", () => {
    expect(methodNotAllowed("GET", "/api/ping")).toBeNull();
    expect(methodNotAllowed("HEAD", "/api/ping")).toBeNull();
    expect(methodNotAllowed("OPTIONS", "/api/webhook/signal")).toBeNull();
    expect(methodNotAllowed("PATCH", "/api/nothing-here")).toBeNull();
    expect(methodNotAllowed("POST", "/")).toBeNull();
  });
});

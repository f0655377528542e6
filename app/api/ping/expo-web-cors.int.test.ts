// The mobile app run in a browser (`expo start --web`, http://localhost:8081 or :19006) talks to
// `npm run dev` with no configuration: outside production its origins get CORS answers, preflight
// and actual. With NODE_ENV=production only CORS_ORIGINS counts.
import { describe, expect, it } from "vitest";
import { createUser, uniq } from "@/test/helpers/factories";
import { call } from "@/test/helpers/http";
import { setEnv } from "@/test/helpers/signals";
import { OPTIONS as registerPreflight, POST as register } from "../auth/register/route";
import { GET as feed, OPTIONS as feedPreflight } from "../signals/route";
import { OPTIONS as anyPreflight } from "../[...path]/route";
import { GET as ping } from "./route";

const EXPO_WEB = ["http://localhost:8081", "http://127.0.0.1:8081", "http://localhost:19006", "http://127.0.0.1:19006"];

const preflight = (handler: typeof registerPreflight, origin: string, path = "/api/auth/register") =>
  call(handler, { method: "OPTIONS", path, headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type, x-api-key" } });
const account = () => {
  const tag = uniq();
  return { username: `cors_${tag}`, email: `cors_${tag}@verzek.test`, password: "secret123" };
};

describe("development (npm run dev), nothing configured: the Expo web dev server is allowed", () => {
  it.each(EXPO_WEB)("%s gets the preflight and the actual answers", async (origin) => {
    setEnv({ NODE_ENV: "development", CORS_ORIGINS: undefined });
    const pre = await preflight(registerPreflight, origin);
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe(origin);
    expect(pre.headers.get("access-control-allow-methods")).toContain("POST");
    expect(pre.headers.get("access-control-allow-headers")).toContain("X-API-KEY");
    expect(pre.headers.get("vary")).toContain("Origin");

    const created = await call(register, { method: "POST", path: "/api/auth/register", body: account(), headers: { origin } });
    expect(created.status).toBe(201);
    expect(created.headers.get("access-control-allow-origin")).toBe(origin);
    expect(created.headers.get("access-control-allow-credentials")).toBe("true");

    const pong = await call(ping, { path: "/api/ping", headers: { origin } });
    expect(pong.headers.get("access-control-allow-origin")).toBe(origin);
  });

  it("an authenticated call (the feed) and an unknown path's preflight answer it too", async () => {
    setEnv({ NODE_ENV: "development", CORS_ORIGINS: undefined });
    const origin = "http://localhost:8081";
    const { token } = await createUser();
    expect((await preflight(feedPreflight, origin, "/api/signals")).headers.get("access-control-allow-origin")).toBe(origin);
    const res = await call(feed, { path: "/api/signals", token, headers: { origin } });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(origin);
    expect((await preflight(anyPreflight, origin, "/api/no/such")).headers.get("access-control-allow-origin")).toBe(origin);
  });

  it("CORS_ORIGINS set in development adds to the Expo origins, it does not replace them", async () => {
    setEnv({ NODE_ENV: "development", CORS_ORIGINS: "https://app.verzek.test" });
    for (const origin of ["https://app.verzek.test", "http://localhost:8081"]) {
      expect((await preflight(registerPreflight, origin)).headers.get("access-control-allow-origin")).toBe(origin);
    }
  });

  it.each([
    ["another local port", "http://localhost:3001"],
    ["https on the Expo port", "https://localhost:8081"],
    ["another host on the Expo port", "http://192.168.1.20:8081"],
    ["a look-alike host", "http://localhost:8081.evil.test"],
    ["a trailing slash", "http://localhost:8081/"],
    ["the literal string null", "null"],
  ])("%s (%s) is still refused", async (_what, origin) => {
    setEnv({ NODE_ENV: "development", CORS_ORIGINS: undefined });
    const pre = await preflight(registerPreflight, origin);
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBeNull();
    expect(pre.headers.get("access-control-allow-methods")).toBeNull();
    const pong = await call(ping, { path: "/api/ping", headers: { origin } });
    expect(pong.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("production (NODE_ENV=production): only CORS_ORIGINS", () => {
  it.each(EXPO_WEB)("%s gets no CORS answer when not listed", async (origin) => {
    setEnv({ NODE_ENV: "production", CORS_ORIGINS: "https://app.verzek.test" });
    const pre = await preflight(registerPreflight, origin);
    expect(pre.headers.get("access-control-allow-origin")).toBeNull();
    expect(pre.headers.get("access-control-allow-methods")).toBeNull();
    const created = await call(register, { method: "POST", path: "/api/auth/register", body: account(), headers: { origin } });
    expect(created.status).toBe(201);
    expect(created.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("nothing configured → no origin at all", async () => {
    setEnv({ NODE_ENV: "production", CORS_ORIGINS: undefined });
    expect((await preflight(registerPreflight, "http://localhost:8081")).headers.get("access-control-allow-origin")).toBeNull();
  });

  it("an Expo origin listed in CORS_ORIGINS is allowed, and the listed one too", async () => {
    setEnv({ NODE_ENV: "production", CORS_ORIGINS: "http://localhost:19006, https://app.verzek.test" });
    for (const origin of ["http://localhost:19006", "https://app.verzek.test"]) {
      expect((await preflight(registerPreflight, origin)).headers.get("access-control-allow-origin")).toBe(origin);
    }
    expect((await preflight(registerPreflight, "http://localhost:8081")).headers.get("access-control-allow-origin")).toBeNull();
  });
});

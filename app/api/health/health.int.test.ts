import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/server/env";
import { call, expectError } from "@/test/helpers/http";
import { GET as healthRoute } from "./route";
import { GET as liveRoute } from "./live/route";
import { GET as pingRoute } from "../ping/route";
import * as catchAll from "../[...path]/route";

const INNGEST_VARS = ["INNGEST_DEV", "INNGEST_BASE_URL", "INNGEST_SIGNING_KEY"] as const;

afterEach(() => {
  for (const name of INNGEST_VARS) delete process.env[name];
  delete process.env.CORS_ORIGINS;
  resetEnvForTests();
});

describe("GET /api/ping", () => {
  it("answers SPEC's exact body", async () => {
    const res = await call(pingRoute, { path: "/api/ping" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.body).toStrictEqual({ status: "ok", message: "Verzek Auto Trader API running" });
  });

  it("needs no token and ignores a bad one", async () => {
    const res = await call(pingRoute, { path: "/api/ping", token: "garbage" });
    expect(res.status).toBe(200);
  });

  it("lets an allowed origin call it from a browser", async () => {
    process.env.CORS_ORIGINS = "https://app.verzek.test";
    resetEnvForTests();
    const res = await call(pingRoute, { path: "/api/ping", headers: { origin: "https://app.verzek.test" } });
    expect(res.headers.get("access-control-allow-origin")).toBe("https://app.verzek.test");
  });
});

describe("GET /api/health", () => {
  it("reports the database, the in-process job engine, the version and the uptime", async () => {
    const res = await call(healthRoute, { path: "/api/health" });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("ok");
    expect(res.body.database.status).toBe("ok");
    expect(typeof res.body.database.latency_ms).toBe("number");
    expect(res.body.jobs.mode).toBe("in-process");
    expect(Array.isArray(res.body.jobs.runs)).toBe(true);
    const pkg = JSON.parse(fs.readFileSync("package.json", "utf8")) as { version: string };
    expect(res.body.version).toBe(pkg.version);
    expect(Number.isInteger(res.body.uptime_s)).toBe(true);
    expect(res.body.uptime_s).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(res.body)).not.toMatch(/postgres(ql)?:\/\/|password|secret/i);
  });

  it("says the job engine is inngest when an Inngest server is configured", async () => {
    process.env.INNGEST_DEV = "1";
    resetEnvForTests();
    expect((await call(healthRoute, { path: "/api/health" })).body.jobs.mode).toBe("inngest");
  });
});

describe("GET /api/health/live", () => {
  it("answers {status: ok}", async () => {
    const res = await call(liveRoute, { path: "/api/health/live" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.body).toStrictEqual({ status: "ok" });
  });
});

describe("/api/<anything unknown>", () => {
  it.each(["GET", "POST", "PUT", "PATCH", "DELETE"] as const)("%s answers 404 in SPEC's error shape", async (method) => {
    const path = "/api/no/such/route";
    const res = await call(catchAll[method], { method, path, params: { path: "no/such/route" }, body: method === "GET" ? undefined : {} });
    const body = expectError(res, 404, "not_found");
    expect(body.message).toContain(method);
    expect(body.message).toContain(path);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("answers a CORS preflight with 204", async () => {
    const res = await call(catchAll.OPTIONS, { method: "OPTIONS", path: "/api/no/such/route" });
    expect(res.status).toBe(204);
  });
});

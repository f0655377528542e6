// Shared by the HTTP benchmarks: a fresh database on DATABASE_URL's server, the production
// build, and `next start` as a child process (a second process from the load generator).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { appNodeOptions } from "../../scripts/node-options";

const NEXT = path.resolve("node_modules/next/dist/bin/next");

export function requireServerUrl(script: string): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(`${script} measures on PostgreSQL: set DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres)`);
    process.exit(2);
  }
  return url;
}

export async function createDatabase(serverUrl: string, prefix: string): Promise<{ url: string; version: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${Date.now()}`;
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  await c.query(`CREATE DATABASE "${name}"`);
  const { rows } = await c.query<{ server_version: string }>("SHOW server_version");
  await c.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    version: `PostgreSQL ${rows[0]?.server_version}`,
    drop: async () => {
      const d = new pg.Client({ connectionString: serverUrl });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await d.end();
    },
  };
}

export function ensureBuild(): void {
  if (fs.existsSync(path.resolve(".next", "BUILD_ID"))) return;
  console.log("building (next build)…");
  const r = spawnSync(process.execPath, [NEXT, "build"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

export type TBenchServer = { base: string; admin: { email: string; password: string }; stop: () => Promise<void> };

export async function startServer(dbUrl: string, port: number, extraEnv: Record<string, string> = {}): Promise<TBenchServer> {
  const secret = () => randomBytes(48).toString("base64url");
  const admin = { email: "bench-admin@bench.test", password: secret() };
  const child: ChildProcess = spawn(process.execPath, [NEXT, "start", "-p", String(port)], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NODE_OPTIONS: appNodeOptions(process.env.NODE_OPTIONS),
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: dbUrl,
      DATABASE_POOL_MAX: "10",
      JWT_SECRET: secret(),
      AUTH_SECRET: secret(),
      SECRETS_KEY: randomBytes(32).toString("base64"),
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      LOG_LEVEL: "warn",
      ...extraEnv,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/ping`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (i > 120) throw new Error("server did not start within 60 s");
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    base,
    admin,
    stop: async () => {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

export async function postJson(url: string, body: unknown, token?: string): Promise<{ status: number; json: any }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** For benchmarks that call the services in this process: the environment a production process would have. */
/**
 * A benchmark that runs the app's code in its own process runs it with the app's Node flags
 * (scripts/node-options.ts, as npm run dev / npm start do): without them, this process re-runs
 * itself with them and returns true — the caller then stops.
 */
export function rerunWithAppNodeFlags(): boolean {
  const options = appNodeOptions(process.env.NODE_OPTIONS);
  if (options === (process.env.NODE_OPTIONS ?? "")) return false;
  const run = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit", env: { ...process.env, NODE_OPTIONS: options } });
  process.exitCode = run.status ?? 1;
  return true;
}

export function useInProcessEnv(dbUrl: string, extra: Record<string, string>): void {
  Object.assign(process.env, {
    NODE_ENV: "production",
    DATABASE_URL: dbUrl,
    DATABASE_POOL_MAX: "10",
    JWT_SECRET: randomBytes(48).toString("base64url"),
    AUTH_SECRET: randomBytes(48).toString("base64url"),
    SECRETS_KEY: randomBytes(32).toString("base64"),
    LOG_LEVEL: "error",
    ...extra,
  });
}

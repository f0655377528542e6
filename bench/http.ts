// HTTP load benchmark (issue: platform foundation). Runs the production build (`next start`)
// against PostgreSQL (DATABASE_URL, required) in a child process, drives it with autocannon
// from this process, and prints requests/s and p50/p99 latency per route:
//   floor   GET /api/health/live  constant JSON, no wrapper, no database: the framework's floor
//   ping    GET /api/ping         through the route wrapper
//   me      GET /api/auth/me      bearer JWT verify + one user lookup
//   login   POST /api/auth/login  bound by the argon2id hash by design
// Usage: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run bench [-- --duration 10 --connections 50]
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { hashPassword, PASSWORD_HASH_PARAMS } from "../server/auth/password";

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const DURATION = arg("duration", 10);
const CONNECTIONS = arg("connections", 50);
const PORT = arg("port", 3390);
const LOGIN_USERS = 2000;
const BASE = `http://127.0.0.1:${PORT}`;

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  console.error("bench/http.ts measures on PostgreSQL: set DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres)");
  process.exit(2);
}

async function main(): Promise<void> {
  const dbName = `verzek_bench_${Date.now()}`;
  const dbUrl = await createDatabase(serverUrl!, dbName);
  ensureBuild();
  const server = startServer(dbUrl);
  try {
    await waitForServer();
    const password = "bench-password-123";
    const token = await registerUser(password);
    await seedLoginUsers(dbUrl, password);

    const results = [
      await run("floor  GET /api/health/live", { url: `${BASE}/api/health/live` }),
      await run("ping   GET /api/ping", { url: `${BASE}/api/ping` }),
      await run("me     GET /api/auth/me", { url: `${BASE}/api/auth/me`, headers: { authorization: `Bearer ${token}` } }),
      await run("login  POST /api/auth/login", {
        url: `${BASE}/api/auth/login`,
        method: "POST",
        requests: [
          {
            // A different account and client address each time: the rate limit is not what we measure.
            setupRequest: (req: Record<string, unknown>) => {
              const n = Math.floor(Math.random() * LOGIN_USERS);
              return {
                ...req,
                headers: { "content-type": "application/json", "x-forwarded-for": `10.${n % 250}.${(n >> 8) % 250}.${n % 199}` },
                body: JSON.stringify({ email: `bench${n}@bench.test`, password }),
              };
            },
          },
        ],
      }),
    ];
    const floor = results[0]!.rps;
    const me = results[2]!.rps;
    console.log(`\nconnections ${CONNECTIONS}, ${DURATION} s per route, ${pgVersionNote}`);
    console.log("route                              req/s     p50 ms   p99 ms   non-2xx");
    for (const r of results) {
      console.log(`${r.name.padEnd(34)} ${r.rps.toFixed(0).padStart(7)} ${String(r.p50).padStart(9)} ${String(r.p99).padStart(8)} ${String(r.non2xx).padStart(9)}`);
    }
    console.log(`\n/api/auth/me at ${((me / floor) * 100).toFixed(0)} % of the floor's requests/s (target ≥ 80 %)`);
    console.log(`login hash: argon2id m=${PASSWORD_HASH_PARAMS.memoryCost} KiB, t=${PASSWORD_HASH_PARAMS.timeCost}, p=${PASSWORD_HASH_PARAMS.parallelism}`);
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    await dropDatabase(serverUrl!, dbName);
  }
}

let pgVersionNote = "";

async function createDatabase(url: string, name: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`CREATE DATABASE "${name}"`);
  const { rows } = await c.query<{ server_version: string }>("SHOW server_version");
  pgVersionNote = `PostgreSQL ${rows[0]?.server_version}`;
  await c.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function dropDatabase(url: string, name: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await c.end();
}

function ensureBuild(): void {
  if (fs.existsSync(path.resolve(".next", "BUILD_ID"))) return;
  console.log("building (next build)…");
  const r = spawnSync(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "build"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function startServer(dbUrl: string): ChildProcess {
  const secret = () => randomBytes(48).toString("base64url");
  const child = spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "-p", String(PORT)], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: dbUrl,
      DATABASE_POOL_MAX: "10",
      JWT_SECRET: secret(),
      AUTH_SECRET: secret(),
      SECRETS_KEY: randomBytes(32).toString("base64"),
      ADMIN_EMAIL: "bench-admin@bench.test",
      ADMIN_PASSWORD: secret(),
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return child;
}

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${BASE}/api/ping`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not start within 60 s");
}

async function registerUser(password: string): Promise<string> {
  const tag = randomBytes(4).toString("hex");
  const res = await fetch(`${BASE}/api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: `bench_${tag}`, email: `bench_${tag}@bench.test`, password }),
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function seedLoginUsers(dbUrl: string, password: string): Promise<void> {
  const hash = await hashPassword(password);
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  await c.query(
    `INSERT INTO users (username, email, password_hash, updated_at)
     SELECT 'bench' || n, 'bench' || n || '@bench.test', $1, now() FROM generate_series(0, $2 - 1) AS n`,
    [hash, LOGIN_USERS],
  );
  await c.end();
}

type TResult = { name: string; rps: number; p50: number; p99: number; non2xx: number };

async function run(name: string, opts: autocannon.Options | Record<string, unknown>): Promise<TResult> {
  // Warm-up: first requests compile/load route code and open pool connections.
  await autocannon({ ...(opts as autocannon.Options), connections: 10, duration: 2 });
  const r = await autocannon({ ...(opts as autocannon.Options), connections: CONNECTIONS, duration: DURATION });
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx + r.errors };
}

await main();

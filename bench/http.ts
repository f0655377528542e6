// HTTP load benchmark (issue: platform foundation). Runs the production build (`next start`)
// against PostgreSQL (DATABASE_URL, required) in a child process, drives it with autocannon
// from this process, and prints requests/s and p50/p99 latency per route:
//   floor   GET /api/health/live  constant JSON, no wrapper, no database: the framework's floor
//   ping    GET /api/ping         through the route wrapper
//   me      GET /api/auth/me      bearer JWT verify + one user lookup
//   login   POST /api/auth/login  bound by the argon2id hash by design
// Usage: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run bench [-- --duration 10 --connections 50]
import { randomBytes } from "node:crypto";
import autocannon from "autocannon";
import pg from "pg";
import { hashPassword, PASSWORD_HASH_PARAMS } from "../server/auth/password";
import { createDatabase, ensureBuild, postJson, requireServerUrl, startServer } from "./lib/server";

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const DURATION = arg("duration", 10);
const CONNECTIONS = arg("connections", 50);
const PORT = arg("port", 3390);
const LOGIN_USERS = 2000;

const serverUrl = requireServerUrl("bench/http.ts");
let BASE = "";

async function main(): Promise<void> {
  const database = await createDatabase(serverUrl, "verzek_bench");
  ensureBuild();
  const server = await startServer(database.url, PORT);
  BASE = server.base;
  try {
    const password = "bench-password-123";
    const tag = randomBytes(4).toString("hex");
    const registered = await postJson(`${BASE}/api/auth/register`, { username: `bench_${tag}`, email: `bench_${tag}@bench.test`, password });
    if (registered.status !== 201) throw new Error(`register failed: ${registered.status}`);
    const token = registered.json.access_token as string;
    await seedLoginUsers(database.url, password);

    const results = [
      await run("floor  GET /api/health/live", { url: `${BASE}/api/health/live` }),
      await run("ping   GET /api/ping", { url: `${BASE}/api/ping` }),
      await run("me     GET /api/auth/me", { url: `${BASE}/api/auth/me`, headers: { authorization: `Bearer ${token}` } }),
      await run("login  POST /api/auth/login", {
        url: `${BASE}/api/auth/login`,
        method: "POST",
        requests: [
          {
            // A different account each time (a success clears its own count): the rate limit is not what we measure.
            setupRequest: (req: Record<string, unknown>) => {
              const n = Math.floor(Math.random() * LOGIN_USERS);
              return {
                ...req,
                headers: { "content-type": "application/json" },
                body: JSON.stringify({ email: `bench${n}@bench.test`, password }),
              };
            },
          },
        ],
      }),
    ];
    const floor = results[0]!.rps;
    const me = results[2]!.rps;
    console.log(`\nconnections ${CONNECTIONS}, ${DURATION} s per route, ${database.version}`);
    console.log("route                              req/s     p50 ms   p99 ms   non-2xx");
    for (const r of results) {
      console.log(`${r.name.padEnd(34)} ${r.rps.toFixed(0).padStart(7)} ${String(r.p50).padStart(9)} ${String(r.p99).padStart(8)} ${String(r.non2xx).padStart(9)}`);
    }
    console.log(`\n/api/auth/me at ${((me / floor) * 100).toFixed(0)} % of the floor's requests/s (target ≥ 80 %)`);
    console.log(`login hash: argon2id m=${PASSWORD_HASH_PARAMS.memoryCost} KiB, t=${PASSWORD_HASH_PARAMS.timeCost}, p=${PASSWORD_HASH_PARAMS.parallelism}`);
  } finally {
    await server.stop();
    await database.drop();
  }
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

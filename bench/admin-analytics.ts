// Admin analytics benchmark (issue 12). A fresh database on DATABASE_URL's server seeded with the
// issue's size — 100,000 users, 20,000 signals, 1,000,000 closed positions, 50,000 payments (plus
// signal events and risk events over a year) — then each admin endpoint's route handler is called
// in this process with a real Request and an admin token (server time: auth, query, JSON; no HTTP
// hop). 3 warm-up calls, then 20 timed ones; printed: p50 / p95 / max per endpoint (the six time
// series over 365 days among them), and the daily report job's time. The target: p95 ≤ 200 ms, the report ≤ 5 s.
// Usage: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/admin-analytics.ts [--calls 20] [--keep | --reuse <kept database url>]
import os from "node:os";
import pg from "pg";
import { createDatabase, percentile, requireServerUrl, useInProcessEnv } from "./lib/server";

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const CALLS = Number(option("--calls") ?? 20);
const KEEP = args.includes("--keep");
/** A database kept by an earlier --keep run: no seeding (the seed takes minutes). */
const REUSE = option("--reuse");
const USERS = 100_000;
const SIGNALS = 20_000;
const POSITIONS = 1_000_000;
const PAYMENTS = 50_000;

/** The data size, spread over the last 365 days, in a few set-based statements. */
async function seed(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const t0 = performance.now();
  const step = async (label: string, sql: string) => {
    const t = performance.now();
    await c.query(sql);
    console.log(`  seeded ${label} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  await step(
    `${USERS.toLocaleString("en")} users`,
    `INSERT INTO users (username, email, password_hash, role, plan, plan_expires_at, auto_trade_enabled, is_active, created_at, updated_at)
     SELECT 'u' || n, 'u' || n || '@bench.test', 'x', 'USER',
            (ARRAY['TRIAL','VIP','PREMIUM'])[1 + n % 3]::"Plan",
            CASE WHEN n % 3 = 0 THEN NULL ELSE now() + ((n % 60) - 20) * interval '1 day' END,
            n % 3 = 2 AND n % 5 = 0, n % 50 <> 0, now() - (n % 365) * interval '1 day' - (n % 86400) * interval '1 second', now()
     FROM generate_series(1, ${USERS}) AS n`,
  );
  await step("1 admin", `INSERT INTO users (username, email, password_hash, role, updated_at) VALUES ('bench-admin', 'bench-admin@bench.test', 'x', 'ADMIN', now())`);
  await step(
    `${SIGNALS.toLocaleString("en")} signals`,
    `INSERT INTO signals (id, symbol, direction, entry_low, entry_high, targets, stop_loss, source, status, targets_hit, realized_profit_pct, created_at, closed_at)
     SELECT gen_random_uuid(), 'SYM' || (n % 80) || 'USDT', (CASE WHEN n % 2 = 0 THEN 'LONG' ELSE 'SHORT' END)::"Direction", 100, 100, ARRAY[101, 102, 103]::numeric[], 95, 'ADMIN',
            (CASE WHEN n <= 40 THEN 'OPEN' WHEN n % 4 = 0 THEN 'HIT_SL' WHEN n % 7 = 0 THEN 'CANCELLED' ELSE 'HIT_TP' END)::"SignalStatus",
            CASE WHEN n % 4 = 0 OR n <= 40 THEN 0 ELSE 1 + n % 3 END,
            CASE WHEN n <= 40 THEN 0 WHEN n % 4 = 0 THEN -5 WHEN n % 7 = 0 THEN 0 ELSE 1 + (n % 3) END,
            now() - (n * 365.0 / ${SIGNALS}) * interval '1 day',
            CASE WHEN n <= 40 THEN NULL ELSE now() - (n * 365.0 / ${SIGNALS}) * interval '1 day' + interval '6 hours' END
     FROM generate_series(1, ${SIGNALS}) AS n`,
  );
  await step(
    "signal events",
    `INSERT INTO signal_events (id, signal_id, type, target_index, profit_pct, dedupe_key, created_at)
     SELECT gen_random_uuid(), id, (CASE WHEN status = 'HIT_SL' THEN 'SL_HIT' WHEN status = 'CANCELLED' THEN 'CANCELLED' ELSE 'ALL_TP' END)::"SignalEventType",
            NULL, realized_profit_pct, 'bench', closed_at
     FROM signals WHERE closed_at IS NOT NULL`,
  );
  await step(
    `${POSITIONS.toLocaleString("en")} closed positions`,
    `WITH s AS (SELECT id, created_at, row_number() OVER (ORDER BY created_at) - 1 AS k FROM signals)
     INSERT INTO positions (id, user_id, signal_id, symbol, direction, mode, status, leverage, entry_price, qty, remaining_qty, notional, margin, targets, realized_pnl, pnl_pct, opened_at, closed_at)
     SELECT gen_random_uuid(), 1 + n % ${USERS}, s.id, 'SYM' || (n % 80) || 'USDT', 'LONG', (CASE WHEN n % 10 = 0 THEN 'BINANCE_TESTNET' ELSE 'PAPER' END)::"ExchangeMode", 'CLOSED', 10, 100, 1, 0, 100, 10, ARRAY[101]::numeric[],
            ((n % 21) - 8) * 0.5, ((n % 21) - 8) * 5, s.created_at, s.created_at + interval '6 hours'
     FROM generate_series(0, ${POSITIONS - 1}) AS n JOIN s ON s.k = (n / ${USERS}) * 2000 + (n % ${USERS}) % 2000`,
  );
  await step(
    `${PAYMENTS.toLocaleString("en")} payments`,
    `INSERT INTO payments (id, user_id, plan, network, tx_hash, expected_amount, paid_amount, status, confirmed_at, created_at, updated_at)
     SELECT gen_random_uuid(), 1 + n * 2 % ${USERS}, 'VIP', 'TRC20', lpad(to_hex(n), 64, '0'), 49.5, CASE WHEN n % 10 < 8 THEN 49.5 END,
            (CASE WHEN n % 10 < 8 THEN 'CONFIRMED' WHEN n % 10 = 8 THEN 'PENDING' ELSE 'REJECTED' END)::"PaymentStatus",
            CASE WHEN n % 10 < 8 THEN now() - (n % 365) * interval '1 day' END, now() - (n % 365) * interval '1 day', now()
     FROM generate_series(1, ${PAYMENTS}) AS n`,
  );
  await step(
    "risk events",
    `INSERT INTO risk_events (user_id, kind, rule, reason, created_at)
     SELECT 1 + n % ${USERS}, 'USER_BLOCKED', (ARRAY['max_concurrent_trades','cooldown','per_symbol_limit','max_daily_trades'])[1 + n % 4], 'bench', now() - (n % 365) * interval '1 day'
     FROM generate_series(1, 50000) AS n`,
  );
  await step("ANALYZE", "ANALYZE");
  await c.end();
  console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

type THandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function timeEndpoint(label: string, handler: THandler, path: string, token: string, params: Record<string, string> = {}): Promise<void> {
  const once = async () => {
    const t0 = performance.now();
    const res = await handler(new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve(params) });
    await res.text();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    return performance.now() - t0;
  };
  for (let i = 0; i < 3; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) times.push(await once());
  times.sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(1).padStart(7);
  const p95 = percentile(times, 95);
  console.log(`${label.padEnd(44)} p50 ${f(percentile(times, 50))} ms  p95 ${f(p95)} ms  max ${f(times.at(-1)!)} ms  ${p95 <= 200 ? "ok" : "OVER 200 ms"}`);
}

async function main(): Promise<void> {
  const serverUrl = requireServerUrl("bench/admin-analytics.ts");
  const database = REUSE ? { url: REUSE, version: "(reused)", drop: async () => undefined } : await createDatabase(serverUrl, "verzek_bench_admin");
  console.log(`database: ${database.version}`);
  useInProcessEnv(database.url, {});
  const { migrate } = await import("../server/db/migrate");
  await migrate(database.url);
  if (!REUSE) await seed(database.url);
  const { db, disconnectDb } = await import("../server/db/client");
  const { signAccessToken } = await import("../server/auth/access-token");
  // What job compact-rollups does every minute: the seed's per-day deltas folded into the rollups.
  const { compactRollups } = await import("../server/analytics/rollups");
  const tc = performance.now();
  const { moved } = await compactRollups();
  console.log(`compact-rollups job: ${moved} deltas folded in ${((performance.now() - tc) / 1000).toFixed(2)} s`);
  const admin = await db().user.findUniqueOrThrow({ where: { email: "bench-admin@bench.test" }, select: { id: true, role: true } });
  const token = await signAccessToken(admin);
  const endpoints: [string, string, string][] = [
    ["overview", "../app/api/admin/overview/route", "/api/admin/overview"],
    ["users", "../app/api/admin/users/route", "/api/admin/users"],
    ["users?search=u123", "../app/api/admin/users/route", "/api/admin/users?search=u123"],
    ["payments", "../app/api/admin/payments/route", "/api/admin/payments"],
    ["signals", "../app/api/admin/signals/route", "/api/admin/signals"],
    ["signal-stats", "../app/api/admin/signal-stats/route", "/api/admin/signal-stats"],
  ];
  try {
    console.log(`\n${CALLS} calls each after 3 warm-up calls (server time, in-process route handler); load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} on ${os.cpus().length} CPUs:`);
    for (const [label, mod, path] of endpoints) {
      const { GET } = (await import(mod)) as { GET: THandler };
      await timeEndpoint(label, GET, path, token);
    }
    const { GET: series } = (await import("../app/api/admin/series/[name]/route")) as { GET: THandler };
    for (const name of ["signups", "revenue", "signals", "profit", "pnl", "blocked"]) {
      await timeEndpoint(`series/${name}?days=365`, series, `/api/admin/series/${name}?days=365`, token, { name });
    }
    // The daily report job: yesterday's report, built from scratch (a stored day is dropped first).
    const { runDailyReportJob } = await import("../server/reports/daily-report");
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await db().dailyReport.deleteMany({ where: { day: new Date(`${yesterday}T00:00:00.000Z`) } });
    const t0 = performance.now();
    await runDailyReportJob();
    const reportMs = performance.now() - t0;
    console.log(`${"daily report job (yesterday, from scratch)".padEnd(44)} ${(reportMs / 1000).toFixed(2)} s  ${reportMs <= 5000 ? "ok" : "OVER 5 s"}`);
  } finally {
    await disconnectDb();
    if (!KEEP && !REUSE) await database.drop();
    else console.log(`kept: ${database.url}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

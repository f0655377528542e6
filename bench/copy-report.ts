// Copy report benchmark (issue 13, screen 2): a fresh database on DATABASE_URL's server with
// 100,000 users, 2,000 signals and 1,000,000 positions, one signal copied by 50,000 users (40,000
// opened paper / live with latency and slippage, 10,000 skipped, 4,000 of them by a risk rule with
// its risk event among 100,000 others); then getCopyReport for that signal, 3 warm-up calls and 20
// timed ones (service time: the one statement plus shaping). Prints p50 / p95 / max.
// Usage: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/copy-report.ts [--calls 20] [--keep]
import os from "node:os";
import pg from "pg";
import { createDatabase, percentile, requireServerUrl, useInProcessEnv } from "./lib/server";

const args = process.argv.slice(2);
const CALLS = Number(args.includes("--calls") ? args[args.indexOf("--calls") + 1] : 20);
const KEEP = args.includes("--keep");
const USERS = 100_000;
const SIGNALS = 2_000;
const POSITIONS = 1_000_000;
const COPIES = 50_000;

async function seed(url: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const step = async (label: string, sql: string) => {
    const t = performance.now();
    await c.query(sql);
    console.log(`  seeded ${label} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  await step(`${USERS} users`, `INSERT INTO users (username, email, password_hash, plan, updated_at) SELECT 'u' || n, 'u' || n || '@bench.test', 'x', 'PREMIUM', now() FROM generate_series(1, ${USERS}) AS n`);
  await step(
    `${SIGNALS} signals`,
    `INSERT INTO signals (id, symbol, direction, entry_low, entry_high, targets, stop_loss, source, created_at)
     SELECT gen_random_uuid(), 'SYM' || (n % 80) || 'USDT', 'LONG', 100, 100, ARRAY[101, 102]::numeric[], 95, 'ADMIN', now() - n * interval '1 hour' FROM generate_series(1, ${SIGNALS}) AS n`,
  );
  const { rows } = await c.query<{ id: string }>(`SELECT id::text FROM signals ORDER BY created_at DESC LIMIT 1`);
  const target = rows[0]!.id;
  await step(
    `${POSITIONS - COPIES} other positions`,
    `WITH s AS (SELECT id, row_number() OVER (ORDER BY created_at) AS k FROM signals WHERE id <> '${target}')
     INSERT INTO positions (id, user_id, signal_id, symbol, direction, mode, status, leverage, entry_price, qty, remaining_qty, notional, margin, targets, realized_pnl, entry_latency_ms, slippage_pct, opened_at, closed_at)
     SELECT gen_random_uuid(), 1 + n % ${USERS}, s.id, 'SYMUSDT', 'LONG', 'PAPER', 'CLOSED', 10, 100, 1, 0, 100, 10, ARRAY[101]::numeric[], 1, 300, 0.01, now(), now()
     FROM generate_series(0, ${POSITIONS - COPIES - 1}) AS n JOIN s ON s.k = 1 + (n / ${USERS}) * 200 + n % 200`,
  );
  await step(
    `${COPIES} copies of one signal`,
    `INSERT INTO positions (id, user_id, signal_id, symbol, direction, mode, status, leverage, entry_price, qty, remaining_qty, notional, margin, targets, realized_pnl, targets_hit,
       entry_latency_ms, slippage_pct, failure_code, opened_at, closed_at)
     SELECT gen_random_uuid(), n, '${target}', 'SYMUSDT', 'LONG', (CASE WHEN n % 10 = 0 THEN 'BINANCE_MAINNET' ELSE 'PAPER' END)::"ExchangeMode",
            (CASE WHEN n % 5 = 0 THEN 'FAILED' WHEN n % 3 = 0 THEN 'CLOSED' ELSE 'OPEN' END)::"PositionStatus", 10, 100, 1, 1, 100, 10, ARRAY[101]::numeric[],
            CASE WHEN n % 5 = 0 THEN 0 ELSE (n % 7) * 0.25 END, CASE WHEN n % 5 = 0 THEN 0 ELSE n % 3 END,
            CASE WHEN n % 5 = 0 THEN NULL ELSE (n * 37) % 90000 END, CASE WHEN n % 5 = 0 THEN NULL ELSE ((n % 200) - 100) / 150.0 END,
            CASE WHEN n % 5 <> 0 THEN NULL ELSE (ARRAY['RISK_BLOCKED','RISK_BLOCKED','STALE_SIGNAL','SIZE_REFUSED','EXCHANGE_ERROR'])[1 + (n / 5) % 5] END, now(), NULL
     FROM generate_series(1, ${COPIES}) AS n`,
  );
  await step(
    "100,000 risk events (4,000 for the copied signal)",
    `INSERT INTO risk_events (user_id, kind, rule, reason, details, created_at)
     SELECT 1 + n % ${USERS}, 'USER_BLOCKED', (ARRAY['max_concurrent_trades','cooldown','per_symbol_limit','max_daily_trades'])[1 + n % 4], 'bench', '{}'::jsonb, now() - (n % 365) * interval '1 day'
     FROM generate_series(1, 96000) AS n
     UNION ALL
     SELECT user_id, 'USER_BLOCKED', 'max_account_exposure', 'bench', jsonb_build_object('signal_id', signal_id::text), now()
     FROM positions WHERE signal_id = '${target}' AND failure_code = 'RISK_BLOCKED'`,
  );
  await step("ANALYZE", "ANALYZE");
  await c.end();
  return target;
}

async function main(): Promise<void> {
  const database = await createDatabase(requireServerUrl("bench/copy-report.ts"), "verzek_bench_copies");
  console.log(`database: ${database.version}`);
  useInProcessEnv(database.url, {});
  const { migrate } = await import("../server/db/migrate");
  await migrate(database.url);
  const signalId = await seed(database.url);
  const { disconnectDb } = await import("../server/db/client");
  const { getCopyReport } = await import("../server/analytics/copy-report");
  try {
    const once = async () => {
      const t0 = performance.now();
      const r = await getCopyReport(signalId);
      if (r.paper.opened + r.live.opened + r.paper.skipped + r.live.skipped !== COPIES) throw new Error("the report does not count every copy");
      return performance.now() - t0;
    };
    for (let i = 0; i < 3; i++) await once();
    const times: number[] = [];
    for (let i = 0; i < CALLS; i++) times.push(await once());
    times.sort((a, b) => a - b);
    const f = (x: number) => x.toFixed(1);
    console.log(`\ncopy report of a signal with ${COPIES.toLocaleString("en")} copies (${CALLS} calls, load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} on ${os.cpus().length} CPUs):`);
    console.log(`p50 ${f(percentile(times, 50))} ms  p95 ${f(percentile(times, 95))} ms  max ${f(times.at(-1)!)} ms`);
  } finally {
    await disconnectDb();
    if (KEEP) console.log(`kept: ${database.url} (signal ${signalId})`);
    else await database.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

// Invoice matching (issue 16): 10,000 open invoices and 10,000 incoming USDT transfers to our
// address on the fake TronGrid, matched by the watcher the way the minute job runs it. Prints the
// time to list and decide all of them (target ≤ 5 s), the time to activate the 10,000 plans
// (one transaction each: payment, plan, outbox, notification), the chain API calls (target ≤ 2
// per minute of watching, plus pages of 200), and the calls of the quiet minutes after.
// Usage: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/invoice-matching.ts [--count 10000] [--latency 0]
import pg from "pg";
import { FAKE_RECEIVING_ADDRESS, startFakeTronGrid } from "../test/fakes/trongrid";
import { createDatabase, requireServerUrl, useInProcessEnv } from "./lib/server";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const COUNT = arg("count", 10_000);
const LATENCY_MS = arg("latency", 0);

async function main(): Promise<void> {
  const serverUrl = requireServerUrl("bench/invoice-matching.ts");
  const database = await createDatabase(serverUrl, "verzek_bench_invoices");
  const fake = await startFakeTronGrid();
  fake.setLatency(LATENCY_MS);
  useInProcessEnv(database.url, { TRON_API_URL: fake.apiUrl, USDT_TRC20_ADDRESS: FAKE_RECEIVING_ADDRESS, PLAN_PRICE_VIP: "49", VIP_CHAT_ID: "-1001", ADMIN_CHAT_ID: "-1002" });
  const { migrate } = await import("../server/db/migrate");
  await migrate(database.url);
  const { disconnectDb } = await import("../server/db/client");
  const { setEventDispatcher } = await import("../server/jobs/events");
  const { watchIncomingTransfers } = await import("../server/payments/watch-transfers");
  setEventDispatcher(async () => undefined);

  const seed = new pg.Client({ connectionString: database.url });
  await seed.connect();
  try {
    // 10,000 users, each with an open VIP invoice made 10 minutes ago: fractions 1..COUNT, shuffled.
    await seed.query(
      `INSERT INTO users (username, email, password_hash, updated_at)
       SELECT 'payer' || n, 'payer' || n || '@bench.test', 'x', now() FROM generate_series(1, $1::int) AS n`,
      [COUNT],
    );
    const { rows } = await seed.query<{ id: string; amount: string }>(
      `INSERT INTO payment_invoices (id, user_id, plan, price, amount, fraction, created_at, expires_at, grace_until)
       SELECT gen_random_uuid(), u.id, 'VIP', 49, 49 + f.fraction / 1000000.0, f.fraction,
              (now() AT TIME ZONE 'UTC') - interval '10 minutes', (now() AT TIME ZONE 'UTC') + interval '50 minutes', (now() AT TIME ZONE 'UTC') + interval '170 minutes'
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS k FROM users) u
       JOIN (SELECT fraction, row_number() OVER (ORDER BY random()) AS k FROM generate_series(1, $1::int) AS fraction) f USING (k)
       RETURNING id::text, amount::text`,
      [COUNT],
    );
    await seed.query("ANALYZE");
    // One transfer per invoice, spread over the last 5 minutes (a few per 3-second block).
    const start = Date.now() - 5 * 60_000;
    rows.forEach((r, i) => fake.addTransfer({ amountUsdt: r.amount, timestamp: start + Math.floor((i * 5 * 60_000) / rows.length) }));
    fake.calls.length = 0;

    const t0 = performance.now();
    const report = await watchIncomingTransfers();
    const total = performance.now() - t0;
    const paid = (await seed.query<{ n: string }>(`SELECT count(*) AS n FROM payment_invoices WHERE status = 'PAID' AND payment_id IS NOT NULL`)).rows[0]!.n;
    const confirmed = (await seed.query<{ n: string }>(`SELECT count(*) AS n FROM payments WHERE status = 'CONFIRMED'`)).rows[0]!.n;
    const calls = fake.calls.length;

    // The quiet minutes after: one run a minute, nothing new on chain.
    const quiet: number[] = [];
    for (let minute = 0; minute < 3; minute++) {
      fake.calls.length = 0;
      await watchIncomingTransfers();
      quiet.push(fake.calls.length);
    }
    console.log(`invoices ${COUNT}, transfers ${rows.length}, fake latency ${LATENCY_MS} ms`);
    console.log(`listed and decided: ${(report.ms.match / 1000).toFixed(2)} s (target ≤ 5 s) — matched ${report.matched}, review ${report.review}, unmatched ${report.unmatched}`);
    console.log(`activated: ${report.activated} plans in ${(report.ms.activate / 1000).toFixed(2)} s (${Math.round(report.activated / (report.ms.activate / 1000))}/s); invoices paid with a payment ${paid}, payments confirmed ${confirmed}`);
    console.log(`chain API calls in that run: ${calls} (1 + ${calls - 1} further pages of 200); quiet minutes after: ${quiet.join(", ")} call(s) each`);
    console.log(`whole run ${(total / 1000).toFixed(2)} s`);
  } finally {
    await seed.end();
    await disconnectDb();
    await fake.close();
    await database.drop();
  }
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});

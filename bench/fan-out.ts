// Auto-trader fan-out benchmark (issue 6). A fresh database on DATABASE_URL's server, the local fake
// Binance as the price feed (the real ccxt client, one price request per signal), and 1,000 then
// 10,000 PREMIUM paper users with auto-trade on. For each size, one signal is stored (createSignal,
// as POST /api/signals does) and the fan-out job runs in-process; printed: the wall time from the
// signal until the last position is open, the whole job (with the aggregate message and the
// broadcast release), and the database round trips per user (every query any pg client sent).
// A re-run of the same fan-out shows what idempotency costs (it must open nothing).
// Usage: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/fan-out.ts [--sizes 1000,10000] [--without-risk]
// --without-risk swaps the risk engine for one that allows everything (no lock, no query): the
// baseline for the pre-trade checks' overhead (issue 7: ≤ 25 %).
import { register } from "node:module";
import pg from "pg";
import { startFakeBinance } from "../test/fakes/binance";
import { createDatabase, requireServerUrl, useInProcessEnv } from "./lib/server";

const args = process.argv.slice(2);
const WITHOUT_RISK = args.includes("--without-risk");
if (WITHOUT_RISK) register("./lib/without-risk.mjs", import.meta.url);
const SIZES = (args[args.indexOf("--sizes") + 1] && args.includes("--sizes") ? args[args.indexOf("--sizes") + 1]! : "1000,10000").split(",").map(Number);

// Every query of every pg client (Prisma's adapter and the raw hot paths share the pool).
let queries = 0;
const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
const originalQuery = proto.query;
proto.query = function counted(this: unknown, ...a: unknown[]) {
  queries += 1;
  return originalQuery.apply(this, a);
};

async function main(): Promise<void> {
  const serverUrl = requireServerUrl("bench/fan-out.ts");
  const database = await createDatabase(serverUrl, "verzek_bench_fanout");
  const fake = await startFakeBinance();
  useInProcessEnv(database.url, { BINANCE_FUTURES_BASE: fake.baseUrl, VIP_CHAT_ID: "-1001", TRIAL_CHAT_ID: "-1002" });
  const { migrate } = await import("../server/db/migrate");
  await migrate(database.url);
  const { disconnectDb } = await import("../server/db/client");
  const { setEventDispatcher } = await import("../server/jobs/events");
  const { createInProcessRunner } = await import("../server/jobs/in-process");
  const { autoTradeSignal } = await import("../inngest/functions/auto-trade-signal");
  const { createSignal } = await import("../server/signals/create-signal");
  const { ZSignalInput } = await import("../server/signals/schemas");
  const { takePhaseTimings } = await import("../server/lib/phase-timer");
  setEventDispatcher(async () => undefined); // the job is run (and timed) explicitly below
  const runner = createInProcessRunner([autoTradeSignal]);

  const seed = new pg.Client({ connectionString: database.url });
  await seed.connect();
  let seeded = 0;
  const rows: string[] = [];
  try {
    for (const size of SIZES) {
      await seed.query(
        `INSERT INTO users (username, email, password_hash, plan, plan_expires_at, auto_trade_enabled, per_trade_usdt, leverage, updated_at)
         SELECT 'trader' || n, 'trader' || n || '@bench.test', 'x', 'PREMIUM', now() + interval '30 days', true, 10, 5, now()
         FROM generate_series($1::int, $2::int) AS n`,
        [seeded + 1, size],
      );
      seeded = size;
      await seed.query("ANALYZE");
      // warm the exchange-info cache and the Prisma client, as a running server has them
      if (rows.length === 0) await import("../server/exchange/price-feed").then((m) => m.sharedPriceFeed().marketRules("ETHUSDT"));

      const body = { symbol: "ETHUSDT", direction: "LONG", entry: 3000, targets: [3030, 3060, 3090], stop_loss: 2950, leverage: 10 };
      const t0 = performance.now();
      const q0 = queries;
      const { signal } = await createSignal(ZSignalInput.parse(body), "ADMIN");
      const tSignal = performance.now();
      let lastOpenAt = 0;
      const steps = new Map<string, number>();
      takePhaseTimings();
      const traced = {
        ...autoTradeSignal,
        handler: (ctx: Parameters<typeof autoTradeSignal.handler>[0]) =>
          autoTradeSignal.handler({
            ...ctx,
            step: {
              ...ctx.step,
              run: async (id, fn) => {
                const s0 = performance.now();
                const out = await ctx.step.run(id, fn);
                const step = id.startsWith("paper-chunk-") ? "paper-chunk-*" : id.startsWith("live-") && id !== "list-live-users" ? "live-*" : id;
                steps.set(step, (steps.get(step) ?? 0) + performance.now() - s0);
                if (id.startsWith("paper-chunk-")) lastOpenAt = performance.now();
                return out;
              },
            },
          }),
      };
      await runner.run(traced, { name: "signal/created", data: { signalId: signal.id } });
      const tDone = performance.now();
      const fanOutQueries = queries - q0;
      const phases = takePhaseTimings();

      const counts = await seed.query<{ positions: string; orders: string; fills: string }>(
        `SELECT (SELECT count(*) FROM positions WHERE signal_id = $1 AND status = 'OPEN') AS positions,
                (SELECT count(*) FROM orders o JOIN positions p ON p.id = o.position_id WHERE p.signal_id = $1) AS orders,
                (SELECT count(*) FROM fills f JOIN orders o ON o.id = f.order_id JOIN positions p ON p.id = o.position_id WHERE p.signal_id = $1) AS fills`,
        [signal.id],
      );
      const c = counts.rows[0]!;
      if (Number(c.positions) !== size) throw new Error(`expected ${size} open positions, got ${c.positions}`);

      const r0 = performance.now();
      const rq0 = queries;
      await runner.run(autoTradeSignal, { name: "signal/created", data: { signalId: signal.id } });
      const rerunMs = performance.now() - r0;
      const rerunQueries = queries - rq0;
      const after = await seed.query<{ n: string }>(`SELECT count(*) AS n FROM positions WHERE signal_id = $1`, [signal.id]);
      if (Number(after.rows[0]!.n) !== size) throw new Error("re-run opened positions twice");

      rows.push(
        [
          `${size.toLocaleString("en-US")} PREMIUM paper users`,
          `  signal stored (createSignal):           ${(tSignal - t0).toFixed(0)} ms`,
          `  signal → last position open:            ${(lastOpenAt - t0).toFixed(0)} ms   (target ≤ 2,000 ms for 10,000 users, ≤ 20,000 ms for 100,000)`,
          `  whole fan-out job (+ message, release): ${(tDone - tSignal).toFixed(0)} ms`,
          `  rows written: ${c.positions} positions, ${c.orders} orders, ${c.fills} fills`,
          `  DB round trips: ${fanOutQueries} in all = ${(fanOutQueries / size).toFixed(4)} per user`,
          `  job steps: ${[...steps].map(([k, ms]) => `${k} ${ms.toFixed(0)} ms`).join(", ")}`,
          `  breakdown of the paper chunks (wall time, summed over chunks):`,
          ...phases.map((p) => `    ${p.phase.padEnd(36)} ${p.ms.toFixed(0).padStart(6)} ms  (${p.count}×)`),
          `  re-run (idempotent, opened 0): ${rerunMs.toFixed(0)} ms, ${rerunQueries} queries`,
        ].join("\n"),
      );
    }
    console.log(`\nAuto-trader fan-out ${WITHOUT_RISK ? "WITHOUT risk checks (baseline)" : "with the pre-trade risk checks"}, ${database.version}, price feed: local fake Binance through ccxt (${fake.calls.filter((x) => x.path.includes("ticker")).length} ticker requests in all)\n`);
    console.log(rows.join("\n\n"));
  } finally {
    await seed.end();
    await runner.stop();
    await disconnectDb();
    await fake.close();
    await database.drop();
  }
}

await main();

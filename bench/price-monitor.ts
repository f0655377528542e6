// Paper price monitor benchmark (issue 6): 50,000 open paper positions (each with its filled entry,
// three resting take-profits and a resting stop: 250,000 orders) across 200 symbols on a fresh
// PostgreSQL database, and the local fake Binance listing the 200 symbols as the price feed (the
// real ccxt client). Ticks are run as the monitor job runs them; printed per tick: wall time, price
// requests made, positions crossed, fills, closes, and where the tick's time went (phases, summed
// over the settlement's parallel chunks). The worst cases: 10 % (5,000) and 40 % (20,000) of the
// positions cross at once.
// Then the analytics rollup trigger on positions (migration daily_rollups: a statement-level AFTER
// UPDATE trigger reading the transition tables) is timed on the settlement's own bulk UPDATE shape:
// 1,000 positions closed in one statement, with and without the trigger, alternately, rolled back.
// Usage: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/price-monitor.ts [--positions 50000] [--symbols 200]
//   [--without-rollup-triggers]  (the whole run with positions' rollup triggers disabled: their cost on whole ticks)
import os from "node:os";
import pg from "pg";
import { FAKE_SYMBOLS, startFakeBinance, type TFakeSymbol } from "../test/fakes/binance";
import { createDatabase, requireServerUrl, useInProcessEnv } from "./lib/server";

const args = process.argv.slice(2);
const opt = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const POSITIONS = opt("--positions", 50_000);
const SYMBOLS = opt("--symbols", 200);
const USERS = Math.ceil(POSITIONS / SYMBOLS);
const WITHOUT_TRIGGERS = args.includes("--without-rollup-triggers");

const symbolName = (i: number) => `BENCH${i}USDT`;

async function seed(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(
    `INSERT INTO users (username, email, password_hash, plan, plan_expires_at, updated_at)
     SELECT 'paper' || n, 'paper' || n || '@bench.test', 'x', 'PREMIUM', now() + interval '30 days', now() FROM generate_series(1, $1) AS n`,
    [USERS],
  );
  await c.query(
    `INSERT INTO signals (id, symbol, direction, entry_low, entry_high, targets, stop_loss, leverage, source)
     SELECT gen_random_uuid(), 'BENCH' || s || 'USDT', 'LONG', 100, 100, '{110,120,130}', 90, 10, 'ADMIN' FROM generate_series(1, $1) AS s`,
    [SYMBOLS],
  );
  await c.query(
    `INSERT INTO positions (id, user_id, signal_id, symbol, direction, mode, status, leverage, entry_price, qty, remaining_qty, notional, margin,
       stop_loss, targets, realized_pnl, fees, next_tp_price, pnl_pct, opened_at)
     SELECT gen_random_uuid(), u.id, s.id, s.symbol, 'LONG', 'PAPER', 'OPEN', 5, 100, 0.5, 0.5, 50, 10, 90, '{110,120,130}', -0.02, 0.02, 110, -0.2, now()
     FROM signals s CROSS JOIN (SELECT id FROM users ORDER BY id LIMIT $1) u
     LIMIT $2`,
    [USERS, POSITIONS],
  );
  await c.query(
    `INSERT INTO orders (id, position_id, user_id, client_order_id, kind, side, type, target_index, qty, price, trigger_price, reduce_only, status,
       filled_qty, avg_price, updated_at)
     SELECT gen_random_uuid(), p.id, p.user_id, 'b-' || md5(p.id::text || l.leg), l.kind::"OrderKind", l.side::"OrderSide", l.type, l.target,
       l.qty, l.price, l.trig, l.kind <> 'ENTRY', l.status::"OrderStatus", l.filled, l.avg, now()
     FROM positions p CROSS JOIN (VALUES
       ('entry', 'ENTRY', 'BUY', 'MARKET', NULL::int, 0.5, NULL::numeric, NULL::numeric, 'FILLED', 0.5, 100::numeric),
       ('tp1', 'TAKE_PROFIT', 'SELL', 'LIMIT', 1, 0.166, 110, NULL, 'OPEN', 0, NULL),
       ('tp2', 'TAKE_PROFIT', 'SELL', 'LIMIT', 2, 0.166, 120, NULL, 'OPEN', 0, NULL),
       ('tp3', 'TAKE_PROFIT', 'SELL', 'LIMIT', 3, 0.168, 130, NULL, 'OPEN', 0, NULL),
       ('sl', 'STOP_LOSS', 'SELL', 'STOP_MARKET', NULL, 0.5, NULL, 90, 'OPEN', 0, NULL)
     ) AS l(leg, kind, side, type, target, qty, price, trig, status, filled, avg)`,
  );
  await c.query("VACUUM ANALYZE");
  if (WITHOUT_TRIGGERS) await c.query("ALTER TABLE positions DISABLE TRIGGER positions_rollup_upd, DISABLE TRIGGER positions_rollup_ins");
  await c.end();
}

async function main(): Promise<void> {
  const serverUrl = requireServerUrl("bench/price-monitor.ts");
  const database = await createDatabase(serverUrl, "verzek_bench_monitor");
  const base = FAKE_SYMBOLS[1]!; // ETHUSDT-like filters
  const symbols: TFakeSymbol[] = Array.from({ length: SYMBOLS }, (_, i) => ({ ...base, symbol: symbolName(i + 1), base: `BENCH${i + 1}`, price: "100.00" }));
  const fake = await startFakeBinance({ symbols });
  useInProcessEnv(database.url, { BINANCE_FUTURES_BASE: fake.baseUrl, VIP_CHAT_ID: "-1001" });
  const { migrate } = await import("../server/db/migrate");
  await migrate(database.url);
  const s0 = performance.now();
  await seed(database.url);
  console.log(`seeded ${POSITIONS.toLocaleString("en-US")} open paper positions (${(POSITIONS * 5).toLocaleString("en-US")} orders) across ${SYMBOLS} symbols in ${((performance.now() - s0) / 1000).toFixed(1)} s`);
  const { runPaperMonitorTick } = await import("../server/trading/price-monitor");
  const { takePhaseTimings } = await import("../server/lib/phase-timer");
  const { disconnectDb } = await import("../server/db/client");
  const { setEventDispatcher } = await import("../server/jobs/events");
  setEventDispatcher(async () => undefined);

  const tickerCalls = () => fake.calls.filter((c) => c.path.includes("/ticker")).length;
  const lines: string[] = [];
  const tick = async (label: string, prices: (i: number) => string) => {
    for (let i = 1; i <= SYMBOLS; i++) fake.setPrice(symbolName(i), prices(i));
    const before = tickerCalls();
    takePhaseTimings();
    const t0 = performance.now();
    const r = await runPaperMonitorTick();
    const ms = performance.now() - t0;
    lines.push(`${label.padEnd(58)} ${ms.toFixed(0).padStart(5)} ms   ${tickerCalls() - before} price request   crossed ${r.crossed}, fills ${r.fills}, closed ${r.closed}`);
    if (r.crossed > 0) for (const p of takePhaseTimings()) lines.push(`    ${p.phase.padEnd(40)} ${p.ms.toFixed(0).padStart(6)} ms  (${p.count}×)`);
  };
  const tenth = Math.max(1, Math.floor(SYMBOLS / 10));
  try {
    await tick("warm-up: no price crossed (marks only)", () => "104");
    await tick("no price crossed (marks only)", () => "105");
    await tick(`TP1 crossed on ${tenth} symbols (10 % of positions)`, (i) => (i <= tenth ? "111" : "105"));
    await tick(`TP2 + TP3 crossed on those ${tenth} symbols (they close)`, (i) => (i <= tenth ? "131" : "105"));
    await tick(`stop crossed on ${tenth} other symbols (they close)`, (i) => (i > tenth && i <= 2 * tenth ? "89" : "105"));
    await tick("no price crossed", () => "106");
    const big = 4 * tenth;
    await tick(`TP1 crossed on ${big} other symbols (40 % of positions)`, (i) => (i > 2 * tenth && i <= 2 * tenth + big ? "111" : "106"));
    await tick("no price crossed", () => "107");
    await hotUpdates(database.url, lines);
    await triggerCost(database.url, lines);
    console.log(`\nPaper price monitor, ${database.version}${WITHOUT_TRIGGERS ? " — positions' rollup triggers DISABLED" : ""}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}: ${POSITIONS.toLocaleString("en-US")} open paper positions, ${SYMBOLS} symbols (target ≤ 1,000 ms per tick, one price request)\n`);
    console.log(lines.join("\n"));
  } finally {
    await disconnectDb();
    await fake.close();
    await database.drop();
  }
}

/** How many of the ticks' row updates were HOT (no index entry rewritten: migration settlement_hot_updates). */
async function hotUpdates(url: string, lines: string[]): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  // The statistics collector reports with a delay; a fresh snapshot is asked for first.
  await c.query("SELECT pg_stat_clear_snapshot()");
  await new Promise((r) => setTimeout(r, 1000));
  const { rows } = await c.query<{ relname: string; upd: string; hot: string }>(
    `SELECT relname, n_tup_upd::text AS upd, n_tup_hot_upd::text AS hot FROM pg_stat_user_tables WHERE relname IN ('orders', 'positions') ORDER BY relname`,
  );
  await c.end();
  lines.push(`\nrow updates over the ticks: ${rows.map((r) => `${r.relname} ${Number(r.upd).toLocaleString("en-US")} (${Number(r.hot).toLocaleString("en-US")} HOT)`).join(", ")}`);
}

/**
 * The rollup trigger's cost on one settlement statement: 1,000 open positions closed by one UPDATE
 * (the shape of updatePositions), with the trigger and with it disabled in the same transaction,
 * alternately, each rolled back. Medians of 7.
 */
async function triggerCost(url: string, lines: string[]): Promise<void> {
  if (WITHOUT_TRIGGERS) return;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const ids = (await c.query<{ id: string }>(`SELECT id FROM positions WHERE status = 'OPEN' ORDER BY id LIMIT 1000`)).rows.map((r) => r.id);
  const times: Record<"with" | "without", number[]> = { with: [], without: [] };
  for (let i = 0; i < 14; i++) {
    const mode = i % 2 === 0 ? "with" : "without";
    await c.query("BEGIN");
    if (mode === "without") await c.query("ALTER TABLE positions DISABLE TRIGGER positions_rollup_upd");
    const t0 = performance.now();
    await c.query(
      `UPDATE positions p SET status = 'CLOSED', remaining_qty = 0, realized_pnl = 1.5, closed_at = now() AT TIME ZONE 'UTC', close_reason = 'TP'
       FROM unnest($1::uuid[]) AS u(id) WHERE p.id = u.id`,
      [ids],
    );
    times[mode].push(performance.now() - t0);
    await c.query("ROLLBACK");
  }
  await c.end();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  lines.push(
    `\nrollup trigger on positions, one UPDATE closing ${ids.length} positions (median of 7 each, alternating): ` +
      `with ${median(times.with).toFixed(1)} ms, without ${median(times.without).toFixed(1)} ms`,
  );
}

await main();

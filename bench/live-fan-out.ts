// Live fan-out benchmark (issue 18). A fresh database on DATABASE_URL's server and the local fake
// Binance — in a process of its own (bench/lib/remote-fake-binance.ts: Binance's CPU is not the
// platform's), while the platform's code runs in this one with the app's Node flags — with 50 ms added to every answer and Binance's limits enforced (2,400 request weight per
// IP per minute, 300 orders per 10 s and 1,200 per minute per account, 429 then 418). 1,000 PREMIUM
// auto-traders, each with a testnet connection of their own (sealed keys, an account on the fake),
// each validated the real way first (POST /api/exchanges/validate's service: balance, position
// mode, leverage caps — timed and weighed apart; users validate before they trade live, so the
// signals start in a fresh calendar minute of the IP's weight). Two signals, the second stored right after the first, both fanned out by the real job in-process
// (auto-trade-signal as configured: two fan-outs at once, their live batches' orders in turns). Printed per signal: signal → last entry
// acknowledged and → last protective order resting; then requests per user, peak requests/s, peak
// weight per minute and orders per account against the limits, 429/418 answers (must be 0), and
// fairness: whether the same users wait longest on both signals.
// Usage: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/live-fan-out.ts [--users 1000] [--latency 50]
//   [--cpu-prof FILE]: a CPU profile of the fan-outs alone (not the validation), for Chrome's DevTools or speedscope.
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import os from "node:os";
import pg from "pg";
import { requestWeight } from "../server/exchange/binance-limits";
import { startRemoteFakeBinance } from "./lib/remote-fake-binance";
import { createDatabase, percentile, requireServerUrl, rerunWithAppNodeFlags, useInProcessEnv } from "./lib/server";

const args = process.argv.slice(2);
const arg = (name: string, dflt: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const USERS = arg("--users", 1000);
const LATENCY_MS = arg("--latency", 50);
// --symbols BTCUSDT,BTCUSDT: the second signal on the same symbol, whose margin type and leverage the
// first set and stored (the warm case); the default's ETHUSDT is cold: 2 weight per user.
const SYMBOLS = (args.includes("--symbols") ? args[args.indexOf("--symbols") + 1]! : "BTCUSDT,ETHUSDT").split(",");
// --preset: the preset job (server/trading/live-presets.ts) runs first, minute by minute with the IP's
// spare weight, until every account has margin type and leverage set on the signals' symbols — the
// steady state for the provider's usual symbols. Without it both symbols are cold (set at signal time).
const PRESET = args.includes("--preset");
const CPU_PROFILE = args.includes("--cpu-prof") ? args[args.indexOf("--cpu-prof") + 1]! : null;
const LIMITS = { weightPerMinute: 2400, ordersPer10s: 300, ordersPerMinute: 1200 };

const SIGNALS: Record<string, object> = {
  BTCUSDT: { symbol: "BTCUSDT", direction: "LONG", entry: 60000, targets: [60600, 61200, 61800], stop_loss: 59000, leverage: 10 },
  ETHUSDT: { symbol: "ETHUSDT", direction: "LONG", entry: 3000, targets: [3030, 3060, 3090], stop_loss: 2950, leverage: 10 },
};
const bodies0 = SYMBOLS.map((s) => SIGNALS[s] as { symbol: string });

async function main(): Promise<void> {
  const serverUrl = requireServerUrl("bench/live-fan-out.ts");
  const database = await createDatabase(serverUrl, "verzek_bench_live_fanout");
  const fake = await startRemoteFakeBinance({ rateLimits: LIMITS });
  useInProcessEnv(database.url, { ENABLE_LIVE_TRADING: "true", BINANCE_FUTURES_TESTBASE: fake.baseUrl, BINANCE_FUTURES_BASE: fake.baseUrl, VIP_CHAT_ID: "-1001", TRIAL_CHAT_ID: "-1002", ADMIN_CHAT_ID: "-1003" });
  const { migrate } = await import("../server/db/migrate");
  await migrate(database.url);
  const { disconnectDb } = await import("../server/db/client");
  const { setEventDispatcher } = await import("../server/jobs/events");
  const { createInProcessRunner } = await import("../server/jobs/in-process");
  const { autoTradeSignal } = await import("../inngest/functions/auto-trade-signal");
  const { createSignal } = await import("../server/signals/create-signal");
  const { ZSignalInput } = await import("../server/signals/schemas");
  const { seal } = await import("../server/crypto/secret-box");
  const { validateExchangeConnection } = await import("../server/exchange-connections/validate-exchange-connection");
  const { mapPool } = await import("../server/lib/map-pool");
  const { takePhaseTimings } = await import("../server/lib/phase-timer");
  setEventDispatcher(async () => undefined); // the jobs are run (and timed) explicitly below
  // The job as configured (two fan-outs at once), dispatched as createSignal's event would be; the
  // wrapper only tells the benchmark when each signal's fan-out is done.
  const finished = new Map<string, () => void>();
  const runner = createInProcessRunner([
    {
      ...autoTradeSignal,
      handler: async (ctx: Parameters<typeof autoTradeSignal.handler>[0]) => {
        const out = await autoTradeSignal.handler(ctx);
        finished.get((ctx.event.data as { signalId: string }).signalId)?.();
        return out;
      },
    },
  ]);

  const seed = new pg.Client({ connectionString: database.url });
  await seed.connect();
  try {
    // Users and their connections: each its own account on the fake, keys sealed as the app stores them.
    await seed.query(
      `INSERT INTO users (username, email, password_hash, plan, plan_expires_at, auto_trade_enabled, per_trade_usdt, leverage, capital_usdt, updated_at)
       SELECT 'live' || n, 'live' || n || '@bench.test', 'x', 'PREMIUM', now() + interval '30 days', true, 50, 10, 1000, now()
       FROM generate_series(1, $1::int) AS n`,
      [USERS],
    );
    const ids = (await seed.query<{ id: number }>(`SELECT id FROM users WHERE email LIKE 'live%@bench.test' ORDER BY id`)).rows.map((r) => r.id);
    const keyOf = new Map<string, number>();
    const values: unknown[] = [];
    const tuples: string[] = [];
    const accounts: { apiKey: string; apiSecret: string; balanceUsdt: string }[] = [];
    for (const id of ids) {
      const apiKey = `k${randomBytes(20).toString("hex")}`;
      const apiSecret = `s${randomBytes(20).toString("hex")}`;
      accounts.push({ apiKey, apiSecret, balanceUsdt: "10000" });
      keyOf.set(apiKey, id);
      const k = seal(apiKey);
      const s = seal(apiSecret);
      const at = values.length;
      values.push(id, k.ciphertext, s.ciphertext, k.keyId);
      tuples.push(`($${at + 1}::int, 'BINANCE_TESTNET'::"ExchangeMode", $${at + 2}, $${at + 3}, $${at + 4}, 'ISOLATED'::"MarginMode", 10, now())`);
    }
    for (let i = 0; i < tuples.length; i += 2000) {
      const chunk = tuples.slice(i, i + 2000);
      const offset = i * 4;
      const renumbered = chunk.map((t) => t.replace(/\$(\d+)/g, (_, d: string) => `$${Number(d) - offset}`));
      await seed.query(
        `INSERT INTO exchange_connections (user_id, mode, api_key_enc, api_secret_enc, secrets_key_id, margin_mode, leverage_default, updated_at) VALUES ${renumbered.join(",")}`,
        values.slice(offset, offset + chunk.length * 4),
      );
    }
    await fake.addAccounts(accounts);
    await seed.query("ANALYZE");
    // A running server has exchangeInfo cached and its database pool open.
    await import("../server/exchange/price-feed").then((m) => m.sharedPriceFeed().marketRules("BTCUSDT"));
    await fake.clearCalls();
    await fake.setLatency(LATENCY_MS);

    // Every user validates the connection (as the app asks before trading live): the balance, the
    // position mode set and the leverage caps read, stored with the connection.
    const v0 = Date.now();
    const validated = await mapPool(ids, 50, (id) => validateExchangeConnection(id).then((r) => r.position_mode?.applied === true, () => false));
    const validationMs = Date.now() - v0;
    const validationCalls = (await fake.snapshot()).calls;
    const validationWeight = validationCalls.reduce((w, c) => w + requestWeight(c.method, c.path, c.params.symbol !== undefined), 0);

    const stored = (await seed.query<{ n: string }>(`SELECT count(*) AS n FROM exchange_account_state WHERE hedge_mode IS NOT NULL AND leverage_caps IS NOT NULL`)).rows[0]!.n;
    const validationPaths = new Map<string, number>();
    for (const c of validationCalls) validationPaths.set(`${c.method} ${c.path}`, (validationPaths.get(`${c.method} ${c.path}`) ?? 0) + 1);
    const validationLine = `validation of ${USERS} connections (50 at a time): ${validationMs} ms, ${validationCalls.length} requests, weight ${validationWeight} (${(validationWeight / USERS).toFixed(1)} per user; ${[...validationPaths].map(([k, n]) => `${k} ×${n}`).join(", ")}); position mode applied ${validated.filter(Boolean).length}, state stored ${stored}`;
    console.log(validationLine);
    let presetLine = "presets: none (both symbols cold: margin type and leverage set at signal time)";
    if (PRESET) {
      const { presetLiveSymbols } = await import("../server/trading/live-presets");
      const p0 = Date.now();
      let passes = 0;
      let set = 0;
      for (;;) {
        const run = await presetLiveSymbols(new Date(), bodies0.map((b) => b.symbol));
        passes += 1;
        set += run.set;
        if (!run.stoppedForWeight) break;
        await new Promise((r) => setTimeout(r, 60_000 - (Date.now() % 60_000) + 200));
      }
      presetLine = `presets (the job's passes, spare weight only): ${set} account-symbols set in ${passes} passes over ${((Date.now() - p0) / 1000).toFixed(0)} s`;
      console.log(presetLine);
    }
    // Users validate over days, not in the minute before a signal: the signals start in a fresh
    // calendar minute of the IP's weight (Binance's window, and our budget's).
    await new Promise((r) => setTimeout(r, 60_000 - (Date.now() % 60_000) + 200));
    await fake.clearCalls(); // only the fan-outs are counted from here
    const load0 = os.loadavg();

    const bodies = bodies0;
    const profiler = CPU_PROFILE ? new Session() : null;
    if (profiler) {
      profiler.connect();
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.start");
    }
    takePhaseTimings(); // only the fan-outs' phases from here
    const t0 = Date.now();
    const signals: { id: string; storedAt: number }[] = [];
    const runs: Promise<unknown>[] = [];
    for (const body of bodies) {
      const { signal } = await createSignal(ZSignalInput.parse(body), "ADMIN");
      signals.push({ id: signal.id, storedAt: signal.createdAt.getTime() });
      runs.push(new Promise<void>((resolve) => finished.set(signal.id, resolve)));
      await runner.dispatch({ name: "signal/created", data: { signalId: signal.id } });
    }
    await Promise.all(runs);
    const tDone = Date.now();
    const phases = takePhaseTimings();
    if (profiler) {
      const { profile } = await profiler.post("Profiler.stop");
      await writeFile(CPU_PROFILE!, JSON.stringify(profile));
      profiler.disconnect();
    }
    const load1 = os.loadavg();

    const snap = await fake.snapshot();
    if (process.env.BENCH_TRACE) for (const c of snap.calls.slice(0, 60)) console.log(c.at.getTime() - signals[0]!.storedAt, c.method, c.path, c.apiKey?.slice(0, 6), c.status);
    const lines: string[] = [];
    const ranks: Map<number, number>[] = [];
    for (const [i, s] of signals.entries()) {
      const pos = await seed.query<{ user_id: number; status: string; protected: boolean; entry_ack_at: Date | null; client_order_id: string }>(
        `SELECT p.user_id, p.status, p.protected, p.entry_ack_at, o.client_order_id
         FROM positions p JOIN orders o ON o.position_id = p.id AND o.kind = 'ENTRY' WHERE p.signal_id = $1`,
        [s.id],
      );
      const opened = pos.rows.filter((r) => r.status === "OPEN");
      const reasons = await seed.query<{ status: string; failure_code: string | null; failure_reason: string | null; n: string }>(
        `SELECT status, failure_code, failure_reason, count(*) AS n FROM positions WHERE signal_id = $1 AND (status <> 'OPEN' OR failure_code IS NOT NULL) GROUP BY 1, 2, 3`,
        [s.id],
      );
      const unprotected = opened.filter((r) => !r.protected).length;
      // Binance's acknowledgement reaches us LATENCY_MS after the fake accepted the order.
      const sym = bodies[i]!.symbol;
      const mine = new Set(pos.rows.map((r) => r.client_order_id));
      const entries = snap.orders.filter((o) => mine.has(o.clientOrderId));
      const protective = new Set((await seed.query<{ client_order_id: string }>(`SELECT o.client_order_id FROM orders o JOIN positions p ON p.id = o.position_id WHERE p.signal_id = $1 AND o.kind <> 'ENTRY'`, [s.id])).rows.map((r) => r.client_order_id));
      const ackAt = entries.map((o) => o.time + LATENCY_MS).sort((a, b) => a - b);
      const tps = snap.orders.filter((o) => protective.has(o.clientOrderId)).map((o) => o.time + LATENCY_MS);
      const stops = snap.algoOrders.filter((o) => protective.has(o.clientAlgoId)).map((o) => o.createTime + LATENCY_MS);
      const lastProtective = Math.max(...tps, ...stops);
      const waits = ackAt.map((a) => a - s.storedAt);
      const dbAck = opened.filter((r) => r.entry_ack_at !== null).map((r) => r.entry_ack_at!.getTime()).sort((a, b) => a - b);
      const rank = new Map<number, number>();
      entries.sort((a, b) => a.time - b.time || a.orderId - b.orderId).forEach((o, k) => rank.set(keyOf.get(o.apiKey)!, k));
      ranks.push(rank);
      const duplicates = entries.length - new Set(entries.map((o) => o.clientOrderId)).size;
      lines.push(
        [
          `signal ${i + 1} (${sym}, stored ${s.storedAt - t0} ms after the start):`,
          ...reasons.rows.map((r) => `  ${r.n} × ${r.status} ${r.failure_code ?? ""} ${r.failure_reason ?? ""}`),
          `  positions open ${opened.length} / ${USERS}, unprotected ${unprotected} (protected flag false), entries on the fake ${entries.length} (duplicates ${duplicates}), stops ${stops.length}, take-profits ${tps.length}`,
          `  signal → first entry acknowledged:  ${ackAt[0]! - s.storedAt} ms`,
          `  signal → last entry acknowledged:   ${ackAt.at(-1)! - s.storedAt} ms   (target ≤ 5,000 ms)   p50 ${percentile(waits, 50)} ms, p99 ${percentile(waits, 99)} ms`,
          `  signal → last entry recorded (DB entry_ack_at, after the fee lookup): ${dbAck.at(-1)! - s.storedAt} ms`,
          `  signal → last protective order resting: ${lastProtective - s.storedAt} ms`,
        ].join("\n"),
      );
    }

    // Requests, weights, orders.
    const calls = snap.calls;
    const perUser = calls.filter((c) => c.apiKey !== null).length / USERS;
    const publicCalls = calls.filter((c) => c.apiKey === null).length;
    const bySecond = new Map<number, number>();
    const weightByMinute = new Map<number, number>();
    const weightBySecond = new Map<number, number>();
    for (const c of calls) {
      const t = c.at.getTime();
      bySecond.set(Math.floor(t / 1000), (bySecond.get(Math.floor(t / 1000)) ?? 0) + 1);
      const w = requestWeight(c.method, c.path, c.params.symbol !== undefined);
      weightByMinute.set(Math.floor(t / 60_000), (weightByMinute.get(Math.floor(t / 60_000)) ?? 0) + w);
      weightBySecond.set(Math.floor(t / 1000), (weightBySecond.get(Math.floor(t / 1000)) ?? 0) + w);
    }
    const byPath = new Map<string, { n: number; w: number }>();
    for (const c of calls) {
      const k = `${c.method} ${c.path}`;
      const e = byPath.get(k) ?? { n: 0, w: 0 };
      e.n += 1;
      e.w += requestWeight(c.method, c.path, c.params.symbol !== undefined);
      byPath.set(k, e);
    }
    const placements = snap.placements;
    const perAccount10s = new Map<string, number[]>();
    for (const p of placements) if (p.apiKey) perAccount10s.set(p.apiKey, [...(perAccount10s.get(p.apiKey) ?? []), p.at.getTime()]);
    let peakOrders10s = 0;
    let peakOrders1m = 0;
    for (const ts of perAccount10s.values()) {
      ts.sort((a, b) => a - b);
      for (let a = 0, b = 0, c = 0; b < ts.length; b++) {
        while (ts[b]! - ts[a]! >= 10_000) a++;
        while (ts[b]! - ts[c]! >= 60_000) c++;
        peakOrders10s = Math.max(peakOrders10s, b - a + 1);
        peakOrders1m = Math.max(peakOrders1m, b - c + 1);
      }
    }
    const limited = calls.filter((c) => c.status === 429 || c.status === 418);

    // Fairness: the users served last on signal 1 should not be the ones served last on signal 2.
    const [r1, r2] = ranks;
    const both = [...r1!.keys()].filter((u) => r2!.has(u));
    const nn = both.length;
    // Ranks among the users served on both signals.
    const rankAmong = (r: Map<number, number>) => new Map([...both].sort((a, b) => r.get(a)! - r.get(b)!).map((u, k) => [u, k]));
    const [q1, q2] = [rankAmong(r1!), rankAmong(r2!)];
    const mean = (nn - 1) / 2;
    let cov = 0;
    let v1 = 0;
    let v2 = 0;
    for (const u of both) {
      const a = q1.get(u)! - mean;
      const b = q2.get(u)! - mean;
      cov += a * b;
      v1 += a * a;
      v2 += b * b;
    }
    const spearman = cov / Math.sqrt(v1 * v2);
    const lastTenth = both.filter((u) => r1!.get(u)! >= r1!.size * 0.9);
    const lastTenthAgain = lastTenth.filter((u) => r2!.get(u)! >= r2!.size * 0.9).length;
    const worstMeanRank = Math.max(...both.map((u) => (r1!.get(u)! / (r1!.size - 1) + r2!.get(u)! / (r2!.size - 1)) / 2));

    console.log(`\nLive fan-out: ${USERS.toLocaleString("en-US")} live testnet users (own account and keys each), 2 signals, local fake Binance with ${LATENCY_MS} ms per answer and Binance's limits enforced; ${database.version}; ${os.cpus().length} cores; load average ${load0.map((x) => x.toFixed(2)).join(" ")} before, ${load1.map((x) => x.toFixed(2)).join(" ")} after\n`);
    console.log(validationLine);
    console.log(presetLine + "\n");
    console.log(lines.join("\n\n"));
    console.log(
      [
        ``,
        `both fan-outs, first signal → both jobs done: ${tDone - t0} ms`,
        `requests: ${calls.length} in all = ${perUser.toFixed(2)} signed per user (both signals) + ${publicCalls} public`,
        `  by endpoint: ${[...byPath.entries()].sort((a, b) => b[1].w - a[1].w || b[1].n - a[1].n).map(([k, e]) => `${k} ×${e.n} (weight ${e.w})`).join(", ")}`,
        `peak requests per second: ${Math.max(...bySecond.values())}`,
        `peak request weight per calendar minute (IP, shared by all users): ${Math.max(...weightByMinute.values())} / ${LIMITS.weightPerMinute}; peak per second ${Math.max(...weightBySecond.values())}`,
        `peak orders per account: ${peakOrders10s} per 10 s / ${LIMITS.ordersPer10s}, ${peakOrders1m} per minute / ${LIMITS.ordersPerMinute}`,
        `429/418 answers: ${limited.length}   (target 0)`,
        `where the fan-outs' time went (wall time per phase, summed over both signals; phases overlap): ${phases.map((p) => `${p.phase} ${p.ms.toFixed(0)} ms${p.count > 1 ? ` (×${p.count})` : ""}`).join("; ")}`,
        `fairness (entry-ack rank of each user, signal 1 vs 2): Spearman ${spearman.toFixed(3)} over ${nn} users served on both (1 = same order every time); of the last 10 % on signal 1, ${lastTenthAgain} of ${lastTenth.length} were last 10 % again; worst user's mean rank ${(worstMeanRank * 100).toFixed(1)} % of the queue`,
      ].join("\n"),
    );
  } finally {
    await seed.end();
    await runner.stop();
    await disconnectDb();
    await fake.close();
    await database.drop();
  }
}

if (!rerunWithAppNodeFlags()) await main();

// Operator dashboard benchmark (issue 13, "Performance"). A fresh database on DATABASE_URL's
// server seeded with the issue's size — 100,000 users, 20,000 signals with their events,
// 1,000,000 positions (20,000 of them open, with their orders) — and enough of everything else for
// every screen: payments, transfers, partners and their credits, risk events, the audit log,
// outbox messages, notifications, exchange connections, review posts, VIP group members, the
// track record and 30 daily reports. All set-based (INSERT … SELECT generate_series).
//
// Two measurements, each 20 loads after 3 warm-up loads, p50 / p95 / max:
// 1. Every tRPC procedure a dashboard screen calls (first paint and the queries the browser sends
//    on load), called in this process through the real router with an admin context: the
//    statements each call sent (node-postgres Client#query, counted), and for every list the
//    count at its smallest and largest page size — equal counts mean no statement per row.
//    Target for a list: p95 ≤ 100 ms.
// 2. Every /admin page rendered by `next start` (production build) for a signed-in admin: the time
//    to the whole HTML document, and the statements the server sent for it (bench/lib/count-queries.mjs
//    is preloaded into the server). Target: p95 ≤ 300 ms. The server runs with its minute jobs off
//    (job mode "inngest" with no Inngest reachable) so that no sweep shares the cores mid-sample.
// The load average is printed next to every figure: the machine's 2 cores are shared.
//
// Usage: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/dashboard.ts
//   [--calls 20] [--keep | --reuse <kept database url>] [--only procedures|pages] [--port 3990]
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { createDatabase, ensureBuild, percentile, requireServerUrl, startServer, useInProcessEnv } from "./lib/server";

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const CALLS = Number(option("--calls") ?? 20);
const KEEP = args.includes("--keep");
const REUSE = option("--reuse");
const ONLY = option("--only");
const PORT = Number(option("--port") ?? 3990);
const USERS = 100_000;
const SIGNALS = 20_000;
const POSITIONS = 1_000_000;
const OPEN_SIGNALS = 40;
const COPIES_PER_OPEN_SIGNAL = 500;
const VIP_CHAT = "-1001000000001";
const ADMIN_EMAIL = "bench-admin@bench.test";

// Every statement node-postgres sends in this process (Prisma's adapter and the raw pool both end here).
let statements = 0;
const clientQuery = Reflect.get(pg.Client.prototype, "query") as (...a: unknown[]) => unknown;
pg.Client.prototype.query = function countedQuery(this: pg.Client, ...a: unknown[]) {
  statements++;
  return clientQuery.apply(this, a);
} as typeof pg.Client.prototype.query;

const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(" ");

async function seed(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const t0 = performance.now();
  const step = async (label: string, sql: string) => {
    const t = performance.now();
    const r = await c.query(sql);
    console.log(`  seeded ${label}${r.rowCount ? ` (${r.rowCount.toLocaleString("en")} rows)` : ""} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  await step(
    "partners",
    `INSERT INTO partners (name, telegram_handle, email, referral_code, created_at)
     SELECT 'Partner ' || n, '@partner' || n, 'partner' || n || '@bench.test', 'REF' || n, now() - n * interval '1 day' FROM generate_series(1, 200) AS n`,
  );
  await step(
    "users",
    `INSERT INTO users (username, email, password_hash, role, plan, plan_expires_at, auto_trade_enabled, is_active, referred_by_partner_id,
                        telegram_user_id, telegram_username, created_at, updated_at)
     SELECT 'u' || n, 'u' || n || '@bench.test', 'x', 'USER',
            (ARRAY['TRIAL','VIP','PREMIUM'])[1 + n % 3]::"Plan",
            CASE WHEN n % 3 = 0 THEN NULL ELSE now() + ((n % 60) - 20) * interval '1 day' END,
            n % 3 = 2 AND n % 5 = 0, n % 50 <> 0,
            CASE WHEN n % 10 = 3 THEN 1 + n % 200 END,
            CASE WHEN n % 10 = 1 THEN 5000000000 + n END, CASE WHEN n % 10 = 1 THEN 'tg_u' || n END,
            now() - (n % 365) * interval '1 day' - (n % 86400) * interval '1 second', now()
     FROM generate_series(1, ${USERS}) AS n`,
  );
  await step("the admin", `INSERT INTO users (username, email, password_hash, role, updated_at) VALUES ('bench-admin', '${ADMIN_EMAIL}', 'x', 'ADMIN', now())`);
  await step(
    "signals",
    `INSERT INTO signals (id, symbol, direction, entry_low, entry_high, targets, stop_loss, leverage, source, status, targets_hit, realized_profit_pct, created_at, closed_at)
     SELECT gen_random_uuid(), 'SYM' || (n % 80) || 'USDT', (CASE WHEN n % 2 = 0 THEN 'LONG' ELSE 'SHORT' END)::"Direction",
            100, 100, CASE WHEN n % 2 = 0 THEN ARRAY[101, 102, 103] ELSE ARRAY[99, 98, 97] END::numeric[], CASE WHEN n % 2 = 0 THEN 95 ELSE 105 END, 10,
            (ARRAY['ADMIN','API','WEBHOOK','TELEGRAM'])[1 + n % 4]::"SignalSource",
            (CASE WHEN n <= ${OPEN_SIGNALS} THEN 'OPEN' WHEN n % 4 = 0 THEN 'HIT_SL' WHEN n % 7 = 0 THEN 'CANCELLED' ELSE 'HIT_TP' END)::"SignalStatus",
            CASE WHEN n % 4 = 0 OR n <= ${OPEN_SIGNALS} THEN 0 ELSE 1 + n % 3 END,
            CASE WHEN n <= ${OPEN_SIGNALS} THEN 0 WHEN n % 4 = 0 THEN -5 WHEN n % 7 = 0 THEN 0 ELSE 1 + (n % 3) END,
            now() - (n * 365.0 / ${SIGNALS}) * interval '1 day',
            CASE WHEN n <= ${OPEN_SIGNALS} THEN NULL ELSE now() - (n * 365.0 / ${SIGNALS}) * interval '1 day' + interval '6 hours' END
     FROM generate_series(1, ${SIGNALS}) AS n`,
  );
  await step(
    "signal events (one per target reached, then the closing one)",
    `INSERT INTO signal_events (id, signal_id, type, target_index, price, profit_pct, dedupe_key, created_at)
     SELECT gen_random_uuid(), s.id, 'TP_HIT', t, 100 + t, t, 'tp:' || t, s.created_at + t * interval '1 hour'
     FROM signals s CROSS JOIN generate_series(1, 3) AS t WHERE t <= s.targets_hit
     UNION ALL
     SELECT gen_random_uuid(), id, (CASE WHEN status = 'HIT_SL' THEN 'SL_HIT' WHEN status = 'CANCELLED' THEN 'CANCELLED' ELSE 'ALL_TP' END)::"SignalEventType",
            NULL, NULL, realized_profit_pct, 'close', closed_at
     FROM signals WHERE closed_at IS NOT NULL`,
  );
  const closed = POSITIONS - OPEN_SIGNALS * COPIES_PER_OPEN_SIGNAL;
  await step(
    "closed positions",
    `WITH s AS (SELECT id, symbol, direction, created_at, row_number() OVER (ORDER BY created_at) - 1 AS k FROM signals WHERE status <> 'OPEN')
     INSERT INTO positions (id, user_id, signal_id, symbol, direction, mode, status, leverage, entry_price, qty, remaining_qty, notional, margin, targets, realized_pnl, pnl_pct,
                            signal_entry_price, entry_ack_at, entry_latency_ms, slippage_pct, close_reason, opened_at, closed_at)
     SELECT gen_random_uuid(), 1 + n % ${USERS}, s.id, s.symbol, s.direction, (CASE WHEN n % 10 = 0 THEN 'BINANCE_TESTNET' ELSE 'PAPER' END)::"ExchangeMode", 'CLOSED',
            10, 100, 1, 0, 100, 10, ARRAY[101]::numeric[], ((n % 21) - 8) * 0.5, ((n % 21) - 8) * 5,
            100, s.created_at + (n % 900) * interval '1 millisecond', n % 900, (n % 7) * 0.01, 'TP', s.created_at, s.created_at + interval '6 hours'
     FROM generate_series(0, ${closed - 1}) AS n JOIN s ON s.k = (n / ${USERS}) * 2000 + (n % ${USERS}) % 2000`,
  );
  await step(
    "open copies (and failed ones) of the open signals",
    `WITH s AS (SELECT id, symbol, direction, created_at, row_number() OVER (ORDER BY created_at) - 1 AS k FROM signals WHERE status = 'OPEN')
     INSERT INTO positions (id, user_id, signal_id, symbol, direction, mode, status, leverage, entry_price, qty, remaining_qty, notional, margin, stop_loss, targets,
                            protected, failure_code, failure_reason, signal_entry_price, entry_ack_at, entry_latency_ms, slippage_pct, next_tp_price, opened_at)
     SELECT gen_random_uuid(), 1 + (s.k * ${COPIES_PER_OPEN_SIGNAL} + m) * 3 % ${USERS}, s.id, s.symbol, s.direction,
            (CASE WHEN m % 10 = 0 THEN 'BINANCE_TESTNET' ELSE 'PAPER' END)::"ExchangeMode",
            (CASE WHEN m % 25 = 24 THEN 'FAILED' ELSE 'OPEN' END)::"PositionStatus",
            10, 100 + (m % 5) * 0.1, 1, 1, 100, 10, 95, ARRAY[101, 102, 103]::numeric[],
            NOT (m % 10 = 0 AND m % 30 = 0), CASE WHEN m % 25 = 24 THEN (ARRAY['RISK_BLOCKED','STALE_PRICE','SIZE_TOO_SMALL','EXCHANGE_ERROR'])[1 + m % 4] END,
            CASE WHEN m % 25 = 24 THEN 'bench' END,
            100, s.created_at + (m % 900) * interval '1 millisecond', m % 900, (m % 9) * 0.01, 101, s.created_at
     FROM s CROSS JOIN generate_series(0, ${COPIES_PER_OPEN_SIGNAL - 1}) AS m
     ON CONFLICT (user_id, signal_id) DO NOTHING`,
  );
  await step(
    "orders of the open copies (entry, take-profit, stop)",
    `INSERT INTO orders (id, position_id, user_id, client_order_id, kind, side, type, target_index, qty, price, trigger_price, reduce_only, status, filled_qty, avg_price, created_at, updated_at)
     SELECT gen_random_uuid(), p.id, p.user_id, 'vz-' || replace(p.id::text, '-', '') || '-' || k, (ARRAY['ENTRY','TAKE_PROFIT','STOP_LOSS'])[k]::"OrderKind",
            (CASE WHEN (k = 1) = (p.direction = 'LONG') THEN 'BUY' ELSE 'SELL' END)::"OrderSide", CASE k WHEN 1 THEN 'MARKET' WHEN 2 THEN 'LIMIT' ELSE 'STOP_MARKET' END,
            CASE WHEN k = 2 THEN 1 END, 1, CASE WHEN k = 2 THEN 101 END, CASE WHEN k = 3 THEN 95 END, k > 1,
            (CASE WHEN k = 1 THEN 'FILLED' ELSE 'NEW' END)::"OrderStatus", CASE WHEN k = 1 THEN 1 ELSE 0 END, CASE WHEN k = 1 THEN p.entry_price END, p.opened_at, p.opened_at
     FROM positions p CROSS JOIN generate_series(1, 3) AS k WHERE p.status = 'OPEN'`,
  );
  await step(
    "exchange connections (auto-traders)",
    `INSERT INTO exchange_connections (user_id, mode, api_key_enc, api_secret_enc, validated_at, updated_at)
     SELECT id, (CASE WHEN id % 10 = 0 THEN 'BINANCE_TESTNET' ELSE 'PAPER' END)::"ExchangeMode", CASE WHEN id % 10 = 0 THEN 'sealed' END, CASE WHEN id % 10 = 0 THEN 'sealed' END, now(), now()
     FROM users WHERE auto_trade_enabled`,
  );
  await step(
    "payments",
    `INSERT INTO payments (id, user_id, plan, network, tx_hash, expected_amount, paid_amount, status, reason, check_attempts, last_checked_at, next_check_at, check_deadline,
                           confirmed_at, rejected_at, created_at, updated_at)
     SELECT gen_random_uuid(), 1 + n * 2 % ${USERS}, (CASE WHEN n % 3 = 0 THEN 'PREMIUM' ELSE 'VIP' END)::"Plan", 'TRC20', lpad(to_hex(n), 64, '0'), 49.5,
            CASE WHEN n % 100 <> 8 AND n % 10 <> 9 THEN 49.5 END,
            (CASE WHEN n % 100 = 8 THEN 'PENDING' WHEN n % 10 = 9 THEN 'REJECTED' ELSE 'CONFIRMED' END)::"PaymentStatus",
            CASE WHEN n % 10 = 9 THEN 'not found on chain' END, n % 5, now() - interval '1 minute',
            CASE WHEN n % 100 = 8 THEN now() + (n % 30) * interval '1 minute' END, CASE WHEN n % 100 = 8 THEN now() + interval '1 day' END,
            CASE WHEN n % 100 <> 8 AND n % 10 <> 9 THEN now() - (n % 365) * interval '1 day' END, CASE WHEN n % 10 = 9 THEN now() - (n % 365) * interval '1 day' END,
            now() - (n % 365) * interval '1 day' - (n % 3600) * interval '1 second', now()
     FROM generate_series(1, 50000) AS n`,
  );
  await step(
    "partner credits (first confirmed payment of each referred user)",
    `INSERT INTO partner_credits (partner_id, user_id, payment_id, amount, created_at)
     SELECT DISTINCT ON (u.id) u.referred_by_partner_id, u.id, p.id, 4.95, p.confirmed_at
     FROM users u JOIN payments p ON p.user_id = u.id AND p.status = 'CONFIRMED' WHERE u.referred_by_partner_id IS NOT NULL ORDER BY u.id, p.created_at`,
  );
  await step(
    "incoming transfers",
    `INSERT INTO incoming_transfers (tx_id, from_address, amount, block_time, status, reason, created_at, updated_at)
     SELECT lpad(to_hex(1000000 + n), 64, 'f'), 'TBench' || n, 49.5 - (n % 3), now() - (n % 365) * interval '1 day',
            (ARRAY['MATCHED','MATCHED','MATCHED','REVIEW','UNMATCHED','ASSIGNED'])[1 + n % 6]::"TransferStatus", CASE WHEN n % 6 IN (3, 4) THEN 'no open invoice for this amount' END, now(), now()
     FROM generate_series(1, 10000) AS n`,
  );
  await step(
    "risk events",
    `INSERT INTO risk_events (user_id, kind, rule, symbol, reason, created_at)
     SELECT 1 + n % ${USERS}, 'USER_BLOCKED', (ARRAY['max_concurrent_trades','cooldown','per_symbol_limit','max_daily_trades'])[1 + n % 4], 'SYM' || (n % 80) || 'USDT', 'bench',
            now() - (n % 365) * interval '1 day' - (n % 86400) * interval '1 second'
     FROM generate_series(1, 50000) AS n`,
  );
  await step(
    "audit log",
    `INSERT INTO audit_events (actor_id, action, target, details, created_at)
     SELECT (SELECT id FROM users WHERE email = '${ADMIN_EMAIL}'),
            (ARRAY['subscription.update','payment.verify','payment.reject','partner.create','kill_switch.toggle','review.dismiss'])[1 + n % 6],
            'user:' || (1 + n % ${USERS}), jsonb_build_object('reason', 'bench', 'before', jsonb_build_object('plan', 'TRIAL'), 'after', jsonb_build_object('plan', 'VIP')),
            now() - (n % 365) * interval '1 day' - (n % 86400) * interval '1 second'
     FROM generate_series(1, 100000) AS n`,
  );
  await step(
    "outbox messages (3 groups, 2,000 direct chats)",
    `INSERT INTO outbox_messages (target, kind, body, dedupe_key, status, attempts, next_attempt_at, last_error, sent_at, created_at)
     SELECT CASE n % 4 WHEN 0 THEN '${VIP_CHAT}' WHEN 1 THEN '-1001000000002' WHEN 2 THEN '-1001000000003' ELSE (5000000000 + n % 2000)::text END,
            'signal', 'bench message ' || n, 'bench:' || n,
            (CASE WHEN n % 100 < 95 THEN 'SENT' WHEN n % 100 < 98 THEN 'PENDING' ELSE 'FAILED' END)::"OutboxStatus", CASE WHEN n % 100 < 95 THEN 1 ELSE 3 END,
            now() + (n % 60) * interval '1 second', CASE WHEN n % 100 >= 95 THEN 'Too Many Requests: retry after 5' END,
            CASE WHEN n % 100 < 95 THEN now() - (n % 365) * interval '1 day' END, now() - (n % 365) * interval '1 day'
     FROM generate_series(1, 200000) AS n`,
  );
  await step(
    "notifications",
    `INSERT INTO user_notifications (user_id, kind, title, body, dedupe_key, read_at, created_at)
     SELECT 1 + n % ${USERS}, 'trade', 'Position closed', 'bench', 'bench:' || n, CASE WHEN n % 2 = 0 THEN now() END, now() - (n % 365) * interval '1 day'
     FROM generate_series(1, 200000) AS n`,
  );
  await step(
    "review queue posts",
    `INSERT INTO unparsed_messages (chat_id, message_id, text, reason, created_at, resolution, resolved_at)
     SELECT '-1001000000009', n::text, 'BTC looks ready ' || n || E'\\nentry maybe 100', 'no targets', now() - (n % 365) * interval '1 day',
            CASE WHEN n % 3 = 0 THEN NULL WHEN n % 3 = 1 THEN 'DISMISSED' ELSE 'SIGNAL' END, CASE WHEN n % 3 <> 0 THEN now() END
     FROM generate_series(1, 5000) AS n`,
  );
  await step(
    "VIP group members (linked users and strangers)",
    `INSERT INTO telegram_group_members (chat_id, telegram_user_id, username, status, updated_at)
     SELECT '${VIP_CHAT}', telegram_user_id, telegram_username, 'member', now() FROM users WHERE telegram_user_id IS NOT NULL
     UNION ALL
     SELECT '${VIP_CHAT}', 9000000000 + n, 'stranger' || n, 'member', now() FROM generate_series(1, 500) AS n`,
  );
  await step(
    "track record (one link per closed signal)",
    `INSERT INTO track_record (seq, signal_id, record, prev_hash, hash, created_at)
     SELECT row_number() OVER (ORDER BY closed_at), id, '{}', md5(id::text || 'p'), md5(id::text), closed_at FROM signals WHERE closed_at IS NOT NULL`,
  );
  // What autovacuum does to a table in service: statistics and the visibility map (index-only scans).
  await step("VACUUM ANALYZE", "VACUUM ANALYZE");
  await c.end();
  console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

type TCaller = Awaited<ReturnType<typeof makeCaller>>;
async function makeCaller(adminId: number) {
  const { createCaller } = await import("../server/trpc/root");
  const { getActiveUser } = await import("../server/auth/authenticate");
  return createCaller({ user: await getActiveUser({ userId: adminId }), ip: "127.0.0.1" });
}

type TSample = { p50: number; p95: number; max: number; statements: number[] };

async function sample(run: () => Promise<unknown>, statementCount: () => Promise<number> | number): Promise<TSample> {
  for (let i = 0; i < 3; i++) await run();
  const times: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const before = await statementCount();
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
    counts.push((await statementCount()) - before);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1)!, statements: counts };
}

const ms = (x: number) => x.toFixed(1).padStart(7);
const statementRange = (counts: number[]) => {
  const lo = Math.min(...counts);
  const hi = Math.max(...counts);
  return lo === hi ? String(lo) : `${lo}–${hi}`;
};

type TIds = { adminId: number; userId: number; signalId: string; reviewId: number; reportDate: string };

async function pickIds(): Promise<TIds> {
  const { db } = await import("../server/db/client");
  const admin = await db().user.findUniqueOrThrow({ where: { email: ADMIN_EMAIL }, select: { id: true } });
  // A PREMIUM auto-trader with positions, payments, risk events and notifications.
  const user = await db().user.findUniqueOrThrow({ where: { email: "u5@bench.test" }, select: { id: true } });
  // The newest open signal: 480 open copies, 20 failed.
  const signal = await db().signal.findFirstOrThrow({ where: { status: "OPEN" }, orderBy: { createdAt: "desc" }, select: { id: true } });
  const review = await db().unparsedMessage.findFirstOrThrow({ where: { resolution: null }, orderBy: { id: "desc" }, select: { id: true } });
  const report = await db().dailyReport.findFirstOrThrow({ orderBy: { day: "desc" }, select: { day: true } });
  return { adminId: admin.id, userId: user.id, signalId: signal.id, reviewId: review.id, reportDate: report.day.toISOString().slice(0, 10) };
}

/** [screen, procedure and input, call, list: the same call at its largest page (no statement per row), or undefined]. */
function procedures(ids: TIds): [string, string, (c: TCaller) => Promise<unknown>, ((c: TCaller) => Promise<unknown>) | undefined][] {
  const { userId: id, signalId, reviewId } = ids;
  return [
    ["layout", "safety.widget", (c) => c.safety.widget(), undefined],
    ["layout", "me.get", (c) => c.me.get(), undefined],
    ["overview", "analytics.overview", (c) => c.analytics.overview(), undefined],
    ["overview", "analytics.health", (c) => c.analytics.health(), undefined],
    ["overview", "analytics.signupsSeries {days: 30}", (c) => c.analytics.signupsSeries({ days: 30 }), undefined],
    ["overview", "analytics.revenueSeries {days: 30}", (c) => c.analytics.revenueSeries({ days: 30 }), undefined],
    ["overview", "analytics.signalsSeries {days: 30}", (c) => c.analytics.signalsSeries({ days: 30 }), undefined],
    ["overview", "analytics.profitSeries {days: 30}", (c) => c.analytics.profitSeries({ days: 30 }), undefined],
    ["overview", "analytics.pnlSeries {days: 30}", (c) => c.analytics.pnlSeries({ days: 30 }), undefined],
    ["overview", "analytics.blockedSeries {days: 30}", (c) => c.analytics.blockedSeries({ days: 30 }), undefined],
    ["overview", "analytics.signupsSeries {days: 365}", (c) => c.analytics.signupsSeries({ days: 365 }), undefined],
    ["overview", "analytics.pnlSeries {days: 365}", (c) => c.analytics.pnlSeries({ days: 365 }), undefined],
    ["signals", "signals.list {page 1}", (c) => c.signals.list({ page: 1, per_page: 20 }), (c) => c.signals.list({ page: 1, per_page: 100 })],
    ["signals", "signals.list {status HIT_SL, symbol SYM7USDT}", (c) => c.signals.list({ status: "HIT_SL", symbol: "SYM7USDT" }), undefined],
    ["signals", "signals.list {page 500}", (c) => c.signals.list({ page: 500, per_page: 20 }), undefined],
    ["signal", "signals.get (open, 500 copies)", (c) => c.signals.get({ id: signalId }), undefined],
    ["signal", "signals.copyReport", (c) => c.signals.copyReport({ signal_id: signalId }), undefined],
    ["review", "review.list {pending}", (c) => c.review.list({ state: "pending", page: 1, per_page: 20 }), (c) => c.review.list({ state: "pending", page: 1, per_page: 100 })],
    ["review", "review.list {all, q}", (c) => c.review.list({ state: "all", q: "ready 49", page: 1, per_page: 20 }), undefined],
    ["review", "review.get", (c) => c.review.get({ id: reviewId }), undefined],
    ["users", "users.list {page 1}", (c) => c.users.list({ page: 1, per_page: 25 }), (c) => c.users.list({ page: 1, per_page: 100 })],
    ["users", "users.list {q u123, plan VIP}", (c) => c.users.list({ q: "u123", plan: "VIP", page: 1, per_page: 25 }), undefined],
    // Two characters: no trigram to look up, so every user is read (LIKE on search_text, lower-cased at write).
    ["users", "users.list {q u1}", (c) => c.users.list({ q: "u1", page: 1, per_page: 25 }), undefined],
    ["users", "users.list {page 2000}", (c) => c.users.list({ page: 2000, per_page: 25 }), undefined],
    ["user", "users.get", (c) => c.users.get({ id }), undefined],
    ["user", "users.setup", (c) => c.users.setup({ id }), undefined],
    ["user", "users.positions", (c) => c.users.positions({ id, page: 1, per_page: 10 }), (c) => c.users.positions({ id, page: 1, per_page: 50 })],
    ["user", "users.payments", (c) => c.users.payments({ id, page: 1, per_page: 10 }), (c) => c.users.payments({ id, page: 1, per_page: 50 })],
    ["user", "users.riskEvents", (c) => c.users.riskEvents({ id, page: 1, per_page: 10 }), (c) => c.users.riskEvents({ id, page: 1, per_page: 50 })],
    ["user", "users.notifications", (c) => c.users.notifications({ id, page: 1, per_page: 10 }), (c) => c.users.notifications({ id, page: 1, per_page: 50 })],
    ["user", "membership.user", (c) => c.membership.user({ id }), undefined],
    ["payments", "payments.list {PENDING, 100}", (c) => c.payments.list({ status: "PENDING", page: 1, per_page: 100 }), (c) => c.payments.list({ status: "PENDING", page: 1, per_page: 10 })],
    ["payments", "payments.list {history}", (c) => c.payments.list({ page: 1, per_page: 20 }), (c) => c.payments.list({ page: 1, per_page: 100 })],
    ["payments", "payments.list {CONFIRMED, q}", (c) => c.payments.list({ status: "CONFIRMED", q: "u12", page: 1, per_page: 20 }), undefined],
    ["payments", "payments.totals {}", (c) => c.payments.totals({}), undefined],
    ["payments", "payments.transfers", (c) => c.payments.transfers({ page: 1, per_page: 20 }), (c) => c.payments.transfers({ page: 1, per_page: 100 })],
    ["partners", "partners.list", (c) => c.partners.list({ page: 1, per_page: 50 }), (c) => c.partners.list({ page: 1, per_page: 100 })],
    ["risk", "safety.status", (c) => c.safety.status(), undefined],
    ["risk", "safety.events {page 1}", (c) => c.safety.events({ page: 1, limit: 20 }), (c) => c.safety.events({ page: 1, limit: 200 })],
    ["risk", "safety.blocked", (c) => c.safety.blocked({}), undefined],
    ["auto-trader", "autoTrader.positions {}", (c) => c.autoTrader.positions({ page: 1, per_page: 25 }), (c) => c.autoTrader.positions({ page: 1, per_page: 100 })],
    ["auto-trader", "autoTrader.positions {live, unprotected}", (c) => c.autoTrader.positions({ mode: "live", unprotected: true, page: 1, per_page: 25 }), undefined],
    ["auto-trader", "autoTrader.positions {user u1}", (c) => c.autoTrader.positions({ user: "u1", page: 1, per_page: 25 }), undefined],
    // Three characters: the shortest owner search a trigram index can serve (u1 above reads every user).
    ["auto-trader", "autoTrader.positions {user u12}", (c) => c.autoTrader.positions({ user: "u12", page: 1, per_page: 25 }), undefined],
    ["auto-trader", "autoTrader.exposure", (c) => c.autoTrader.exposure(), undefined],
    ["reports", "analytics.dailyReports {limit 30}", (c) => c.analytics.dailyReports({ limit: 30 }), (c) => c.analytics.dailyReports({ limit: 5 })],
    ["reports", "analytics.chainHead", (c) => c.analytics.chainHead(), undefined],
    ["delivery", "delivery.chats", (c) => c.delivery.chats({ page: 1, per_page: 20 }), (c) => c.delivery.chats({ page: 1, per_page: 100 })],
    ["delivery", "delivery.messages {}", (c) => c.delivery.messages({ page: 1, per_page: 25 }), (c) => c.delivery.messages({ page: 1, per_page: 100 })],
    ["delivery", "delivery.messages {FAILED, VIP chat}", (c) => c.delivery.messages({ status: "FAILED", target: VIP_CHAT, page: 1, per_page: 25 }), undefined],
    ["audit", "audit.list {}", (c) => c.audit.list({ page: 1, per_page: 25 }), (c) => c.audit.list({ page: 1, per_page: 100 })],
    ["audit", "audit.list {action, target}", (c) => c.audit.list({ action: "payment.verify", target: "user:7", page: 1, per_page: 25 }), undefined],
    ["membership", "membership.unauthorized", (c) => c.membership.unauthorized(), undefined],
  ];
}

const LIST = /\.list|positions|payments|riskEvents|notifications|events|transfers|chats|messages|unauthorized|dailyReports/;

async function measureProcedures(ids: TIds): Promise<void> {
  const caller = await makeCaller(ids.adminId);
  console.log(`\ntRPC procedures in this process (${CALLS} calls after 3 warm-up calls; statements per call; list target p95 ≤ 100 ms):`);
  console.log(`${"screen".padEnd(12)} ${"procedure".padEnd(46)}     p50      p95      max  stmts  (other page size)  load`);
  for (const [screen, label, call, otherSize] of procedures(ids)) {
    const s = await sample(() => call(caller), () => statements);
    let other = "";
    if (otherSize) {
      const before = statements;
      await otherSize(caller);
      other = String(statements - before);
    }
    const list = LIST.test(label);
    const verdict = list ? (s.p95 <= 100 ? "ok" : "OVER 100 ms") : "";
    console.log(`${screen.padEnd(12)} ${label.padEnd(46)} ${ms(s.p50)}  ${ms(s.p95)}  ${ms(s.max)}  ${statementRange(s.statements).padStart(5)}  ${other.padStart(17)}  ${load()}  ${verdict}`);
  }
}

async function signIn(base: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}/admin` }),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="));
  if (!session) throw new Error(`sign-in failed: ${res.status} ${res.headers.get("location")}`);
  return session.split(";")[0]!;
}

async function measurePages(dbUrl: string, ids: TIds): Promise<void> {
  ensureBuild();
  const counterPort = PORT + 7;
  const server = await startServer(dbUrl, PORT, {
    NODE_OPTIONS: `--import ${pathToFileURL(path.resolve("bench/lib/count-queries.mjs")).href}`,
    BENCH_QUERY_COUNTER_PORT: String(counterPort),
    VIP_CHAT_ID: VIP_CHAT,
    // No minute jobs in the measured process: job mode "inngest" with nothing listening.
    INNGEST_BASE_URL: "http://127.0.0.1:9",
    INNGEST_EVENT_KEY: "bench",
  });
  try {
    const cookie = await signIn(server.base, server.admin.email, server.admin.password);
    const counter = async () => Number(await (await fetch(`http://127.0.0.1:${counterPort}/`)).text());
    const pages = [
      "/admin",
      "/admin/signals",
      `/admin/signals/${ids.signalId}`,
      "/admin/review",
      `/admin/review/${ids.reviewId}`,
      "/admin/users",
      `/admin/users/${ids.userId}`,
      "/admin/payments",
      "/admin/partners",
      "/admin/risk",
      "/admin/auto-trader",
      "/admin/reports",
      `/admin/reports/${ids.reportDate}`,
      "/admin/delivery",
      "/admin/audit",
      "/admin/membership",
    ];
    console.log(`\n/admin pages from next start (${CALLS} loads after 3 warm-up loads, whole HTML document; statements the server sent per load; target p95 ≤ 300 ms):`);
    console.log(`${"page".padEnd(52)}     p50      p95      max  stmts   bytes  load`);
    for (const page of pages) {
      let bytes = 0;
      const s = await sample(async () => {
        const res = await fetch(`${server.base}${page}`, { headers: { cookie }, redirect: "manual" });
        const html = await res.text();
        if (res.status !== 200) throw new Error(`${page}: ${res.status} ${res.headers.get("location") ?? html.slice(0, 200)}`);
        bytes = html.length;
      }, counter);
      console.log(`${page.padEnd(52)} ${ms(s.p50)}  ${ms(s.p95)}  ${ms(s.max)}  ${statementRange(s.statements).padStart(5)}  ${String(bytes).padStart(6)}  ${load()}  ${s.p95 <= 300 ? "ok" : "OVER 300 ms"}`);
    }
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const serverUrl = requireServerUrl("bench/dashboard.ts");
  const database = REUSE ? { url: REUSE, version: "(reused)", drop: async () => undefined } : await createDatabase(serverUrl, "verzek_bench_dashboard");
  console.log(`database: ${database.version}; ${os.cpus().length} CPUs; load average ${load()}; ${new Date().toISOString()}`);
  useInProcessEnv(database.url, { VIP_CHAT_ID: VIP_CHAT, ADMIN_PASSWORD: randomBytes(12).toString("base64url") });
  const { migrate } = await import("../server/db/migrate");
  await migrate(database.url);
  const { disconnectDb, db } = await import("../server/db/client");
  try {
    if (!REUSE) {
      await seed(database.url);
      // What the minute job compact-rollups would have done by now, and a month of daily reports.
      const { compactRollups } = await import("../server/analytics/rollups");
      await compactRollups();
      const { generateDailyReport } = await import("../server/reports/daily-report");
      // A report queues its Telegram post and nudges the deliverer: no job runner in this process.
      (await import("../server/jobs/events")).setEventDispatcher(async () => undefined);
      const t = performance.now();
      for (let d = 30; d >= 1; d--) await generateDailyReport(new Date(Date.now() - d * 86_400_000).toISOString().slice(0, 10));
      console.log(`  30 daily reports in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      await db().$executeRawUnsafe("VACUUM ANALYZE");
    }
    const ids = await pickIds();
    if (ONLY !== "pages") await measureProcedures(ids);
    await disconnectDb();
    if (ONLY !== "procedures") await measurePages(database.url, ids);
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

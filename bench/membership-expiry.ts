// VIP group expiry benchmark (issue 19): N linked VIP members whose plans have all ended, one run
// of the expiry job (expirePlans: plans → TRIAL, each removal — ban, unban — and renewal DM queued
// in the outbox), then the outbox delivered to the local fake Bot API through the real grammy
// client, the fake enforcing Telegram's flood limits (30 calls a second overall, 20 messages a
// minute per group) with 429 retry_after. Time on Telegram's side is a clock the deliverer and the
// fake share (a wait advances it at once), so the run shows how long Telegram's limits make it
// last without waiting that long; the wall time is the platform's own cost.
// Printed: Telegram time, wall time, calls per method, 429 answers, the busiest second.
// Usage: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/membership-expiry.ts [--size 10000]
import pg from "pg";
import { startFakeTelegram } from "../test/fakes/telegram";
import { createDatabase, requireServerUrl, useInProcessEnv } from "./lib/server";

const args = process.argv.slice(2);
const SIZE = args.includes("--size") ? Number(args[args.indexOf("--size") + 1]) : 10_000;
const VIP = "-1001234567890";
const ADMIN = "-1009876543210";

async function main(): Promise<void> {
  const serverUrl = requireServerUrl("bench/membership-expiry.ts");
  const database = await createDatabase(serverUrl, "verzek_bench_membership");
  let t = Date.now();
  const tg = await startFakeTelegram({ now: () => t });
  tg.enforceLimits({ globalPerSecond: 30, groupMessagesPerMinute: 20 });
  useInProcessEnv(database.url, { TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot, VIP_CHAT_ID: VIP, ADMIN_CHAT_ID: ADMIN });
  const { migrate } = await import("../server/db/migrate");
  await migrate(database.url);
  const { disconnectDb } = await import("../server/db/client");
  const { expirePlans } = await import("../server/subscriptions/expire-plans");
  const { deliverOutbox } = await import("../server/notifications/deliver-outbox");
  const { telegramTransport } = await import("../server/deliver-telegram");
  const { createTelegramSender } = await import("../server/telegram/sender");

  const seed = new pg.Client({ connectionString: database.url });
  await seed.connect();
  try {
    // Linked VIP members whose plan ended a minute ago, access granted when they paid.
    await seed.query(
      `INSERT INTO users (username, email, password_hash, plan, plan_expires_at, telegram_user_id, vip_granted_at, updated_at)
       SELECT 'member' || n, 'member' || n || '@bench.test', 'x', 'VIP', now() - interval '1 minute', 5000000000 + n, now() - interval '30 days', now()
       FROM generate_series(1, $1::int) AS n`,
      [SIZE],
    );
    await seed.query(`INSERT INTO telegram_invite_links (chat_id, invite_link) VALUES ($1, 'https://t.me/+bench')`, [VIP]);
    await seed.query("ANALYZE");
    for (let n = 1; n <= SIZE; n++) tg.setMemberStatus(VIP, { id: 5_000_000_000 + n }, "member");
    tg.takeUpdates();

    const w0 = performance.now();
    const { expired } = await expirePlans();
    const wExpired = performance.now();
    const queued = await seed.query<{ n: string }>(`SELECT count(*) AS n FROM outbox_messages WHERE status = 'PENDING'`);

    const t0 = t;
    const clock = {
      now: () => new Date(t),
      sleep: async (ms: number) => {
        t += ms;
        await new Promise((resolve) => setImmediate(resolve));
      },
    };
    const transport = telegramTransport(createTelegramSender({ token: tg.token, apiRoot: tg.apiRoot }));
    const report = await deliverOutbox(transport, { clock, budgetMs: 24 * 3_600_000 });
    const wDone = performance.now();

    const left = await seed.query<{ status: string; n: string }>(`SELECT status::text, count(*) AS n FROM outbox_messages GROUP BY status`);
    const byMethod = new Map<string, number>();
    for (const c of tg.calls) byMethod.set(c.method, (byMethod.get(c.method) ?? 0) + 1);
    const perSecond = new Map<number, number>();
    for (const c of tg.calls) perSecond.set(Math.floor(c.at.getTime() / 1000), (perSecond.get(Math.floor(c.at.getTime() / 1000)) ?? 0) + 1);
    // The busiest sliding second, as the fake's own limit counts it.
    const times = tg.calls.map((c) => c.at.getTime()).sort((a, b) => a - b);
    let busiest = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 1000) j++;
      busiest = Math.max(busiest, i - j + 1);
    }
    const telegramSeconds = (t - t0) / 1000;
    console.log(`\nVIP group expiry: ${SIZE.toLocaleString("en-US")} linked VIP members lapse in one run; ${database.version}; fake Bot API with Telegram's limits (30 calls/s overall, 20 msgs/min per group)\n`);
    console.log(`  expiry job (expirePlans, ${expired.length} plans → TRIAL, ${queued.rows[0]!.n} calls queued): ${(wExpired - w0).toFixed(0)} ms wall`);
    console.log(`  delivery: ${report.sent} sent, ${report.failed} failed; outbox after: ${left.rows.map((r) => `${r.status} ${r.n}`).join(", ")}`);
    console.log(`  time on Telegram's side (deliverer's clock): ${telegramSeconds.toFixed(1)} s = ${(telegramSeconds / 60).toFixed(1)} min → ${((report.sent) / telegramSeconds).toFixed(1)} calls/s`);
    console.log(`  wall time of the delivery: ${((wDone - wExpired) / 1000).toFixed(1)} s`);
    console.log(`  calls: ${[...byMethod].map(([m, n]) => `${m} ${n}`).join(", ")}; total ${tg.calls.length}`);
    console.log(`  429 answers: ${tg.tooManyRequests()}; busiest sliding second: ${busiest} calls`);
    console.log(`  admin chat: ${tg.sentTo(ADMIN).length} message(s) (one digest for the run): ${JSON.stringify(tg.sentTo(ADMIN)[0]?.text.split("\n")[0] ?? "")}`);
    console.log(`  members left in the group per the fake: ${[...Array(SIZE).keys()].filter((n) => tg.memberStatus(VIP, 5_000_000_001 + n) === "member").length}`);
  } finally {
    await seed.end();
    await disconnectDb();
    await tg.close();
    await database.drop();
  }
}

await main();

// Signals benchmark (issue: signals). The production server on a fresh PostgreSQL database with
// 1,000 VIP subscribers and 2 live SSE clients; signals are POSTed one after another and 10 at a
// time. Prints POST /api/signals latency and the time from the POST to the signal's arrival at
// each SSE client (p50/p99). With --auto-traders the subscribers are PREMIUM with auto-trade on,
// so every signal also fans out 1,000 paper trades in the same process while the POSTs go on.
// Usage: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/signals.ts [--signals 200] [--auto-traders]
import pg from "pg";
import { createDatabase, ensureBuild, percentile, postJson, requireServerUrl, startServer } from "./lib/server";

const args = process.argv.slice(2);
const SIGNALS = Number(args[args.indexOf("--signals") + 1] || 200);
const SUBSCRIBERS = 1000;
const AUTO_TRADERS = args.includes("--auto-traders");
const PORT = 3391;

type TClient = { arrivals: Map<string, number>; close: () => void };

/** An SSE client reading frames off the stream and noting when each signal arrived. */
async function openSseClient(base: string, token: string): Promise<TClient> {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/signals/stream`, { headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" }, signal: controller.signal });
  if (!res.ok || !res.body) throw new Error(`stream failed: ${res.status}`);
  const arrivals = new Map<string, number>();
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = frame.split("\n").find((l) => l.startsWith("data: "));
        if (frame.includes("event: signal\n") && data) arrivals.set((JSON.parse(data.slice(6)) as { id: string }).id, performance.now());
      }
    }
  })();
  return { arrivals, close: () => controller.abort() };
}

const signalBody = (i: number) => ({
  symbol: `BENCH${i % 50}USDT`,
  direction: i % 2 ? "LONG" : "SHORT",
  entry: 100,
  targets: i % 2 ? [101, 102, 103] : [99, 98, 97],
  stop_loss: i % 2 ? 95 : 105,
  leverage: 10,
});

async function main(): Promise<void> {
  const serverUrl = requireServerUrl("bench/signals.ts");
  const database = await createDatabase(serverUrl, "verzek_bench_signals");
  ensureBuild();
  // Chat ids set (no bot token): every signal also writes its outbox rows, as in production.
  const server = await startServer(database.url, PORT, { VIP_CHAT_ID: "-1001", TRIAL_CHAT_ID: "-1002", ADMIN_CHAT_ID: "-1003" });
  try {
    const seed = new pg.Client({ connectionString: database.url });
    await seed.connect();
    await seed.query(
      `INSERT INTO users (username, email, password_hash, plan, plan_expires_at, auto_trade_enabled, updated_at)
       SELECT 'sub' || n, 'sub' || n || '@bench.test', 'x', $2::"Plan", now() + interval '30 days', $3, now() FROM generate_series(1, $1) AS n`,
      [SUBSCRIBERS, AUTO_TRADERS ? "PREMIUM" : "VIP", AUTO_TRADERS],
    );
    await seed.end();
    const login = await postJson(`${server.base}/api/auth/login`, server.admin);
    const token = login.json.access_token as string;
    const clients = [await openSseClient(server.base, token), await openSseClient(server.base, token)];

    const posted = new Map<string, number>();
    const postLatency: number[] = [];
    const post = async (i: number) => {
      const t0 = performance.now();
      const res = await postJson(`${server.base}/api/signals`, signalBody(i), token);
      postLatency.push(performance.now() - t0);
      if (res.status !== 201) throw new Error(`POST failed: ${res.status} ${JSON.stringify(res.json)}`);
      posted.set(res.json.signal.id as string, t0);
    };
    for (let i = 0; i < 10; i++) await post(i); // warm-up, not counted
    posted.clear();
    postLatency.length = 0;

    const half = Math.floor(SIGNALS / 2);
    for (let i = 0; i < half; i++) await post(i);
    const sequential = [...postLatency];
    for (let i = half; i < SIGNALS; i += 10) await Promise.all(Array.from({ length: Math.min(10, SIGNALS - i) }, (_, k) => post(i + k)));

    const deadline = performance.now() + 10_000;
    while (clients.some((c) => [...posted.keys()].some((id) => !c.arrivals.has(id))) && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const delivery: number[] = [];
    let missing = 0;
    for (const c of clients) {
      for (const [id, t0] of posted) {
        const at = c.arrivals.get(id);
        if (at === undefined) missing++;
        else delivery.push(at - t0);
      }
    }
    clients.forEach((c) => c.close());
    const fmt = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return `p50 ${percentile(s, 50).toFixed(1)} ms   p99 ${percentile(s, 99).toFixed(1)} ms   (n=${s.length})`;
    };
    console.log(`\n${SIGNALS} signals, ${SUBSCRIBERS} ${AUTO_TRADERS ? "PREMIUM auto-traders" : "VIP subscribers"}, 2 SSE clients, ${database.version}`);
    console.log(`POST /api/signals, one at a time:     ${fmt(sequential)}`);
    console.log(`POST /api/signals, all (incl. 10 at a time): ${fmt(postLatency)}   target p99 ≤ 100 ms`);
    console.log(`POST → SSE client:                    ${fmt(delivery)}   target p99 ≤ 250 ms; missing ${missing}`);
  } finally {
    await server.stop();
    await database.drop();
  }
}

await main();

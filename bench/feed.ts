// The live feed across app processes (issue 18). Two `next start` processes on one fresh database
// on DATABASE_URL's server (the production build): signals are POSTed to process A, SSE clients
// listen on process B (GET /api/signals/stream), so every frame crosses processes through
// PostgreSQL (NOTIFY at commit, LISTEN in B's hub; the poll is only the fallback).
// Printed, per run: from the POST's start to each client's frame — p50, p99 and max over every
// (signal, client) pair — and to the LAST client of each signal, p50 and p99.
// Usage: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/feed.ts [--clients 1,2000] [--signals 50]
import { randomBytes } from "node:crypto";
import { createDatabase, ensureBuild, percentile, postJson, requireServerUrl, startServer } from "./lib/server";

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
const CLIENTS = opt("--clients", "1,2000").split(",").map(Number);
const SIGNALS = Number(opt("--signals", "50"));
const PORT_A = 3710;
const PORT_B = 3711;

type TClient = { seen: Map<string, number>; close: () => void };

/** One SSE connection: the arrival time of each signal frame, by signal id. */
async function openClient(url: string, token: string): Promise<TClient> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" }, signal: abort.signal });
  if (res.status !== 200 || !res.body) throw new Error(`stream answered ${res.status}`);
  const seen = new Map<string, number>();
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const at = performance.now();
        buf += value;
        let end: number;
        while ((end = buf.indexOf("\n\n")) !== -1) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          if (!block.includes("event: signal\n")) continue;
          const data = block.split("\n").find((l) => l.startsWith("data: "));
          const id = data ? (JSON.parse(data.slice(6)) as { id?: string }).id : undefined;
          if (id && !seen.has(id)) seen.set(id, at);
        }
      }
    } catch {
      /* closed */
    }
  })();
  return { seen, close: () => abort.abort() };
}

async function main(): Promise<void> {
  const serverUrl = requireServerUrl("bench/feed.ts");
  ensureBuild();
  const database = await createDatabase(serverUrl, "verzek_bench_feed");
  const shared = {
    JWT_SECRET: randomBytes(48).toString("base64url"),
    AUTH_SECRET: randomBytes(48).toString("base64url"),
    SECRETS_KEY: randomBytes(32).toString("base64"),
    ADMIN_EMAIL: "feed-admin@bench.test",
    ADMIN_PASSWORD: randomBytes(24).toString("base64url"),
  };
  const a = await startServer(database.url, PORT_A, shared);
  const b = await startServer(database.url, PORT_B, shared);
  const rows: string[] = [];
  try {
    const admin = await postJson(`${a.base}/api/auth/login`, { email: shared.ADMIN_EMAIL, password: shared.ADMIN_PASSWORD });
    if (admin.status !== 200) throw new Error(`admin login: ${admin.status}`);
    const reader = await postJson(`${b.base}/api/auth/register`, { username: "feed_reader", email: "feed_reader@bench.test", password: randomBytes(18).toString("base64url") });
    if (reader.status !== 201) throw new Error(`register: ${reader.status}`);
    let n = 0;
    for (const clientCount of CLIENTS) {
      const clients: TClient[] = [];
      for (let i = 0; i < clientCount; i += 100) {
        clients.push(...(await Promise.all(Array.from({ length: Math.min(100, clientCount - i) }, () => openClient(`${b.base}/api/signals/stream`, reader.json.access_token as string)))));
      }
      await new Promise((r) => setTimeout(r, 1_000)); // every stream past its catch-up read
      const all: number[] = [];
      const last: number[] = [];
      for (let s = 0; s < SIGNALS; s += 1) {
        n += 1;
        const started = performance.now();
        const posted = await postJson(
          `${a.base}/api/signals`,
          { symbol: `FEED${n}USDT`, direction: "LONG", entry: 100, targets: [110, 120], stop_loss: 90, leverage: 5 },
          admin.json.access_token as string,
        );
        if (posted.status !== 201) throw new Error(`POST /api/signals: ${posted.status} ${JSON.stringify(posted.json)}`);
        const id = (posted.json.signal as { id: string }).id;
        const deadline = started + 10_000;
        while (clients.some((c) => !c.seen.has(id)) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 2));
        const times = clients.map((c) => (c.seen.get(id) ?? Number.POSITIVE_INFINITY) - started);
        all.push(...times);
        last.push(Math.max(...times));
        await new Promise((r) => setTimeout(r, 100));
      }
      for (const c of clients) c.close();
      all.sort((x, y) => x - y);
      last.sort((x, y) => x - y);
      const missed = all.filter((t) => !Number.isFinite(t)).length;
      rows.push(
        `${String(clientCount).padStart(5)} clients on B, ${SIGNALS} signals POSTed to A: POST → frame p50 ${percentile(all, 50).toFixed(0)} ms, p99 ${percentile(all, 99).toFixed(0)} ms, max ${Math.max(...all).toFixed(0)} ms; POST → last client p50 ${percentile(last, 50).toFixed(0)} ms, p99 ${percentile(last, 99).toFixed(0)} ms${missed ? `; ${missed} frames missing after 10 s` : ""}`,
      );
      console.log(rows.at(-1));
    }
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    await database.drop();
  }
  console.log(`\nbench/feed.ts — two next start processes, ${process.env.DATABASE_URL?.replace(/\/\/[^@]*@/, "//")}`);
  for (const r of rows) console.log(r);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

// GET /api/signals/stream: the live feed as Server-Sent Events, read from the real ReadableStream
// the route returns — two clients at once, resume after Last-Event-ID, TRIAL shaping, auth.
//
// The route imports `@/auth` (next-auth), which cannot be loaded under vitest (next-auth imports
// "next/server" without an extension, which Node's ESM resolver refuses outside Next). Only the
// dashboard-session lookup is replaced here by a stand-in returning the session a test sets;
// everything else — the route, bearer auth, openFeedStream, the hub, the database — is real.
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { db } from "@/server/db/client";
import { appendFeedEntry } from "@/server/signals/feed-log";
import { recordSignalEvent } from "@/server/signals/record-event";
import { createAdmin, createUser } from "@/test/helpers/factories";
import { call, expectError } from "@/test/helpers/http";
import { openSse, type TFrame, type TSseClient } from "@/test/helpers/sse";
import { longSignal, recordJobEvents, setEnv, uniqueSymbol } from "@/test/helpers/signals";
import { POST as publish } from "./route";
import { GET as stream } from "./stream/route";

const session = vi.hoisted(() => ({ current: null as null | { user: { id: string } } }));
vi.mock("@/auth", () => ({ auth: async () => session.current }));

// How long a test waits for a frame before failing: generous, since it only bounds a failure on a
// busy machine. How fast frames come is shown by what triggers them (the hub's poll is faked
// where that matters), not by the clock.
const WAIT_MS = 20_000;

const open: TSseClient[] = [];
beforeEach(() => void recordJobEvents());
afterEach(() => {
  for (const c of open.splice(0)) c.close();
  session.current = null;
});

async function connect(options: { token?: string; lastEventId?: string; query?: string } = {}): Promise<TSseClient> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.lastEventId) headers["last-event-id"] = options.lastEventId;
  const client = await openSse(stream, `http://localhost/api/signals/stream${options.query ?? ""}`, headers);
  open.push(client);
  return client;
}

let adminToken: string | undefined;
async function publishSignal(symbol: string) {
  adminToken ??= (await createAdmin()).token;
  const res = await call(publish, { method: "POST", token: adminToken, body: longSignal(symbol) });
  expect(res.status).toBe(201);
  return res.body.signal as { id: string; created_at: string };
}
const isSignal = (id: string) => (f: TFrame) => f.event === "signal" && f.data?.id === id;

describe("GET /api/signals/stream", () => {
  it("answers text/event-stream with a retry hint, and refuses a missing or bad token with 401", async () => {
    const { token } = await createUser({ plan: "VIP" });
    const client = await connect({ token });
    expect(client.status).toBe(200);
    expect(client.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(client.headers.get("cache-control")).toMatch(/no-cache/);
    await client.waitFor((f) => f.retry !== null);

    expectError(await call(stream, { path: "/api/signals/stream", token: "not-a-token" }), 401);
    expectError(await call(stream, { path: "/api/signals/stream?access_token=not-a-token" }), 401);
    // No bearer and no dashboard session.
    expectError(await call(stream, { path: "/api/signals/stream" }), 401, "unauthorized");
  });

  it("serves the dashboard through its session, shaped for that user", async () => {
    const { user } = await createAdmin();
    session.current = { user: { id: String(user.id) } };
    const client = await connect();
    expect(client.status).toBe(200);
    const s = await publishSignal(uniqueSymbol());
    expect((await client.waitFor(isSignal(s.id))).data.locked).toBe(false);
  });

  it("accepts ?access_token= for EventSource clients that cannot send headers", async () => {
    const { token } = await createUser({ plan: "VIP" });
    const client = await connect({ query: `?access_token=${token}` });
    expect(client.status).toBe(200);
    const s = await publishSignal(uniqueSymbol());
    await client.waitFor(isSignal(s.id));
  });

  it("pushes a new signal to two clients on the POST itself, without waiting for the hub's poll", async () => {
    // The poll never fires here: only the POST's own wake-up can deliver.
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    onTestFinished(() => void vi.useRealTimers());
    const vip = await createUser({ plan: "VIP" });
    const premium = await createUser({ plan: "PREMIUM" });
    const [a, b] = await Promise.all([connect({ token: vip.token }), connect({ token: premium.token })]);
    const symbol = uniqueSymbol();
    const s = await publishSignal(symbol);
    const [fa, fb] = await Promise.all([a.waitFor(isSignal(s.id)), b.waitFor(isSignal(s.id))]);
    for (const f of [fa, fb]) {
      expect(f.id).toMatch(/^\d+$/);
      expect(f.data).toMatchObject({ id: s.id, symbol, direction: "LONG", entry: "100", targets: ["110", "120", "130"], stop_loss: "90", locked: false });
    }
    expect(fa.id).toBe(fb.id);
    const entry = await db().feedEntry.findFirstOrThrow({ where: { signalId: s.id, kind: "signal" } });
    expect(fa.id).toBe(String(entry.seq));
  });

  it("picks up on its next poll (every 500 ms) an entry another app process wrote (no wake-up in this process)", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    onTestFinished(() => void vi.useRealTimers());
    const { token } = await createUser({ plan: "VIP" });
    const client = await connect({ token });
    await client.waitFor((f) => f.retry !== null);
    const symbol = uniqueSymbol();
    const row = await db().$transaction(async (tx) => {
      const created = await tx.signal.create({
        data: { symbol, direction: "SHORT", entryLow: "50", entryHigh: "50", targets: ["45"], stopLoss: "55", source: "API" },
        select: { id: true },
      });
      await appendFeedEntry(tx, { kind: "signal", signalId: created.id });
      return created;
    });
    // Nothing in this process wakes the hub: the poll's tick does. (Whether the entry is still unseen
    // before the tick cannot be asserted: the connection's own catch-up read runs after the retry
    // frame, and on a slow machine it may read the entry itself.)
    vi.advanceTimersByTime(500);
    const f = await client.waitFor(isSignal(row.id));
    expect(f.data).toMatchObject({ symbol, direction: "SHORT", entry: "50" });
  });

  it.skipIf(process.env.DATABASE_EMBEDDED === "1")(
    "on a PostgreSQL server, an entry another app process wrote arrives through LISTEN/NOTIFY, the poll never firing",
    async () => {
      vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
      onTestFinished(() => void vi.useRealTimers());
      const { token } = await createUser({ plan: "VIP" });
      const client = await connect({ token });
      await client.waitFor((f) => f.retry !== null);
      // The hub's LISTEN connection is made when its first client subscribes; give it a moment.
      await new Promise((r) => setTimeout(r, 300));
      const symbol = uniqueSymbol();
      const row = await db().$transaction(async (tx) => {
        const created = await tx.signal.create({
          data: { symbol, direction: "LONG", entryLow: "70", entryHigh: "70", targets: ["77"], stopLoss: "66", source: "API" },
          select: { id: true },
        });
        await appendFeedEntry(tx, { kind: "signal", signalId: created.id });
        return created;
      });
      const f = await client.waitFor(isSignal(row.id));
      expect(f.data).toMatchObject({ symbol, entry: "70" });
    },
  );

  it("carries events with the signal's new state", async () => {
    const { token } = await createUser({ plan: "VIP" });
    const client = await connect({ token });
    const s = await publishSignal(uniqueSymbol());
    await client.waitFor(isSignal(s.id));
    const { event } = await recordSignalEvent({ signalId: s.id, type: "TP_HIT", target: 1, price: null });
    const f = await client.waitFor((x) => x.event === "signal_event" && x.data?.id === event.id);
    expect(f.data).toMatchObject({ id: event.id, signal_id: s.id, type: "TP_HIT", target: 1, profit_pct: "100" });
    expect(f.data.signal).toMatchObject({ id: s.id, status: "TP_PARTIAL", targets_hit: 1 });
  });

  it("resumes after Last-Event-ID with exactly what was missed, in order, and nothing twice", async () => {
    const { token } = await createUser({ plan: "VIP" });
    const first = await connect({ token });
    const symbol = uniqueSymbol();
    const seen = await publishSignal(symbol);
    const lastSeen = (await first.waitFor(isSignal(seen.id))).id!;
    first.close();

    // Missed while disconnected: two signals and an event.
    const m1 = await publishSignal(symbol);
    const m2 = await publishSignal(symbol);
    const { event } = await recordSignalEvent({ signalId: m1.id, type: "CANCELLED", target: null, price: null });

    const resumed = await connect({ token, lastEventId: lastSeen });
    await resumed.waitFor((f) => f.event === "signal_event" && f.data?.id === event.id);
    const replayed = resumed.frames.filter((f) => f.id !== null);
    const ids = replayed.map((f) => BigInt(f.id!));
    // Exactly the feed entries after Last-Event-ID (other tests may add entries too), each once, ascending.
    const expected = await db().feedEntry.findMany({ where: { seq: { gt: BigInt(lastSeen), lte: ids.at(-1)! } }, orderBy: { seq: "asc" }, select: { seq: true } });
    expect(ids).toEqual(expected.map((e) => e.seq));
    const mine = replayed.filter((f) => f.data?.id === m1.id || f.data?.id === m2.id || f.data?.id === event.id);
    expect(mine.map((f) => [f.event, f.data.id])).toEqual([
      ["signal", m1.id],
      ["signal", m2.id],
      ["signal_event", event.id],
    ]);
    expect(replayed.some((f) => f.data?.id === seen.id)).toBe(false);

    // And it goes on live after the replay.
    const live = await publishSignal(symbol);
    await resumed.waitFor(isSignal(live.id));
    expect(resumed.frames.filter((f) => f.data?.id === live.id)).toHaveLength(1);
  });

  it("ignores a Last-Event-ID that is not a number and starts from now", async () => {
    const { token } = await createUser({ plan: "VIP" });
    const old = await publishSignal(uniqueSymbol());
    const client = await connect({ token, lastEventId: "abc" });
    const s = await publishSignal(uniqueSymbol());
    await client.waitFor(isSignal(s.id));
    expect(client.frames.some((f) => f.data?.id === old.id)).toBe(false);
  });

  it("a Last-Event-ID beyond the log (e.g. after a database restore) does not silence the stream", async () => {
    // An id we never issued (or one from before a restore) resumes from the end of the log.
    const { token } = await createUser({ plan: "VIP" });
    const latest = (await db().feedEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } }))?.seq ?? 0n;
    const client = await connect({ token, lastEventId: String(latest + 1_000_000n) });
    const s = await publishSignal(uniqueSymbol());
    await client.waitFor(isSignal(s.id));
  });

  it("sends a TRIAL client the new signal locked", async () => {
    setEnv({ TRIAL_FEED_DELAY_MINUTES: "30" });
    const trial = await createUser();
    const expired = await createUser({ plan: "VIP", planExpiresAt: new Date(Date.now() - 1000) });
    const [t, e] = await Promise.all([connect({ token: trial.token }), connect({ token: expired.token })]);
    const s = await publishSignal(uniqueSymbol());
    for (const client of [t, e]) {
      const f = await client.waitFor(isSignal(s.id));
      expect(f.data).toMatchObject({ id: s.id, locked: true, entry: null, entry_low: null, entry_high: null, targets: null, stop_loss: null });
      expect(new Date(f.data.unlocks_at).getTime()).toBe(new Date(s.created_at).getTime() + 30 * 60_000);
    }
    const { event } = await recordSignalEvent({ signalId: s.id, type: "TP_HIT", target: 1, price: null });
    const ev = await t.waitFor((f) => f.data?.id === event.id);
    expect(ev.data.signal).toMatchObject({ locked: true, targets: null });
  });

  it("sends a comment heartbeat every 15 s", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    try {
      const { token } = await createUser({ plan: "VIP" });
      const client = await connect({ token });
      await client.waitFor((f) => f.retry !== null);
      vi.advanceTimersByTime(15_000);
      const ping = await client.waitFor((f) => f.comment !== null && f.comment.startsWith("ping"));
      expect(ping.id).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it("ends the stream when the client goes away", async () => {
    const { token } = await createUser({ plan: "VIP" });
    const abort = new AbortController();
    const res = await stream(new Request("http://localhost/api/signals/stream", { headers: { authorization: `Bearer ${token}` }, signal: abort.signal }), {
      params: Promise.resolve({}),
    });
    const reader = res.body!.getReader();
    await reader.read();
    abort.abort();
    const next = await Promise.race([reader.read(), new Promise<"timeout">((r) => setTimeout(() => r("timeout"), WAIT_MS))]);
    expect(next).toMatchObject({ done: true });
  });
});

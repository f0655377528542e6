// POST /api/webhook/signal from senders that cannot add headers (TradingView, SEED 6.1): the
// shared secret travels in the body ("secret") or the URL (?token=), compared in constant time,
// removed before validation and never stored or logged. Without the provider's id, the same parsed
// body within 24 hours is one signal (a replay answers 200 with it), even when sent at the same
// instant; after 24 hours it is a new signal. Stored and broadcast as a published signal.
import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { TJobEvent } from "@/server/jobs/job";
import { db } from "@/server/db/client";
import { setEventDispatcher } from "@/server/jobs/events";
import { setLogLevel } from "@/server/logger";
import { dumpDatabase } from "@/test/helpers/database-dump";
import { call, expectError } from "@/test/helpers/http";
import { recordJobEvents, setEnv, uniqueChatId, uniqueSymbol } from "@/test/helpers/signals";
import { POST } from "./route";

let secret: string;
let jobEvents: TJobEvent[];
let chats: { vip: string; trial: string };
beforeEach(() => {
  secret = randomBytes(24).toString("base64url");
  chats = { vip: uniqueChatId(), trial: uniqueChatId() };
  setEnv({ WEBHOOK_SECRET: secret, VIP_CHAT_ID: chats.vip, TRIAL_CHAT_ID: chats.trial });
  jobEvents = recordJobEvents();
});

/** SEED 6.1's body, as written. */
const SEED_61 = { symbol: "BTCUSDT", side: "BUY", entry: 70000, tp: [70500], sl: 69500, trade_type: "FUTURES", duration: "SHORT" };
/** The same shape on a symbol of its own, so that tests do not share a body (and its 24 hours). */
const alert = (extra: Record<string, unknown> = {}) => ({ ...SEED_61, symbol: uniqueSymbol(), ...extra });

const deliver = (body: unknown, query = "", headers: Record<string, string> = {}) =>
  call(POST, { method: "POST", path: `/api/webhook/signal${query}`, body, headers });
const countOf = (symbol: string) => db().signal.count({ where: { symbol } });
const createdEvents = () => jobEvents.filter((e) => e.name === "signal/created");

describe("POST /api/webhook/signal with the shared secret (no headers)", () => {
  it("SEED 6.1 as written, the secret in the body → 201 \"Signal received\", stored, Telegram told, the auto-trader told", async () => {
    const res = await deliver({ ...SEED_61, secret });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ message: "Signal received", created: true, duplicate: false });
    const s = res.body.signal;
    try {
      expect(s).toMatchObject({ symbol: "BTCUSDT", direction: "LONG", side: "BUY", entry: "70000", targets: ["70500"], stop_loss: "69500", trade_type: "FUTURES", duration: "SHORT", source: "WEBHOOK" });
      const queued = await db().outboxMessage.findMany({ where: { dedupeKey: { startsWith: `signal:${s.id}:` } }, select: { target: true, kind: true } });
      expect(queued.map((m) => [m.target, m.kind]).sort()).toEqual([[chats.trial, "signal_teaser"], [chats.vip, "signal"]].sort());
      expect(createdEvents()).toEqual([{ name: "signal/created", id: `signal-created-${s.id}`, data: { signalId: s.id } }]);
    } finally {
      // Other files on the same embedded database (the SEED replay) send this exact body within 24 h.
      await db().signal.update({ where: { id: s.id }, data: { bodyHash: null } });
    }
  });

  it("the secret as ?token= → 201", async () => {
    const body = alert();
    const res = await deliver(body, `?token=${encodeURIComponent(secret)}`);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.message).toBe("Signal received");
    expect(await countOf(body.symbol)).toBe(1);
  });

  it("both, matching → 201; the body secret is never stored, in the signal or the Telegram messages", async () => {
    const res = await deliver(alert({ secret }), `?token=${encodeURIComponent(secret)}`);
    expect(res.status).toBe(201);
    expect(JSON.stringify(res.body)).not.toContain(secret);
    expect(await dumpDatabase()).not.toContain(secret);
  });

  it("a sender's own id still works without headers: one signal per id", async () => {
    const id = `tv-${randomBytes(6).toString("hex")}`;
    const first = await deliver(alert({ id, secret }));
    const again = await deliver(alert({ id, secret }));
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.signal.id).toBe(first.body.signal.id);
  });

  it("the confidence word and the other spelling come through as on /api/signals", async () => {
    const symbol = uniqueSymbol();
    const res = await deliver({ symbol, direction: "long", entry: "70,000", targets: [70500, 71000], stop_loss: 69500, confidence: " high ", secret });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.signal).toMatchObject({ symbol, direction: "LONG", targets: ["70500", "71000"], confidence_label: "High" });
  });
});

describe("POST /api/webhook/signal without an id: the same body within 24 hours is one signal", () => {
  it("a replayed body → 200 with the same signal, created:false; one row, one broadcast, one signal/created", async () => {
    const body = alert({ secret });
    const first = await deliver(body);
    expect(first.status).toBe(201);
    const again = await deliver(body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ message: "Signal received", created: false, duplicate: true });
    expect(again.body.signal.id).toBe(first.body.signal.id);
    expect(await countOf(body.symbol)).toBe(1);
    expect(await db().outboxMessage.count({ where: { dedupeKey: { startsWith: `signal:${first.body.signal.id}:` } } })).toBe(2);
    expect(createdEvents()).toHaveLength(1);
  });

  it("the same signal written differently (key order, whitespace, the other spelling, numbers as strings, defaults spelled out, the token instead) is the same signal", async () => {
    const symbol = uniqueSymbol();
    const first = await deliver({ symbol, side: "BUY", entry: 70000, tp: [70500], sl: 69500, secret });
    expect(first.status).toBe(201);
    const variants: [unknown, string][] = [
      [`{\n  "sl": 69500, "tp": [ 70500 ],\n  "entry": 70000, "side": "BUY", "symbol": "${symbol}", "secret": "${secret}"\n}`, ""],
      [{ symbol: symbol.toLowerCase(), direction: "LONG", entry: "70000.00", targets: ["70500.0"], stop_loss: "69,500", secret }, ""],
      [{ symbol, side: "buy", entry: 70000, tp: [70500], sl: 69500, leverage: 1, trade_type: "futures", duration: "short" }, `?token=${encodeURIComponent(secret)}`],
    ];
    for (const [body, query] of variants) {
      const res = await deliver(body, query, typeof body === "string" ? { "content-type": "application/json" } : {});
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.signal.id).toBe(first.body.signal.id);
    }
    expect(await countOf(symbol)).toBe(1);
  });

  it.each([
    ["another entry", { entry: 70001 }],
    ["another target", { tp: [70600] }],
    ["another stop", { sl: 69400 }],
    ["another side", { side: "SELL", tp: [69500], sl: 70500 }],
    ["a leverage", { leverage: 5 }],
    ["a confidence", { confidence: "High" }],
    ["another duration", { duration: "LONG" }],
  ])("%s is another signal", async (_what, change) => {
    const body = alert({ secret });
    expect((await deliver(body)).status).toBe(201);
    const other = await deliver({ ...body, ...change });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    expect(await countOf(body.symbol)).toBe(2);
  });

  it("just inside 24 hours it is still that signal; past 24 hours the same body is a new signal, which the next replay finds", async () => {
    const body = alert({ secret });
    const first = await deliver(body);
    const id = first.body.signal.id as string;
    const ago = (ms: number) => new Date(Date.now() - ms);
    const DAY = 24 * 60 * 60 * 1000;

    await db().signal.update({ where: { id }, data: { createdAt: ago(DAY - 60_000) } });
    const inside = await deliver(body);
    expect(inside.status).toBe(200);
    expect(inside.body.signal.id).toBe(id);

    await db().signal.update({ where: { id }, data: { createdAt: ago(DAY + 60_000) } });
    const after = await deliver(body);
    expect(after.status).toBe(201);
    expect(after.body.signal.id).not.toBe(id);
    const replay = await deliver(body);
    expect(replay.status).toBe(200);
    expect(replay.body.signal.id).toBe(after.body.signal.id);
    expect(await countOf(body.symbol)).toBe(2);
    expect(createdEvents()).toHaveLength(2);
  });

  it("20 identical bodies at the same instant → one signal: one 201, nineteen 200, one feed entry, one broadcast, one signal/created", async () => {
    const body = alert({ secret });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => deliver(body, i % 2 ? `?token=${encodeURIComponent(secret)}` : "")));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses, JSON.stringify(answers.find((a) => a.status >= 300)?.body)).toEqual([...Array<number>(19).fill(200), 201]);
    const ids = new Set(answers.map((a) => a.body.signal.id as string));
    expect(ids.size).toBe(1);
    const [signalId] = [...ids];
    expect(await countOf(body.symbol)).toBe(1);
    expect(await db().feedEntry.count({ where: { signalId } })).toBe(1);
    expect(await db().outboxMessage.count({ where: { dedupeKey: { startsWith: `signal:${signalId}:` } } })).toBe(2);
    expect(createdEvents().map((e) => e.id)).toEqual([`signal-created-${signalId}`]);
  });
});

describe("POST /api/webhook/signal: a missing or wrong secret → 401, nothing stored", () => {
  const token = (t: string) => `?token=${encodeURIComponent(t)}`;
  it.each<[string, (s: string) => { body: Record<string, unknown>; query?: string }]>([
    ["no secret at all", () => ({ body: {} })],
    ["a wrong body secret", () => ({ body: { secret: "not-the-secret" } })],
    ["a wrong token", () => ({ body: {}, query: token("not-the-secret") })],
    ["the secret with a trailing space", (s) => ({ body: { secret: `${s} ` } })],
    ["the secret in another case", (s) => ({ body: { secret: s.toUpperCase() === s ? s.toLowerCase() : s.toUpperCase() } })],
    ["a prefix of the secret", (s) => ({ body: { secret: s.slice(0, -1) } })],
    ["an empty body secret", () => ({ body: { secret: "" } })],
    ["an empty token", () => ({ body: {}, query: "?token=" })],
    ["a number as the secret", () => ({ body: { secret: 12345 } })],
    ["null as the secret", () => ({ body: { secret: null } })],
    ["the secret in a list", (s) => ({ body: { secret: [s] } })],
    ["a right token but a wrong body secret", (s) => ({ body: { secret: "not-the-secret" }, query: token(s) })],
    ["a right body secret but a wrong token", (s) => ({ body: { secret: s }, query: token("not-the-secret") })],
    ["the token given twice", (s) => ({ body: {}, query: `${token(s)}&token=x` })],
    ["the secret under another query name", (s) => ({ body: {}, query: `?secret=${encodeURIComponent(s)}` })],
    ["the secret under another body name", (s) => ({ body: { token: s } })],
  ])("%s", async (_what, make) => {
    const { body, query } = make(secret);
    const alertBody = alert(body);
    expectError(await deliver(alertBody, query ?? ""), 401, "unauthorized");
    expect(await countOf(alertBody.symbol)).toBe(0);
    expect(jobEvents).toEqual([]);
  });

  it("nothing is validated before the sender is known: a wrong secret on a broken body is 401, not 400", async () => {
    expectError(await deliver({ ...alert({ sl: 80000 }), secret: "not-the-secret" }), 401, "unauthorized");
    expectError(await deliver("{{{ not json", token("not-the-secret"), { "content-type": "application/json" }), 401, "unauthorized");
    expectError(await deliver("{{{ not json", "", { "content-type": "text/plain" }), 401, "unauthorized");
  });

  it("with the right secret, a broken body gets its precise 400", async () => {
    expect(expectError(await deliver(alert({ sl: 80000, secret })), 400, "invalid_input").field).toBe("stop_loss");
    expect(expectError(await deliver(alert({ confidence: "Huge", secret })), 400, "invalid_input").field).toBe("confidence");
    expectError(await deliver("{{{ not json", token(secret), { "content-type": "text/plain" }), 400, "invalid_json");
    expect(expectError(await deliver({ secret }), 400, "invalid_input").field).toBe("symbol");
  });

  it("without WEBHOOK_SECRET the webhook is off: 503 for the body secret and the token alike", async () => {
    const body = alert({ secret });
    setEnv({ WEBHOOK_SECRET: undefined });
    expectError(await deliver(body), 503, "service_unavailable");
    expectError(await deliver(alert(), token(secret)), 503, "service_unavailable");
    expectError(await deliver(alert()), 503, "service_unavailable");
    expect(await countOf(body.symbol)).toBe(0);
  });
});

describe("POST /api/webhook/signal: the secret is never logged", () => {
  let lines: string[];
  beforeEach(() => {
    lines = [];
    setLogLevel("debug");
    const capture = (chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, "write").mockImplementation(capture);
    vi.spyOn(process.stderr, "write").mockImplementation(capture);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    setLogLevel("error");
  });

  it("neither when accepted, nor refused, nor when the job engine fails after the commit", async () => {
    expect((await deliver(alert({ secret }))).status).toBe(201);
    expect((await deliver(alert(), `?token=${encodeURIComponent(secret)}`)).status).toBe(201);
    expect((await deliver(alert({ secret: `${secret}x` }))).status).toBe(401);
    expect((await deliver(alert({ sl: 80000, secret }))).status).toBe(400);
    setEventDispatcher(() => Promise.reject(new Error("job engine down")));
    expect((await deliver(alert({ secret }))).status).toBe(201);
    const logged = lines.join("");
    expect(logged).toContain("job engine down");
    expect(logged).not.toContain(secret);
  });
});

// POST /api/webhook/signal, the signing senders' way: HMAC-SHA256 over `${timestamp}.${raw body}`
// with WEBHOOK_SECRET (X-Signature: sha256=<hex>, X-Timestamp: unix seconds, 5 minutes of skew),
// idempotent on the provider's id, and nothing parsed before the signature is checked. The shared
// secret in the body or the URL, and bodies without an id: shared-secret.int.test.ts.
import { createHmac, randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import type { TJobEvent } from "@/server/jobs/job";
import { db } from "@/server/db/client";
import { call, expectError, untilAnswered } from "@/test/helpers/http";
import { recordJobEvents, setEnv, uniqueSymbol } from "@/test/helpers/signals";
import { dumpDatabase } from "@/test/helpers/database-dump";
import { createAdmin, uniq } from "@/test/helpers/factories";
import { POST as publish } from "../../signals/route";
import { POST } from "./route";

let secret: string;
let jobEvents: TJobEvent[];
beforeEach(() => {
  secret = randomBytes(32).toString("hex");
  setEnv({ WEBHOOK_SECRET: secret });
  jobEvents = recordJobEvents();
});

const now = () => Math.floor(Date.now() / 1000);
const sign = (body: string, ts: number, key = secret) => `sha256=${createHmac("sha256", key).update(`${ts}.${body}`).digest("hex")}`;

function signedHeaders(body: string, ts = now(), key = secret): Record<string, string> {
  return { "content-type": "application/json", "x-timestamp": String(ts), "x-signature": sign(body, ts, key) };
}
const deliver = (body: string, headers: Record<string, string>) => call(POST, { method: "POST", path: "/api/webhook/signal", body, headers });

/** A TradingView-style alert in the seed's side/tp/sl spelling, with the provider's id. */
function alert(extra: Record<string, unknown> = {}) {
  return JSON.stringify({ id: `tv-${uniq()}`, symbol: uniqueSymbol(), side: "BUY", entry: "100", tp: [110, 120], sl: 95, leverage: 5, ...extra });
}
const rowsWith = async (externalId: string) => db().signal.count({ where: { source: "WEBHOOK", externalId } });

describe("POST /api/webhook/signal", () => {
  it("stores a correctly signed alert: 201, source WEBHOOK, the provider's id kept", async () => {
    const body = alert();
    const { id, symbol } = JSON.parse(body) as { id: string; symbol: string };
    const res = await deliver(body, signedHeaders(body));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.message).toBe("Signal received");
    expect(res.body.created).toBe(true);
    expect(res.body.signal).toMatchObject({ symbol, direction: "LONG", source: "WEBHOOK", targets: ["110", "120"], stop_loss: "95", leverage: 5 });
    const row = await db().signal.findUniqueOrThrow({ where: { id: res.body.signal.id }, select: { externalId: true } });
    expect(row.externalId).toBe(id);
    expect(jobEvents.filter((e) => e.name === "signal/created")).toEqual([
      { name: "signal/created", id: `signal-created-${res.body.signal.id}`, data: { signalId: res.body.signal.id } },
    ]);
  });

  it("accepts the other spelling and a numeric provider id", async () => {
    const body = JSON.stringify({ id: Date.now(), symbol: "eth-usdt", direction: "short", entry: 100, targets: [90], stop_loss: 105 });
    const res = await deliver(body, signedHeaders(body));
    expect(res.status).toBe(201);
    expect(res.body.signal).toMatchObject({ symbol: "ETHUSDT", direction: "SHORT" });
  });

  it("accepts a timestamp just inside the 5 minutes of skew, either way", async () => {
    for (const ts of [now() - 290, now() + 290]) {
      const body = alert();
      expect((await deliver(body, signedHeaders(body, ts))).status).toBe(201);
    }
  });

  it("the same id again → 200 created:false, one row, one signal/created", async () => {
    const body = alert();
    const { id } = JSON.parse(body) as { id: string };
    const first = await deliver(body, signedHeaders(body));
    expect(first.status).toBe(201);
    // A fresh, correctly signed resend (the provider retrying), even with other content.
    const changed = JSON.stringify({ ...(JSON.parse(body) as object), entry: "101" });
    const again = await deliver(changed, signedHeaders(changed));
    expect(again.status).toBe(200);
    expect(again.body.message).toBe("Signal received");
    expect(again.body.created).toBe(false);
    expect(again.body.signal.id).toBe(first.body.signal.id);
    expect(again.body.signal.entry).toBe("100");
    expect(await rowsWith(id)).toBe(1);
    expect(jobEvents.filter((e) => e.name === "signal/created")).toHaveLength(1);
  });

  it("20 concurrent posts of one id → exactly one signal, one 201, one signal/created", async () => {
    const body = alert();
    const { id } = JSON.parse(body) as { id: string };
    const headers = signedHeaders(body);
    const answers = await Promise.all(Array.from({ length: 20 }, () => untilAnswered(() => deliver(body, headers))));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses, JSON.stringify(answers.find((a) => a.status >= 300)?.body)).toEqual([...Array<number>(19).fill(200), 201]);
    expect(new Set(answers.map((a) => a.body.signal.id)).size).toBe(1);
    expect(await rowsWith(id)).toBe(1);
    const signalId = answers[0]!.body.signal.id as string;
    expect(await db().feedEntry.count({ where: { signalId } })).toBe(1);
    expect(jobEvents.filter((e) => e.name === "signal/created").map((e) => e.id)).toEqual([`signal-created-${signalId}`]);
  });

  it("a provider id is its own per source: the same id posted by an admin is another signal", async () => {
    const body = alert();
    const { id } = JSON.parse(body) as { id: string };
    expect((await deliver(body, signedHeaders(body))).status).toBe(201);
    const { token } = await createAdmin();
    const viaApi = await call(publish, { method: "POST", token, body: JSON.parse(body) });
    expect(viaApi.status).toBe(201);
    expect(viaApi.body.signal.source).toBe("ADMIN");
    expect(await db().signal.count({ where: { externalId: id } })).toBe(2);
  });
});

describe("POST /api/webhook/signal: refused before anything is stored", () => {
  it.each([
    ["a wrong signature", (b: string) => ({ ...signedHeaders(b), "x-signature": sign(b, now(), "not-the-secret") })],
    ["a signature of another body", (b: string) => ({ ...signedHeaders(b), "x-signature": sign(`${b} `, now()) })],
    ["a signature for another timestamp", (b: string) => ({ ...signedHeaders(b), "x-timestamp": String(now() - 1) })],
    ["a bare hex signature without sha256=", (b: string) => ({ ...signedHeaders(b), "x-signature": sign(b, now()).slice(7) })],
    ["an upper-case hex signature", (b: string) => ({ ...signedHeaders(b), "x-signature": `sha256=${sign(b, now()).slice(7).toUpperCase()}` })],
    ["no signature", () => ({ "content-type": "application/json", "x-timestamp": String(now()), "x-signature": "" })],
    ["no timestamp", (b: string) => ({ "content-type": "application/json", "x-signature": sign(b, now()) })],
    ["no headers at all", () => ({ "content-type": "application/json" })],
    ["a timestamp in milliseconds", (b: string) => signedHeaders(b, Date.now())],
    ["a timestamp that is not a number", (b: string) => ({ ...signedHeaders(b), "x-timestamp": "yesterday" })],
    ["a stale timestamp (a replay 6 minutes later)", (b: string) => signedHeaders(b, now() - 360)],
    ["a timestamp 6 minutes ahead", (b: string) => signedHeaders(b, now() + 360)],
  ])("%s → 401", async (_what, headersFor) => {
    const body = alert();
    const { id } = JSON.parse(body) as { id: string };
    expectError(await deliver(body, headersFor(body)), 401, "unauthorized");
    expect(await rowsWith(id)).toBe(0);
    expect(jobEvents).toEqual([]);
  });

  it("a captured request replayed after the window → 401, though it was accepted when fresh", async () => {
    const body = alert();
    const ts = now() - 301;
    const headers = signedHeaders(body, ts);
    expectError(await deliver(body, headers), 401, "unauthorized");
  });

  it("unsigned garbage → 401, not a JSON error: the signature is checked before any parsing", async () => {
    expectError(await deliver("{{{ not json", { "content-type": "application/json" }), 401, "unauthorized");
    expectError(await deliver("", {}), 401, "unauthorized");
    expectError(await deliver("\u0000\u0001binary", { "content-type": "application/octet-stream" }), 401, "unauthorized");
  });

  it("signed garbage → 400 invalid_json; a signed alert that breaks a rule → 400 naming the field", async () => {
    const garbage = "{{{ not json";
    expectError(await deliver(garbage, signedHeaders(garbage)), 400, "invalid_json");
    const badOrder = alert({ sl: 105 });
    expect(expectError(await deliver(badOrder, signedHeaders(badOrder)), 400, "invalid_input").field).toBe("stop_loss");
  });

  it("a signed alert without an id is stored (the id is optional); the same body signed again is that signal", async () => {
    const noId = alert({ id: undefined });
    const first = await deliver(noId, signedHeaders(noId));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await deliver(noId, signedHeaders(noId, now() - 5));
    expect(again.status).toBe(200);
    expect(again.body.signal.id).toBe(first.body.signal.id);
  });

  it("a signed body's \"secret\" is dropped, never stored", async () => {
    const body = alert({ secret: "a-field-a-signing-sender-also-sent" });
    const res = await deliver(body, signedHeaders(body));
    expect(res.status).toBe(201);
    expect(await dumpDatabase()).not.toContain("a-field-a-signing-sender-also-sent");
  });

  it("with signature headers present they alone decide: a right secret in the body does not rescue a bad signature", async () => {
    const body = alert({ secret });
    const { id } = JSON.parse(body) as { id: string };
    expectError(await deliver(body, { ...signedHeaders(body), "x-signature": sign(body, now(), "not-the-secret") }), 401, "unauthorized");
    expect(await rowsWith(id)).toBe(0);
  });

  it("a body over 64 KiB → 413", async () => {
    const body = alert({ note: "x".repeat(70 * 1024) });
    expectError(await deliver(body, signedHeaders(body)), 413, "payload_too_large");
  });

  it("without WEBHOOK_SECRET the webhook is off: 503, whatever the headers", async () => {
    setEnv({ WEBHOOK_SECRET: undefined });
    const body = alert();
    expectError(await deliver(body, signedHeaders(body)), 503, "service_unavailable");
  });
});

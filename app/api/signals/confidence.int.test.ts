// A signal's confidence as the operator writes it (SEED 10.2: "confidence":"High") or as a
// number (SEED 2.1: 95): both are kept — the number on one 0–100 scale, and the word, shown back
// as given in the answer, the feed and the VIP Telegram message. Other words are refused.
import { createHmac, randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { CONFIDENCE_LEVELS } from "@/server/signals/schemas";
import { createAdmin, createUser } from "@/test/helpers/factories";
import { call, expectError } from "@/test/helpers/http";
import { longSignal, recordJobEvents, setEnv, uniqueChatId, uniqueSymbol } from "@/test/helpers/signals";
import { POST as webhook } from "../webhook/signal/route";
import { GET as feed, POST as publish } from "./route";

let vipChat: string;
beforeEach(() => {
  recordJobEvents();
  vipChat = uniqueChatId();
  setEnv({ VIP_CHAT_ID: vipChat, TRIAL_CHAT_ID: uniqueChatId() });
});

let adminToken: string | undefined;
const admin = async () => (adminToken ??= (await createAdmin()).token);
const post = async (body: unknown) => call(publish, { method: "POST", path: "/api/signals", token: await admin(), body });
const vipText = async (signalId: string) =>
  (await db().outboxMessage.findUniqueOrThrow({ where: { dedupeKey: `signal:${signalId}:vip` }, select: { body: true } })).body;

/** SEED 10.2 as written, on a symbol of its own. */
const seed102 = (symbol: string, confidence: unknown) => ({
  symbol,
  direction: "LONG",
  entry: 70000,
  targets: [70500, 71000, 72000],
  stop_loss: 69500,
  leverage: 10,
  trade_type: "FUTURES",
  confidence,
  duration: "SHORT",
});

describe("POST /api/signals: confidence as a word", () => {
  it("SEED 10.2 as written (\"confidence\":\"High\") → 201; the word and its number are stored and shown back", async () => {
    const res = await post(seed102(uniqueSymbol(), "High"));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.message).toBe("✅ Signal broadcasted successfully");
    expect(res.body.signal).toMatchObject({ confidence: CONFIDENCE_LEVELS.HIGH, confidence_label: "High", direction: "LONG", leverage: 10 });
    const row = await db().signal.findUniqueOrThrow({ where: { id: res.body.signal.id }, select: { confidence: true, confidenceLabel: true } });
    expect(row).toEqual({ confidence: 90, confidenceLabel: "HIGH" });
    expect((await vipText(res.body.signal.id)).split("\n")).toContain("Confidence: High");
  });

  it.each([
    ["High", "High", 90],
    ["high", "High", 90],
    [" HIGH ", "High", 90],
    ["Medium", "Medium", 60],
    ["mEdIuM", "Medium", 60],
    ["Low", "Low", 30],
    ["\tlow\n", "Low", 30],
  ])("takes %j as %s (%d)", async (given, word, number) => {
    const res = await post(longSignal(uniqueSymbol(), { confidence: given }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.signal).toMatchObject({ confidence: number, confidence_label: word });
    expect(await vipText(res.body.signal.id)).toMatch(new RegExp(`\\nConfidence: ${word}$`));
  });

  it("a number stays a number: 95 → confidence 95, no word, Telegram says 95%", async () => {
    const res = await post(longSignal(uniqueSymbol(), { confidence: 95 }));
    expect(res.status).toBe(201);
    expect(res.body.signal).toMatchObject({ confidence: 95, confidence_label: null });
    const row = await db().signal.findUniqueOrThrow({ where: { id: res.body.signal.id }, select: { confidenceLabel: true } });
    expect(row.confidenceLabel).toBeNull();
    expect((await vipText(res.body.signal.id)).split("\n")).toContain("Confidence: 95%");
  });

  it.each([
    ["0", 0],
    ["100", 100],
    [" 80 ", 80],
    ["80%", 80],
    ["72.6", 73],
  ])("a number sent as the string %j (a template's output) is that number", async (given, number) => {
    const res = await post(longSignal(uniqueSymbol(), { confidence: given }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.signal).toMatchObject({ confidence: number, confidence_label: null });
  });

  it("without confidence: null and null, and no Confidence line in the Telegram message", async () => {
    const res = await post(longSignal(uniqueSymbol()));
    expect(res.status).toBe(201);
    expect(res.body.signal).toMatchObject({ confidence: null, confidence_label: null });
    expect(await vipText(res.body.signal.id)).not.toContain("Confidence");
  });

  it("the feed shows the word back to a subscriber", async () => {
    const symbol = uniqueSymbol();
    expect((await post(seed102(symbol, "Medium"))).status).toBe(201);
    const { token } = await createUser({ plan: "VIP" });
    const res = await call(feed, { token, path: `/api/signals?symbol=${symbol}` });
    expect(res.status).toBe(200);
    const items = res.body.signals as { symbol: string; confidence: number; confidence_label: string }[];
    expect(items.map((s) => [s.symbol, s.confidence, s.confidence_label])).toEqual([[symbol, 60, "Medium"]]);
  });

  it("the signed webhook takes the word too", async () => {
    const secret = randomBytes(32).toString("hex");
    setEnv({ WEBHOOK_SECRET: secret });
    const body = JSON.stringify({ id: `tv-${randomBytes(6).toString("hex")}`, ...seed102(uniqueSymbol(), "low") });
    const ts = Math.floor(Date.now() / 1000);
    const signature = `sha256=${createHmac("sha256", secret).update(`${ts}.${body}`).digest("hex")}`;
    const res = await call(webhook, { method: "POST", path: "/api/webhook/signal", body, headers: { "content-type": "application/json", "x-timestamp": String(ts), "x-signature": signature } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.signal).toMatchObject({ confidence: 30, confidence_label: "Low" });
  });
});

describe("POST /api/signals: a confidence that is neither a known word nor 0–100 → 400 naming confidence and the allowed values", () => {
  it.each([
    ["Huge", "Huge"],
    ["an empty string", ""],
    ["a word with punctuation", "High!"],
    ["two words", "very high"],
    ["101", 101],
    ["-1", -1],
    ["\"101\" as a string", "101"],
    ["\"-5\" as a string", "-5"],
    ["a boolean", true],
    ["null", null],
    ["a list", ["High"]],
    ["an object", { level: "High" }],
  ])("%s", async (_what, confidence) => {
    const symbol = uniqueSymbol();
    const res = await post(longSignal(symbol, { confidence }));
    const err = expectError(res, 400, "invalid_input");
    expect(err.field).toBe("confidence");
    expect(err.message).toMatch(/^confidence: must be Low, Medium or High, or a number from 0 to 100/);
    expect(await db().signal.count({ where: { symbol } })).toBe(0);
  });
});

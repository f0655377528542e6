// POST /api/signals (both payload spellings, every validation rule, who may publish), the feed
// GET /api/signals (newest first by cursor, tier-aware) and GET /api/signals/:id with its events.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import { setEventDispatcher } from "@/server/jobs/events";
import { logger } from "@/server/logger";
import { recordSignalEvent } from "@/server/signals/record-event";
import { createAdmin, createUser, uniq } from "@/test/helpers/factories";
import { call, expectError, type TResult } from "@/test/helpers/http";
import { longSignal, recordJobEvents, setEnv, shortSignal, uniqueSymbol } from "@/test/helpers/signals";
import { GET as getOne } from "./[id]/route";
import { GET as feed, POST as publish } from "./route";

const post = (token: string | undefined, body: unknown, headers?: Record<string, string>) =>
  call(publish, { method: "POST", path: "/api/signals", token, body, headers });
const list = (token: string | undefined, query = "") => call(feed, { token, path: `/api/signals${query}` });
const fieldOf = (res: TResult) => expectError(res, 400, "invalid_input").field;

// A job engine that only records, so nothing logs "no dispatcher" (tests that care read what it recorded).
beforeEach(() => void recordJobEvents());

let adminToken: string | undefined;
async function admin(): Promise<string> {
  adminToken ??= (await createAdmin()).token;
  return adminToken;
}

/** Publishes a LONG signal as admin and returns its DTO. */
async function publishSignal(symbol: string, extra: Record<string, unknown> = {}) {
  const res = await post(await admin(), longSignal(symbol, extra));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.signal;
}

describe("POST /api/signals: the two payload spellings", () => {
  it("takes {symbol, direction, entry, targets, stop_loss, leverage} and answers 201 with the message and the stored signal", async () => {
    const symbol = uniqueSymbol();
    const res = await post(await admin(), longSignal(symbol, { confidence: 72.4, trade_type: "spot", duration: "long" }));
    expect(res.status).toBe(201);
    expect(res.body.message).toBe("✅ Signal broadcasted successfully");
    const s = res.body.signal;
    expect(s).toMatchObject({
      symbol,
      direction: "LONG",
      side: "BUY",
      entry: "100",
      entry_low: "100",
      entry_high: "100",
      targets: ["110", "120", "130"],
      stop_loss: "90",
      leverage: 10,
      confidence: 72,
      confidence_label: null,
      trade_type: "SPOT",
      duration: "LONG",
      source: "ADMIN",
      status: "OPEN",
      outcome: null,
      targets_count: 3,
      targets_hit: 0,
      realized_profit_pct: "0",
      locked: false,
      unlocks_at: null,
      closed_at: null,
    });
    const row = await db().signal.findUniqueOrThrow({ where: { id: s.id } });
    expect(row.symbol).toBe(symbol);
    expect(row.targets.map(String)).toEqual(["110", "120", "130"]);
    expect(row.stopLoss.toString()).toBe("90");
  });

  it("takes {symbol, side, entry, tp, sl, confidence, trade_type, duration}", async () => {
    const symbol = uniqueSymbol();
    const res = await post(await admin(), shortSignal(symbol));
    expect(res.status).toBe(201);
    expect(res.body.message).toBe("✅ Signal broadcasted successfully");
    expect(res.body.signal).toMatchObject({
      symbol,
      direction: "SHORT",
      side: "SELL",
      entry: "100",
      targets: ["90", "80"],
      stop_loss: "110",
      leverage: 1,
      confidence: 80,
      trade_type: "FUTURES",
      duration: "SHORT",
    });
  });

  it.each([
    ["BUY", "LONG"],
    ["buy", "LONG"],
    ["long", "LONG"],
    ["SELL", "SHORT"],
    [" Short ", "SHORT"],
  ])("accepts side/direction %j as %s", async (side, direction) => {
    const body = direction === "LONG" ? { ...longSignal(uniqueSymbol()), direction: undefined, side } : shortSignal(uniqueSymbol(), { side });
    const res = await post(await admin(), body);
    expect(res.status).toBe(201);
    expect(res.body.signal.direction).toBe(direction);
  });

  it.each(["btc/usdt", "BTC-USDT", "BTCUSDT.P", "#BTC/USDT", " btcusdt "])("normalises the symbol %j to BTCUSDT", async (symbol) => {
    const res = await post(await admin(), longSignal(symbol));
    expect(res.status).toBe(201);
    expect(res.body.signal.symbol).toBe("BTCUSDT");
  });

  it.each([
    ["a zone string", "95 - 100"],
    ["a zone array", [95, 100]],
    ["a reversed zone array", [100, 95]],
    ["a zone object", { low: 95, high: 100 }],
  ])("accepts the entry as %s", async (_what, entry) => {
    const res = await post(await admin(), longSignal(uniqueSymbol(), { entry }));
    expect(res.status).toBe(201);
    expect(res.body.signal).toMatchObject({ entry: "95 - 100", entry_low: "95", entry_high: "100" });
  });

  it("accepts prices given as strings, with thousands separators", async () => {
    const res = await post(await admin(), longSignal(uniqueSymbol(), { entry: "65,000", targets: ["66000.5", "67,000"], stop_loss: "64000" }));
    expect(res.status).toBe(201);
    expect(res.body.signal).toMatchObject({ entry: "65000", targets: ["66000.5", "67000"], stop_loss: "64000" });
  });

  it("accepts 1 and 10 targets", async () => {
    const one = await post(await admin(), longSignal(uniqueSymbol(), { targets: [101] }));
    expect(one.status).toBe(201);
    const ten = await post(await admin(), longSignal(uniqueSymbol(), { targets: Array.from({ length: 10 }, (_, i) => 101 + i) }));
    expect(ten.status).toBe(201);
    expect(ten.body.signal.targets_count).toBe(10);
  });

  it("accepts a sub-micro price sent as a JSON number and answers it in plain notation", async () => {
    // Coins such as BTTC trade below 0.000001 USDT; String(0.0000008) would be "8e-7".
    const res = await post(await admin(), longSignal(uniqueSymbol(), { entry: 0.0000008, targets: [0.0000009, 0.000001], stop_loss: 0.0000007 }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.signal).toMatchObject({ entry: "0.0000008", stop_loss: "0.0000007" });
  });

  it("emits signal/created for the trading engine exactly once, after the commit", async () => {
    const events = recordJobEvents();
    const s = await publishSignal(uniqueSymbol());
    const created = events.filter((e) => e.name === "signal/created");
    expect(created).toEqual([{ name: "signal/created", id: `signal-created-${s.id}`, data: { signalId: s.id } }]);
    expect(events.some((e) => e.name === "notifications/outbox.pending")).toBe(true);
  });

  it("still stores the signal and answers 201 when the job engine cannot take the event", async () => {
    const logged = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    setEventDispatcher(async () => {
      throw new Error("job engine down");
    });
    const res = await post(await admin(), longSignal(uniqueSymbol()));
    expect(res.status).toBe(201);
    expect(await db().signal.count({ where: { id: res.body.signal.id } })).toBe(1);
    expect(logged).toHaveBeenCalledWith("could not emit job events", expect.objectContaining({ event: "signal/created" }));
    logged.mockRestore();
  });
});

describe("POST /api/signals: validation (400 naming the field and the rule)", () => {
  const symbol = uniqueSymbol();
  const cases: [string, unknown, string, RegExp][] = [
    ["LONG with the stop above the entry", longSignal(symbol, { stop_loss: 105 }), "stop_loss", /below the entry.*LONG: stop_loss < entry < targets\[0\]/],
    ["LONG with the stop at the entry", longSignal(symbol, { stop_loss: 100 }), "stop_loss", /below the entry/],
    ["LONG with TP1 below the entry", longSignal(symbol, { targets: [99, 120] }), "targets.0", /above the entry/],
    ["LONG with TP1 at the entry", longSignal(symbol, { targets: [100, 120] }), "targets.0", /above the entry/],
    ["LONG with TP1 inside the entry zone", longSignal(symbol, { entry: "95 - 115" }), "targets.0", /above the entry/],
    ["LONG with the stop inside the entry zone", longSignal(symbol, { entry: "85 - 95" }), "stop_loss", /below the entry/],
    ["LONG with TP2 below TP1", longSignal(symbol, { targets: [110, 105, 130] }), "targets.1", /above targets\[0\]/],
    ["LONG with TP3 equal to TP2", longSignal(symbol, { targets: [110, 120, 120] }), "targets.2", /above targets\[1\]/],
    ["SHORT with the stop below the entry", shortSignal(symbol, { sl: 95 }), "stop_loss", /above the entry.*SHORT: stop_loss > entry > targets\[0\]/],
    ["SHORT with TP1 above the entry", shortSignal(symbol, { tp: [105, 80] }), "targets.0", /below the entry/],
    ["SHORT with TP2 above TP1", shortSignal(symbol, { tp: [90, 95] }), "targets.1", /below targets\[0\]/],
    ["a LONG body sent as SHORT", longSignal(symbol, { direction: "SHORT" }), "stop_loss", /above the entry/],
    ["no targets", longSignal(symbol, { targets: [] }), "targets", /at least one target/],
    ["11 targets", longSignal(symbol, { targets: Array.from({ length: 11 }, (_, i) => 101 + i) }), "targets", /at most 10/],
    ["targets that are not a list", longSignal(symbol, { targets: 110 }), "targets", /list of 1 to 10 prices/],
    ["a negative entry", longSignal(symbol, { entry: -100 }), "entry", /must be a price/],
    ["a zero stop loss", longSignal(symbol, { stop_loss: 0 }), "stop_loss", /positive price/],
    ["a negative target", longSignal(symbol, { targets: [110, -120] }), "targets.1", /positive price/],
    ["an absurd target", longSignal(symbol, { targets: [110, 1e13] }), "targets.1", /below 1e12/],
    ["an absurd entry", longSignal(symbol, { entry: 5e12, targets: [6e12], stop_loss: 4e12 }), "entry", /must be a price/],
    ["a word for a price", longSignal(symbol, { entry: "market" }), "entry", /must be a price/],
    ["a boolean for a price", longSignal(symbol, { stop_loss: true }), "stop_loss", /price/],
    ["a string for leverage", longSignal(symbol, { leverage: "10" }), "leverage", /whole number/],
    ["fractional leverage", longSignal(symbol, { leverage: 2.5 }), "leverage", /whole number/],
    ["leverage 0", longSignal(symbol, { leverage: 0 }), "leverage", /at least 1/],
    ["leverage 126", longSignal(symbol, { leverage: 126 }), "leverage", /at most 125/],
    ["an unknown word for confidence", longSignal(symbol, { confidence: "Huge" }), "confidence", /Low, Medium or High, or a number from 0 to 100/],
    ["confidence 101", longSignal(symbol, { confidence: 101 }), "confidence", /a number from 0 to 100/],
    ["an unknown direction", longSignal(symbol, { direction: "UP" }), "direction", /LONG or SHORT \(BUY or SELL\)/],
    ["a number for the direction", longSignal(symbol, { direction: 1 }), "direction", /LONG or SHORT/],
    ["an unknown trade_type", longSignal(symbol, { trade_type: "MARGIN" }), "trade_type", /SPOT or FUTURES/],
    ["an unknown duration", longSignal(symbol, { duration: "MEDIUM" }), "duration", /SHORT or LONG/],
    ["a symbol without a quote currency", longSignal("BTC"), "symbol", /pair like BTCUSDT/],
    ["a symbol with odd characters", longSignal("BTC$USDT"), "symbol", /pair like BTCUSDT/],
    ["a number for the symbol", longSignal(123 as unknown as string), "symbol", /symbol/],
    ["no symbol", { ...longSignal(symbol), symbol: undefined }, "symbol", /symbol/],
    ["no entry", { ...longSignal(symbol), entry: undefined }, "entry", /price/],
    ["no direction or side", { ...longSignal(symbol), direction: undefined }, "direction", /required/],
    ["no targets or tp", { ...longSignal(symbol), targets: undefined }, "targets", /required/],
    ["no stop_loss or sl", { ...longSignal(symbol), stop_loss: undefined }, "stop_loss", /required/],
    ["a JSON array", [longSignal(symbol)], "body", /object/],
    ["JSON null", null, "body", /object/],
  ];

  it.each(cases)("refuses %s", async (_what, body, field, message) => {
    const res = await post(await admin(), body === null ? "null" : body, body === null ? { "content-type": "application/json" } : undefined);
    expect(fieldOf(res)).toBe(field);
    expect(res.body.message).toMatch(new RegExp(`^${field.replace(".", "\\.")}: `));
    expect(res.body.message).toMatch(message);
    expect(await db().signal.count({ where: { symbol } })).toBe(0);
  });

  it("refuses malformed JSON, an empty body and a non-JSON content type", async () => {
    const token = await admin();
    expectError(await post(token, "{\"symbol\": \"BTCUSDT\",", { "content-type": "application/json" }), 400, "invalid_json");
    expectError(await post(token, "", { "content-type": "application/json" }), 400, "invalid_json");
    expectError(await post(token, "symbol=BTCUSDT", { "content-type": "application/x-www-form-urlencoded" }), 415, "unsupported_media_type");
  });
});

describe("POST /api/signals: who may publish", () => {
  it("answers 401 without a token, before reading the body", async () => {
    expectError(await post(undefined, longSignal(uniqueSymbol())), 401);
    expectError(await post(undefined, "not json", { "content-type": "application/json" }), 401);
  });

  it("answers 403 to a user who is not an admin, whatever the plan", async () => {
    for (const plan of ["TRIAL", "VIP", "PREMIUM"] as const) {
      const { token } = await createUser({ plan });
      expectError(await post(token, longSignal(uniqueSymbol())), 403, "forbidden");
    }
  });

  it("accepts the provider token (source API) and refuses a wrong one with 401", async () => {
    const providerToken = `prov_${uniq()}${uniq()}`;
    setEnv({ SIGNAL_PROVIDER_TOKEN: providerToken });
    const ok = await post(providerToken, longSignal(uniqueSymbol()));
    expect(ok.status).toBe(201);
    expect(ok.body.signal.source).toBe("API");
    const row = await db().signal.findUniqueOrThrow({ where: { id: ok.body.signal.id }, select: { createdById: true } });
    expect(row.createdById).toBeNull();

    expectError(await post(`${providerToken}x`, longSignal(uniqueSymbol())), 401);
    expectError(await post(providerToken.slice(0, -1), longSignal(uniqueSymbol())), 401);
    expectError(await call(publish, { method: "POST", body: longSignal(uniqueSymbol()), headers: { authorization: providerToken } }), 401);
  });

  it("a provider resending its own id gets 200 with the signal it already stored", async () => {
    const providerToken = `prov_${uniq()}${uniq()}`;
    setEnv({ SIGNAL_PROVIDER_TOKEN: providerToken });
    const events = recordJobEvents();
    const body = longSignal(uniqueSymbol(), { id: `p-${uniq()}` });
    const first = await post(providerToken, body);
    expect(first.status).toBe(201);
    const again = await post(providerToken, body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, signal: { id: first.body.signal.id } });
    expect(events.filter((e) => e.name === "signal/created")).toHaveLength(1);
  });

  it("does not accept any bearer as the provider token when none is configured", async () => {
    setEnv({ SIGNAL_PROVIDER_TOKEN: undefined });
    expectError(await post("anything", longSignal(uniqueSymbol())), 401);
  });

  it("records the admin who published", async () => {
    const { user, token } = await createAdmin();
    const res = await post(token, longSignal(uniqueSymbol()));
    expect(res.status).toBe(201);
    const row = await db().signal.findUniqueOrThrow({ where: { id: res.body.signal.id }, select: { createdById: true, source: true } });
    expect(row).toEqual({ createdById: user.id, source: "ADMIN" });
  });
});

describe("GET /api/signals: the feed", () => {
  it("answers 401 without a token", async () => {
    expectError(await list(undefined), 401);
  });

  it("pages newest first by cursor, with no duplicate and no gap while new signals arrive", async () => {
    const { token } = await createUser({ plan: "VIP" });
    const symbol = uniqueSymbol();
    const first: string[] = [];
    for (let i = 0; i < 5; i++) {
      first.push((await publishSignal(symbol)).id);
      await new Promise((r) => setTimeout(r, 3));
    }
    const page1 = await list(token, `?symbol=${symbol}&limit=2`);
    expect(page1.status).toBe(200);
    expect(page1.body.signals.map((s: { id: string }) => s.id)).toEqual([first[4], first[3]]);
    expect(typeof page1.body.next_cursor).toBe("string");

    // Two more arrive on top while the client is paging.
    const later = [(await publishSignal(symbol)).id, (await publishSignal(symbol)).id];

    const page2 = await list(token, `?symbol=${symbol}&limit=2&cursor=${page1.body.next_cursor}`);
    expect(page2.body.signals.map((s: { id: string }) => s.id)).toEqual([first[2], first[1]]);
    const page3 = await list(token, `?symbol=${symbol}&limit=2&cursor=${page2.body.next_cursor}`);
    expect(page3.body.signals.map((s: { id: string }) => s.id)).toEqual([first[0]]);
    expect(page3.body.next_cursor).toBeNull();

    const fresh = await list(token, `?symbol=${symbol}&limit=100`);
    expect(fresh.body.signals.map((s: { id: string }) => s.id)).toEqual([later[1], later[0], ...[...first].reverse()]);
    expect(fresh.body.next_cursor).toBeNull();
  });

  it("pages signals created in the same millisecond without losing or repeating one", async () => {
    const { token } = await createUser({ plan: "VIP" });
    const symbol = uniqueSymbol();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await publishSignal(symbol)).id);
    const at = new Date(Date.now() - 1000);
    await db().signal.updateMany({ where: { id: { in: ids } }, data: { createdAt: at } });
    const seen: string[] = [];
    let cursor = "";
    for (let pages = 0; pages < 10; pages++) {
      const res = await list(token, `?symbol=${symbol}&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...res.body.signals.map((s: { id: string }) => s.id));
      if (!res.body.next_cursor) break;
      cursor = res.body.next_cursor;
    }
    expect(seen).toEqual([...ids].sort().reverse());
  });

  it("filters by symbol (any spelling case) and status", async () => {
    const { token } = await createUser({ plan: "PREMIUM" });
    const symbol = uniqueSymbol();
    const open = await publishSignal(symbol);
    const closed = await publishSignal(symbol);
    await recordSignalEvent({ signalId: closed.id, type: "CANCELLED", target: null, price: null });
    const all = await list(token, `?symbol=${symbol.toLowerCase()}`);
    expect(all.body.signals.map((s: { id: string }) => s.id)).toEqual([closed.id, open.id]);
    const cancelled = await list(token, `?symbol=${symbol}&status=CANCELLED`);
    expect(cancelled.body.signals.map((s: { id: string }) => s.id)).toEqual([closed.id]);
  });

  it.each([
    ["garbage", "not-a-cursor"],
    ["a cursor with a bad date", Buffer.from(`yesterday|${"0".repeat(8)}-0000-0000-0000-${"0".repeat(12)}`).toString("base64url")],
    ["a cursor without an id", Buffer.from(new Date().toISOString()).toString("base64url")],
  ])("answers 400 for %s as cursor", async (_what, cursor) => {
    const { token } = await createUser({ plan: "VIP" });
    expect(fieldOf(await list(token, `?cursor=${cursor}`))).toBe("cursor");
  });

  it("answers 400 (not 500) for a cursor whose id is 36 dashes", async () => {
    const { token } = await createUser({ plan: "VIP" });
    const cursor = Buffer.from(`${new Date().toISOString()}|${"-".repeat(36)}`).toString("base64url");
    expect(fieldOf(await list(token, `?cursor=${cursor}`))).toBe("cursor");
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=abc", "limit"],
    ["limit=1.5", "limit"],
    ["status=WON", "status"],
  ])("answers 400 for %s", async (query, field) => {
    const { token } = await createUser({ plan: "VIP" });
    expect(fieldOf(await list(token, `?${query}`))).toBe(field);
  });
});

describe("GET /api/signals: tier gating (SPEC §3)", () => {
  const hidden = { entry: null, entry_low: null, entry_high: null, targets: null, stop_loss: null, locked: true };

  it("shows a TRIAL user a new signal locked until TRIAL_FEED_DELAY_MINUTES have passed", async () => {
    setEnv({ TRIAL_FEED_DELAY_MINUTES: "30" });
    const { token } = await createUser();
    const symbol = uniqueSymbol();
    const s = await publishSignal(symbol);
    const [shown] = (await list(token, `?symbol=${symbol}`)).body.signals;
    expect(shown).toMatchObject({ id: s.id, symbol, direction: "LONG", leverage: 10, targets_count: 3, status: "OPEN", ...hidden });
    expect(new Date(shown.unlocks_at).getTime()).toBe(new Date(s.created_at).getTime() + 30 * 60_000);

    // 31 minutes later the same signal is shown in full.
    await db().signal.update({ where: { id: s.id }, data: { createdAt: new Date(Date.now() - 31 * 60_000) } });
    const [unlocked] = (await list(token, `?symbol=${symbol}`)).body.signals;
    expect(unlocked).toMatchObject({ id: s.id, entry: "100", targets: ["110", "120", "130"], stop_loss: "90", locked: false, unlocks_at: null });
  });

  it("follows a changed delay, and a delay of 0 shows TRIAL everything", async () => {
    const { token } = await createUser();
    const symbol = uniqueSymbol();
    const s = await publishSignal(symbol);
    await db().signal.update({ where: { id: s.id }, data: { createdAt: new Date(Date.now() - 10 * 60_000) } });
    setEnv({ TRIAL_FEED_DELAY_MINUTES: "5" });
    expect((await list(token, `?symbol=${symbol}`)).body.signals[0].locked).toBe(false);
    setEnv({ TRIAL_FEED_DELAY_MINUTES: "15" });
    expect((await list(token, `?symbol=${symbol}`)).body.signals[0].locked).toBe(true);
    setEnv({ TRIAL_FEED_DELAY_MINUTES: "0" });
    expect((await publishSignal(uniqueSymbol())).locked).toBe(false);
    expect((await list(token, `?symbol=${symbol}`)).body.signals[0]).toMatchObject({ locked: false, entry: "100" });
  });

  it.each([
    ["VIP", { plan: "VIP" as const }],
    ["PREMIUM", { plan: "PREMIUM" as const }],
    ["ADMIN", { role: "ADMIN" as const }],
    ["ADMIN whose own plan is TRIAL", { role: "ADMIN" as const, plan: "TRIAL" as const }],
  ])("shows %s the new signal in full at once", async (_who, overrides) => {
    setEnv({ TRIAL_FEED_DELAY_MINUTES: "30" });
    const { token } = await createUser(overrides);
    const symbol = uniqueSymbol();
    await publishSignal(symbol);
    const [shown] = (await list(token, `?symbol=${symbol}`)).body.signals;
    expect(shown).toMatchObject({ entry: "100", targets: ["110", "120", "130"], stop_loss: "90", locked: false, unlocks_at: null });
  });

  it("treats an expired VIP as TRIAL", async () => {
    setEnv({ TRIAL_FEED_DELAY_MINUTES: "30" });
    const { token } = await createUser({ plan: "VIP", planExpiresAt: new Date(Date.now() - 60_000) });
    const symbol = uniqueSymbol();
    await publishSignal(symbol);
    expect((await list(token, `?symbol=${symbol}`)).body.signals[0]).toMatchObject(hidden);
  });

  it("does not lock the POST answer the publisher gets", async () => {
    setEnv({ TRIAL_FEED_DELAY_MINUTES: "30" });
    expect(await publishSignal(uniqueSymbol())).toMatchObject({ locked: false, entry: "100" });
  });
});

describe("GET /api/signals/:id", () => {
  const getById = (token: string | undefined, id: string) => call(getOne, { token, path: `/api/signals/${id}`, params: { id } });

  it("answers the signal with its events, oldest first", async () => {
    const { token } = await createUser({ plan: "VIP" });
    const s = await publishSignal(uniqueSymbol(), { targets: [101, 102, 103, 104], stop_loss: 98, leverage: 5 });
    await recordSignalEvent({ signalId: s.id, type: "TP_HIT", target: 1, price: null });
    await recordSignalEvent({ signalId: s.id, type: "SL_HIT", target: null, price: null });
    const res = await getById(token, s.id);
    expect(res.status).toBe(200);
    expect(res.body.signal).toMatchObject({ id: s.id, status: "HIT_SL", outcome: "LOSS", targets_hit: 1, realized_profit_pct: "-6.25" });
    expect(res.body.events.map((e: { type: string; target: number | null; profit_pct: string }) => [e.type, e.target, e.profit_pct])).toEqual([
      ["TP_HIT", 1, "5"],
      ["SL_HIT", null, "-10"],
    ]);
    for (const e of res.body.events) expect(e.signal_id).toBe(s.id);
  });

  it("locks the prices for TRIAL here too", async () => {
    setEnv({ TRIAL_FEED_DELAY_MINUTES: "30" });
    const { token } = await createUser();
    const s = await publishSignal(uniqueSymbol());
    expect((await getById(token, s.id)).body.signal).toMatchObject({ locked: true, entry: null, targets: null, stop_loss: null });
  });

  it("answers 404 for an unknown or malformed id and 401 without a token", async () => {
    const { token } = await createUser({ plan: "VIP" });
    expectError(await getById(token, "00000000-0000-4000-8000-000000000000"), 404, "not_found");
    expectError(await getById(token, "not-a-uuid"), 404, "not_found");
    expectError(await getById(token, "1"), 404, "not_found");
    expectError(await getById(undefined, "00000000-0000-4000-8000-000000000000"), 401);
  });
});

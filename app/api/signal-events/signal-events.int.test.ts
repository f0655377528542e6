// POST /api/signal-events: the state machine (OPEN → TP_PARTIAL → HIT_TP | HIT_SL | CANCELLED |
// CLOSED), realized profit % in the channel's convention (move × leverage, each target an even
// share), refusals with the reason, idempotency, and concurrent events on one signal.
import Decimal from "decimal.js";
import { beforeEach, describe, expect, it } from "vitest";
import type { TJobEvent } from "@/server/jobs/job";
import { db } from "@/server/db/client";
import { createAdmin, createUser, uniq } from "@/test/helpers/factories";
import { call, expectError, untilAnswered } from "@/test/helpers/http";
import { longSignal, recordJobEvents, setEnv, shortSignal, uniqueSymbol } from "@/test/helpers/signals";
import { POST as publish } from "../signals/route";
import { POST as postEvent } from "./route";

let jobEvents: TJobEvent[];
beforeEach(() => {
  jobEvents = recordJobEvents();
});

let adminToken: string | undefined;
async function admin(): Promise<string> {
  adminToken ??= (await createAdmin()).token;
  return adminToken;
}

const send = async (body: unknown, token?: string) =>
  call(postEvent, { method: "POST", path: "/api/signal-events", token: token ?? (await admin()), body });

/**
 * LONG, entry 100, targets 101/102/103/104, stop 98, leverage 5: each target is a quarter of the
 * position and moves +5/+10/+15/+20 %, the stop −10 %.
 */
async function quarterSignal(extra: Record<string, unknown> = {}): Promise<string> {
  const res = await call(publish, {
    method: "POST",
    token: await admin(),
    body: longSignal(uniqueSymbol(), { targets: [101, 102, 103, 104], stop_loss: 98, leverage: 5, ...extra }),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.signal.id as string;
}

async function stored(id: string) {
  const signal = await db().signal.findUniqueOrThrow({ where: { id } });
  const events = await db().signalEvent.findMany({ where: { signalId: id }, orderBy: { createdAt: "asc" } });
  const feed = await db().feedEntry.count({ where: { signalId: id } });
  return { signal, events, feed };
}

describe("POST /api/signal-events: the state machine and realized profit %", () => {
  it("TP1, TP2 … TPn: partial, then HIT_TP when the last target is reached", async () => {
    const id = await quarterSignal();
    const tp1 = await send({ signal_id: id, type: "TP_HIT", target: 1 });
    expect(tp1.status).toBe(201);
    expect(tp1.body.created).toBe(true);
    expect(tp1.body.event).toMatchObject({ signal_id: id, type: "TP_HIT", target: 1, price: null, profit_pct: "5" });
    expect(tp1.body.signal).toMatchObject({ status: "TP_PARTIAL", targets_hit: 1, realized_profit_pct: "1.25", outcome: null, closed_at: null });

    // Both spellings SPEC and the channels use for the target number.
    const tp2 = await send({ signal_id: id, type: "TP_HIT(2)" });
    expect(tp2.body.signal).toMatchObject({ status: "TP_PARTIAL", targets_hit: 2, realized_profit_pct: "3.75" });
    expect(tp2.body.event).toMatchObject({ target: 2, profit_pct: "10" });
    const tp3 = await send({ signal_id: id, type: "tp3" });
    expect(tp3.body.signal).toMatchObject({ status: "TP_PARTIAL", targets_hit: 3, realized_profit_pct: "7.5" });

    const tp4 = await send({ signal_id: id, type: "TP_HIT", target: 4, price: 104.2 });
    expect(tp4.status).toBe(201);
    expect(tp4.body.signal).toMatchObject({ status: "HIT_TP", outcome: "WIN", targets_hit: 4, realized_profit_pct: "12.5" });
    expect(tp4.body.signal.closed_at).not.toBeNull();
    expect(tp4.body.event).toMatchObject({ target: 4, price: "104.2", profit_pct: "20" });

    const { signal, events, feed } = await stored(id);
    expect(signal.status).toBe("HIT_TP");
    expect(signal.realizedProfitPct.toString()).toBe("12.5");
    expect(events.map((e) => e.targetIndex)).toEqual([1, 2, 3, 4]);
    expect(feed).toBe(5);
  });

  it("ALL_TP: every target at once", async () => {
    const id = await quarterSignal();
    const res = await send({ signal_id: id, type: "ALL_TP" });
    expect(res.status).toBe(201);
    expect(res.body.signal).toMatchObject({ status: "HIT_TP", outcome: "WIN", targets_hit: 4, realized_profit_pct: "12.5" });
    expect(res.body.event).toMatchObject({ type: "ALL_TP", target: null, profit_pct: "12.5" });
  });

  it("ALL_TP after TP1 counts the realized profit once", async () => {
    const id = await quarterSignal();
    await send({ signal_id: id, type: "TP_HIT", target: 1 });
    const res = await send({ signal_id: id, type: "ALL_TP" });
    expect(res.body.signal).toMatchObject({ status: "HIT_TP", targets_hit: 4, realized_profit_pct: "12.5" });
  });

  it("SL_HIT after two targets: the rest of the position closes at the stop", async () => {
    const id = await quarterSignal();
    await send({ signal_id: id, type: "TP_HIT", target: 1 });
    await send({ signal_id: id, type: "TP_HIT", target: 2 });
    const res = await send({ signal_id: id, type: "SL_HIT" });
    expect(res.status).toBe(201);
    // ¼·5 + ¼·10 + ½·(−10) = −1.25
    expect(res.body.signal).toMatchObject({ status: "HIT_SL", outcome: "LOSS", targets_hit: 2, realized_profit_pct: "-1.25" });
    expect(res.body.event).toMatchObject({ type: "SL_HIT", profit_pct: "-10" });
  });

  it("SL_HIT at a given price (slippage) uses that price", async () => {
    const id = await quarterSignal();
    await send({ signal_id: id, type: "TP_HIT", target: 1 });
    const res = await send({ signal_id: id, type: "SL_HIT", price: "97.5" });
    // ¼·5 + ¾·(−12.5) = −8.125
    expect(res.body.signal).toMatchObject({ status: "HIT_SL", realized_profit_pct: "-8.125" });
    expect(res.body.event).toMatchObject({ price: "97.5", profit_pct: "-12.5" });
  });

  it("SL_HIT straight away loses the whole stop distance × leverage", async () => {
    const id = await quarterSignal();
    const res = await send({ signal_id: id, type: "SL_HIT" });
    expect(res.body.signal).toMatchObject({ status: "HIT_SL", outcome: "LOSS", targets_hit: 0, realized_profit_pct: "-10" });
  });

  it("SHORT: profit when the price falls, mirrored", async () => {
    // entry 100, targets 90/80, stop 110, leverage 2: TP1 +20 %, TP2 +40 %, stop −20 %.
    const res = await call(publish, { method: "POST", token: await admin(), body: shortSignal(uniqueSymbol(), { leverage: 2 }) });
    const id = res.body.signal.id as string;
    const tp1 = await send({ signal_id: id, type: "TP_HIT", target: 1 });
    expect(tp1.body.event.profit_pct).toBe("20");
    const sl = await send({ signal_id: id, type: "SL_HIT", price: 105 });
    // ½·20 + ½·(−10) = 5
    expect(sl.body.signal).toMatchObject({ status: "HIT_SL", outcome: "WIN", realized_profit_pct: "5" });
  });

  it("an entry zone counts from its middle", async () => {
    const id = await quarterSignal({ entry: "99 - 101", targets: [102, 104] });
    const res = await send({ signal_id: id, type: "ALL_TP" });
    // middle 100; ½·(2 %·5) + ½·(4 %·5) = 15
    expect(res.body.signal.realized_profit_pct).toBe("15");
  });

  it("thirds: the shares sum to exactly the whole position", async () => {
    const res = await call(publish, { method: "POST", token: await admin(), body: longSignal(uniqueSymbol()) });
    const id = res.body.signal.id as string;
    // entry 100, targets 110/120/130, leverage 10: +100/+200/+300 %, mean 200 %.
    expect((await send({ signal_id: id, type: "TP_HIT", target: 1 })).body.signal.realized_profit_pct).toBe("33.3333");
    expect((await send({ signal_id: id, type: "ALL_TP" })).body.signal.realized_profit_pct).toBe("200");
  });

  it("CANCELLED without a price closes what is open at the entry", async () => {
    const untouched = await quarterSignal();
    const res = await send({ signal_id: untouched, type: "CANCELLED" });
    expect(res.status).toBe(201);
    expect(res.body.signal).toMatchObject({ status: "CANCELLED", outcome: "BREAKEVEN", realized_profit_pct: "0" });
    expect(res.body.event).toMatchObject({ type: "CANCELLED", profit_pct: null });

    const partial = await quarterSignal();
    await send({ signal_id: partial, type: "TP_HIT", target: 1 });
    const after = await send({ signal_id: partial, type: "CANCELLED" });
    expect(after.body.signal).toMatchObject({ status: "CANCELLED", outcome: "WIN", targets_hit: 1, realized_profit_pct: "1.25" });
  });

  it("CLOSED with a price closes the rest there", async () => {
    const id = await quarterSignal();
    await send({ signal_id: id, type: "TP_HIT", target: 1 });
    const res = await send({ signal_id: id, type: "CLOSED", price: 103 });
    expect(res.status).toBe(201);
    // ¼·5 + ¾·15 = 12.5
    expect(res.body.signal).toMatchObject({ status: "CLOSED", outcome: "WIN", realized_profit_pct: "12.5" });
    expect(res.body.event).toMatchObject({ type: "CLOSED", price: "103", profit_pct: "12.5" });
    expect(res.body.signal.closed_at).not.toBeNull();
  });

  it("emits signal/event.recorded once per new event, none for a repeat", async () => {
    const id = await quarterSignal();
    jobEvents.length = 0;
    const first = await send({ signal_id: id, type: "TP_HIT", target: 1 });
    await send({ signal_id: id, type: "TP_HIT", target: 1 });
    const recorded = jobEvents.filter((e) => e.name === "signal/event.recorded");
    expect(recorded).toEqual([
      { name: "signal/event.recorded", id: `signal-event-${first.body.event.id}`, data: { signalId: id, eventId: first.body.event.id, type: "TP_HIT" } },
    ]);
  });
});

describe("POST /api/signal-events: refusals", () => {
  it("TP3 after the stop loss → 409 with the reason, nothing changed", async () => {
    const id = await quarterSignal();
    await send({ signal_id: id, type: "SL_HIT" });
    const before = await stored(id);
    const res = expectError(await send({ signal_id: id, type: "TP_HIT", target: 3 }), 409, "conflict");
    expect(res.message).toMatch(/already closed \(HIT_SL\)/);
    expect(await stored(id)).toEqual(before);
  });

  it.each([
    ["TP_HIT", { type: "TP_HIT", target: 2 }],
    ["ALL_TP", { type: "ALL_TP" }],
    ["SL_HIT", { type: "SL_HIT" }],
    ["CANCELLED", { type: "CANCELLED" }],
  ])("%s after CLOSED → 409", async (_what, event) => {
    const id = await quarterSignal();
    await send({ signal_id: id, type: "CLOSED", price: 101 });
    const before = await stored(id);
    expect(expectError(await send({ signal_id: id, ...event }), 409, "conflict").message).toMatch(/CLOSED/);
    expect(await stored(id)).toEqual(before);
  });

  it("a second CLOSED at another price changes nothing (it is the repeat of the CLOSED event)", async () => {
    const id = await quarterSignal();
    const first = await send({ signal_id: id, type: "CLOSED", price: 101 });
    const before = await stored(id);
    const again = await send({ signal_id: id, type: "CLOSED", price: 102 });
    expect([200, 409]).toContain(again.status);
    if (again.status === 200) expect(again.body).toMatchObject({ created: false, event: { id: first.body.event.id, price: "101" } });
    expect(await stored(id)).toEqual(before);
  });

  it("anything after CANCELLED or HIT_TP → 409", async () => {
    const cancelled = await quarterSignal();
    await send({ signal_id: cancelled, type: "CANCELLED" });
    expectError(await send({ signal_id: cancelled, type: "TP_HIT", target: 1 }), 409);
    const won = await quarterSignal();
    await send({ signal_id: won, type: "ALL_TP" });
    expectError(await send({ signal_id: won, type: "SL_HIT" }), 409);
  });

  it("a target reached after a later one → 409", async () => {
    const id = await quarterSignal();
    await send({ signal_id: id, type: "TP_HIT", target: 3 });
    expect(expectError(await send({ signal_id: id, type: "TP_HIT", target: 2 }), 409).message).toMatch(/Target 3 was already reached/);
  });

  it("a target beyond the signal's targets → 400 naming target", async () => {
    const id = await quarterSignal();
    const res = expectError(await send({ signal_id: id, type: "TP_HIT", target: 5 }), 400, "invalid_input");
    expect(res.field).toBe("target");
    expect(res.message).toMatch(/only 4 targets/);
    expect((await stored(id)).signal.status).toBe("OPEN");
  });

  it("an unknown signal → 404", async () => {
    expectError(await send({ signal_id: "00000000-0000-4000-8000-000000000000", type: "ALL_TP" }), 404, "not_found");
  });

  it.each([
    ["a malformed signal id", { signal_id: "42", type: "ALL_TP" }, "signal_id"],
    ["no signal id", { type: "ALL_TP" }, "signal_id"],
    ["an unknown type", { signal_id: "00000000-0000-4000-8000-000000000000", type: "TP_MISSED" }, "type"],
    ["no type", { signal_id: "00000000-0000-4000-8000-000000000000" }, "type"],
    ["TP_HIT without a target", { signal_id: "00000000-0000-4000-8000-000000000000", type: "TP_HIT" }, "target"],
    ["target 0", { signal_id: "00000000-0000-4000-8000-000000000000", type: "TP_HIT", target: 0 }, "target"],
    ["target 11", { signal_id: "00000000-0000-4000-8000-000000000000", type: "TP_HIT", target: 11 }, "target"],
    ["a string target", { signal_id: "00000000-0000-4000-8000-000000000000", type: "TP_HIT", target: "2" }, "target"],
    ["a negative price", { signal_id: "00000000-0000-4000-8000-000000000000", type: "CLOSED", price: -5 }, "price"],
    ["a zero price", { signal_id: "00000000-0000-4000-8000-000000000000", type: "CLOSED", price: 0 }, "price"],
    ["a price in exponent form", { signal_id: "00000000-0000-4000-8000-000000000000", type: "CLOSED", price: "1e5" }, "price"],
  ])("%s → 400 naming the field", async (_what, body, field) => {
    expect(expectError(await send(body), 400, "invalid_input").field).toBe(field);
  });

  it("a word for the price → 400 naming price (not 500)", async () => {
    const res = await send({ signal_id: "00000000-0000-4000-8000-000000000000", type: "CLOSED", price: "market" });
    expect(expectError(res, 400, "invalid_input").field).toBe("price");
  });

  it("malformed JSON → 400", async () => {
    expectError(await call(postEvent, { method: "POST", token: await admin(), body: "{", headers: { "content-type": "application/json" } }), 400, "invalid_json");
  });

  it("who may post: 401 without a token, 403 for a user, the provider token works", async () => {
    const id = await quarterSignal();
    expectError(await call(postEvent, { method: "POST", body: { signal_id: id, type: "ALL_TP" } }), 401);
    const { token } = await createUser({ plan: "PREMIUM" });
    expectError(await send({ signal_id: id, type: "ALL_TP" }, token), 403, "forbidden");
    const provider = `prov_${uniq()}${uniq()}`;
    setEnv({ SIGNAL_PROVIDER_TOKEN: provider });
    expectError(await send({ signal_id: id, type: "ALL_TP" }, `${provider}-wrong`), 401);
    expect((await send({ signal_id: id, type: "ALL_TP" }, provider)).status).toBe(201);
  });
});

describe("POST /api/signal-events: idempotency and concurrency", () => {
  it.each([
    ["TP_HIT", { type: "TP_HIT", target: 1 }],
    ["SL_HIT (the second arrives after the signal closed)", { type: "SL_HIT" }],
    ["CLOSED", { type: "CLOSED", price: 102 }],
  ])("the same %s twice → 200 created:false, nothing changed", async (_what, event) => {
    const id = await quarterSignal();
    const first = await send({ signal_id: id, ...event });
    expect(first.status).toBe(201);
    const before = await stored(id);
    const again = await send({ signal_id: id, ...event });
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);
    expect(again.body.event.id).toBe(first.body.event.id);
    expect(again.body.signal).toMatchObject({ status: first.body.signal.status, realized_profit_pct: first.body.signal.realized_profit_pct });
    expect(await stored(id)).toEqual(before);
  });

  it("TP_HIT(2), TP2 and {TP_HIT, target: 2} are the same event", async () => {
    const id = await quarterSignal();
    expect((await send({ signal_id: id, type: "TP_HIT(2)" })).status).toBe(201);
    expect((await send({ signal_id: id, type: "TP2" })).body.created).toBe(false);
    expect((await send({ signal_id: id, type: "TP_HIT", target: 2 })).body.created).toBe(false);
    expect((await stored(id)).events).toHaveLength(1);
  });

  it("10 different events at once on one signal leave one consistent history", async () => {
    // 8 targets: entry 100, targets 101…108, stop 95, leverage 1.
    const targets = [101, 102, 103, 104, 105, 106, 107, 108];
    const res = await call(publish, { method: "POST", token: await admin(), body: longSignal(uniqueSymbol(), { targets, stop_loss: 95, leverage: 1 }) });
    const id = res.body.signal.id as string;
    const bodies = [
      ...[1, 2, 3, 4, 5, 6, 7].map((target) => ({ signal_id: id, type: "TP_HIT", target })),
      { signal_id: id, type: "ALL_TP" },
      { signal_id: id, type: "SL_HIT" },
      { signal_id: id, type: "CLOSED", price: 104 },
    ];
    const token = await admin();
    const answers = await Promise.all(bodies.map((body) => untilAnswered(() => call(postEvent, { method: "POST", token, body }))));
    for (const a of answers) expect([201, 409], JSON.stringify(a.body)).toContain(a.status);
    const accepted = answers.filter((a) => a.status === 201).length;

    const { signal, events, feed } = await stored(id);
    expect(events).toHaveLength(accepted);
    expect(feed).toBe(accepted + 1);
    // Replaying the accepted events in the order they were stored gives the stored state.
    const tps = events.filter((e) => e.type === "TP_HIT").map((e) => e.targetIndex!);
    expect(tps).toEqual([...tps].sort((a, b) => a - b));
    const closing = events.filter((e) => e.type !== "TP_HIT");
    expect(closing.length).toBeLessThanOrEqual(1);
    if (closing.length === 1) expect(events.at(-1)!.id).toBe(closing[0]!.id);
    const hit = closing[0]?.type === "ALL_TP" ? 8 : Math.max(0, ...tps);
    expect(signal.targetsHit).toBe(hit);
    const expectedStatus = { ALL_TP: "HIT_TP", SL_HIT: "HIT_SL", CLOSED: "CLOSED" }[closing[0]?.type as string] ?? (hit === 0 ? "OPEN" : "TP_PARTIAL");
    expect(signal.status).toBe(expectedStatus);
    const restAt = { SL_HIT: 95, CLOSED: 104 }[closing[0]?.type as string];
    let realized = new Decimal(0);
    targets.forEach((t, i) => {
      if (i < hit) realized = realized.plus(new Decimal(t).minus(100).div(8));
      else if (restAt !== undefined) realized = realized.plus(new Decimal(restAt).minus(100).div(8));
    });
    expect(signal.realizedProfitPct.toString()).toBe(realized.toDecimalPlaces(4).toString());
  });
});

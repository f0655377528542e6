// The auto-trader fan-out through its job (in-process runner, the platform's own price feed pointed
// at the local fake Binance): PREMIUM auto-traders get their copy, a live user with broken keys is
// recorded as FAILED without blocking the others, a re-run opens nothing twice, and the signal's
// Telegram broadcast is held until the copies are placed.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { autoTradeSignal } from "@/inngest/functions/auto-trade-signal";
import { db } from "@/server/db/client";
import { createInProcessRunner } from "@/server/jobs/in-process";
import { BROADCAST_HOLD_MS, signalBroadcastKeys } from "@/server/signals/broadcast-hold";
import { FAKE_API_KEY, startFakeBinance, type TFakeBinance } from "@/test/fakes/binance";
import { connectExchange, createLiveTrader, createTrader, liveTradingOn, storeSignal, turnOffAllAutoTraders } from "@/test/helpers/trading";
import { finishFanOut, openPaperCopies, prepareSignalCopy } from "./auto-trade";
import { listLiveCopyUsers } from "./live-copies";
import { openPosition } from "./open-position";

let fake: TFakeBinance;
beforeAll(async () => {
  fake = await startFakeBinance();
});
afterAll(async () => {
  await fake.close();
});
// Each test counts the platform's auto-traders: none from another file or test may join its fan-out.
beforeEach(turnOffAllAutoTraders);
afterEach(turnOffAllAutoTraders);

const ethSignal = () => ({ symbol: "ETHUSDT", direction: "LONG", entry: 3000, targets: [3030, 3060, 3090], stop_loss: 2950, leverage: 10 });

const configure = () => liveTradingOn(fake);

const runFanOut = async (signalId: string) => {
  const runner = createInProcessRunner([autoTradeSignal]);
  try {
    return (await runner.run(autoTradeSignal, { name: "signal/created", data: { signalId } })) as { paper: { opened: number }; live: { userId: number; outcome: string }[] };
  } finally {
    await runner.stop();
  }
};

describe("auto-trader fan-out", () => {
  it("copies to every PREMIUM auto-trader; broken live keys fail alone and are recorded; a re-run opens nothing twice", async () => {
    configure();
    const paperA = await createTrader({ autoTradeEnabled: true });
    const paperB = await createTrader({ autoTradeEnabled: true });
    await connectExchange(paperB.id, { mode: "PAPER" });
    const broken = await createTrader({ autoTradeEnabled: true, perTradeUsdt: "50" });
    await connectExchange(broken.id, { mode: "BINANCE_TESTNET", apiKey: FAKE_API_KEY, apiSecret: "wrongSecret0000000000000000000000" });
    const vip = await createTrader({ plan: "VIP", autoTradeEnabled: true });
    const off = await createTrader({ autoTradeEnabled: false });
    const signal = await storeSignal(ethSignal());

    const run = await runFanOut(signal.id);
    expect(run.paper.opened).toBe(2);
    expect(run.live).toEqual([{ userId: broken.id, outcome: "failed" }]);

    const positions = await db().position.findMany({ where: { signalId: signal.id }, orderBy: { userId: "asc" } });
    expect(positions.map((p) => [p.userId, p.mode, p.status])).toEqual([
      [paperA.id, "PAPER", "OPEN"],
      [paperB.id, "PAPER", "OPEN"],
      [broken.id, "BINANCE_TESTNET", "FAILED"],
    ]);
    expect(positions.some((p) => p.userId === vip.id || p.userId === off.id)).toBe(false);
    const failed = positions[2]!;
    expect(failed.failureCode).toBe("EXCHANGE_ERROR");
    expect(failed.failureReason).toMatch(/API keys|Signature/);
    // ETH at the fake's 3000: 10 × 5 ÷ 3000 = 0.016 (step 0.001), one TP per target and a stop each.
    expect(positions[0]!.qty.toFixed()).toBe("0.016");
    expect(positions[0]!.entryPrice?.toFixed()).toBe("3000");
    const ordersBefore = await db().order.count({ where: { position: { signalId: signal.id } } });
    expect(ordersBefore).toBe(3 * 5); // entry, 3 take-profits, stop each; the broken user's never left the database
    const brokenOrders = await db().order.findMany({ where: { positionId: failed.id } });
    expect(brokenOrders.map((o) => [o.kind, o.status, o.exchangeOrderId]).sort()).toEqual(
      [["ENTRY", "REJECTED", null], ["STOP_LOSS", "CANCELED", null], ["TAKE_PROFIT", "CANCELED", null], ["TAKE_PROFIT", "CANCELED", null], ["TAKE_PROFIT", "CANCELED", null]].sort(),
    );
    const placementsBefore = fake.placements().length;

    const again = await runFanOut(signal.id);
    expect(again.paper.opened).toBe(0);
    expect(again.live).toEqual([]);
    expect(await db().position.count({ where: { signalId: signal.id } })).toBe(3);
    expect(await db().order.count({ where: { position: { signalId: signal.id } } })).toBe(ordersBefore);
    expect(await db().fill.count({ where: { order: { position: { signalId: signal.id } } } })).toBe(2);
    expect(fake.placements().length).toBe(placementsBefore);
  });

  it("holds the signal's broadcast until the copies are placed, then releases it, with one aggregate message after it", async () => {
    const chats = configure();
    await createTrader({ autoTradeEnabled: true });
    await createTrader({ autoTradeEnabled: true });
    const before = Date.now();
    const signal = await storeSignal(ethSignal());
    const held = await db().outboxMessage.findMany({ where: { dedupeKey: { in: signalBroadcastKeys(signal.id) } } });
    expect(held.map((m) => m.target).sort()).toEqual([chats.vip, chats.trial].sort());
    for (const m of held) {
      // Held: not due for the hold's length — so it goes out by itself if the fan-out never comes.
      expect(m.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + BROADCAST_HOLD_MS - 50);
      expect(m.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + BROADCAST_HOLD_MS);
    }

    await runFanOut(signal.id);
    const released = await db().outboxMessage.findMany({ where: { dedupeKey: { in: signalBroadcastKeys(signal.id) } } });
    for (const m of released) expect(m.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    const opened = await db().outboxMessage.findMany({ where: { dedupeKey: `autotrade-opened:${signal.id}:vip` } });
    expect(opened).toHaveLength(1);
    expect(opened[0]!.body).toBe("🚀 Auto-trader: 2 PAPER trades opened on #ETHUSDT LONG\nEntry ≈ 3000");
    const vipSignal = released.find((m) => m.target === chats.vip)!;
    expect(opened[0]!.id > vipSignal.id).toBe(true); // delivered after the signal (in id order per chat)
  });

  it("holds nothing when no PREMIUM user has auto-trade on", async () => {
    configure();
    await createTrader({ autoTradeEnabled: false });
    const signal = await storeSignal(ethSignal());
    const messages = await db().outboxMessage.findMany({ where: { dedupeKey: { in: signalBroadcastKeys(signal.id) } } });
    expect(messages).toHaveLength(2);
    for (const m of messages) expect(m.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("records every copy of a stale signal as skipped with the reason", async () => {
    configure();
    const user = await createTrader({ autoTradeEnabled: true });
    fake.setPrice("ETHUSDT", "3031"); // past TP1 (3030)
    try {
      const signal = await storeSignal(ethSignal());
      const market = await prepareSignalCopy(signal.id);
      expect(market?.skip?.code).toBe("STALE_SIGNAL");
      await openPaperCopies(market!);
      const p = await db().position.findUniqueOrThrow({ where: { userId_signalId: { userId: user.id, signalId: signal.id } } });
      expect([p.status, p.failureCode]).toEqual(["FAILED", "STALE_SIGNAL"]);
      expect(p.failureReason).toContain("already reached TP1");
      expect((await finishFanOut(signal.id)).paper).toBe(0);
    } finally {
      fake.setPrice("ETHUSDT", "3000");
    }
  });

  it("walks the users in chunks by id and stops at the last one", async () => {
    configure();
    const users = await Promise.all([1, 2, 3, 4, 5].map(() => createTrader({ autoTradeEnabled: true })));
    const signal = await storeSignal(ethSignal());
    const market = (await prepareSignalCopy(signal.id))!;
    const first = await openPaperCopies(market, 0, 2);
    expect(first).toMatchObject({ opened: 2, done: false });
    const second = await openPaperCopies(market, first.lastUserId, 2);
    const third = await openPaperCopies(market, second.lastUserId, 2);
    expect([second.opened, third.opened, third.done]).toEqual([2, 1, true]);
    expect(await db().position.count({ where: { signalId: signal.id, userId: { in: users.map((u) => u.id) }, status: "OPEN" } })).toBe(5);
  });

  it("two runs of one fan-out at once (another app process, a replayed event): each copy opened once, none refused as over a limit by its own copy", async () => {
    configure();
    // max_concurrent_trades 1: the second run, counting the first run's copy of this very signal as
    // an open trade, used to refuse the user and record a USER_BLOCKED event for a copy that is open.
    const users = await Promise.all([1, 2, 3, 4].map(() => createTrader({ autoTradeEnabled: true })));
    const ids = users.map((u) => u.id);
    await db().user.updateMany({ where: { id: { in: ids } }, data: { maxConcurrentTrades: 1 } });
    const signal = await storeSignal(ethSignal());
    const market = (await prepareSignalCopy(signal.id))!;
    // Both select the same users before either writes (also on PGlite's one connection: the two
    // selects are queued before either transaction).
    const [a, b] = await Promise.all([openPaperCopies(market), openPaperCopies(market)]);
    expect(a.opened + b.opened).toBe(4);
    expect(a.failed + b.failed).toBe(0);
    // One at a time through the trading pipeline too (openPosition, as a live copy or POST /api/trade/execute with the signal).
    const single = await createTrader({ autoTradeEnabled: true });
    await db().user.update({ where: { id: single.id }, data: { maxConcurrentTrades: 1 } });
    const twice = await Promise.all([openPosition({ userId: single.id, signalId: signal.id, origin: "auto" }), openPosition({ userId: single.id, signalId: signal.id, origin: "auto" })]);
    expect(twice.map((r) => r.outcome).sort()).toEqual(["exists", "opened"]);
    expect(new Set(twice.map((r) => r.positionId)).size).toBe(1);
    const all = [...ids, single.id];
    expect(await db().position.count({ where: { signalId: signal.id, userId: { in: all }, status: "OPEN" } })).toBe(5);
    expect(await db().riskEvent.count({ where: { userId: { in: all } } })).toBe(0);
  });

  it("two signals fanned out at once (the job runs two): each copy opened once, a user's limit holds across both, each live batch's orders go out in its turn", async () => {
    configure();
    const live = await Promise.all([1, 2, 3].map(() => createLiveTrader(fake, { capitalUsdt: "1000" })));
    const paper = await createTrader({ autoTradeEnabled: true, capitalUsdt: "1000", perTradeUsdt: "50" });
    const limited = [live[0]!.id, paper.id];
    await db().user.updateMany({ where: { id: { in: limited } }, data: { maxConcurrentTrades: 1 } });
    const eth = await storeSignal(ethSignal());
    const btc = await storeSignal({ ...ethSignal(), symbol: "BTCUSDT", entry: 60000, targets: [60600, 61200, 61800], stop_loss: 59000 });
    const before = fake.placements().length;

    const runs = await Promise.all([runFanOut(eth.id), runFanOut(btc.id)]);

    expect(runs.map((r) => r.paper.opened + r.live.filter((l) => l.outcome === "opened").length).reduce((a, b) => a + b)).toBe(2 * 4 - 2);
    const open = await db().position.groupBy({ by: ["userId"], where: { signalId: { in: [eth.id, btc.id] }, status: "OPEN" }, _count: true });
    expect(new Map(open.map((g) => [g.userId, g._count]))).toEqual(new Map([...live.map((u) => [u.id, u.id === live[0]!.id ? 1 : 2] as const), [paper.id, 1]]));
    // Each signal's entries, take-profits and stops in one run of placements: the batches took turns.
    const symbols = fake.placements().slice(before).map((c) => c.params.symbol).filter((x) => x !== undefined);
    expect(symbols.length).toBe(5 * 5); // five live copies opened, each an entry, 3 take-profits and a stop
    expect(symbols.filter((x, i) => i > 0 && x !== symbols[i - 1])).toHaveLength(1);
  });

  it("serves live users in an order shuffled per signal: the same on a re-run, different across signals, so nobody is last every time", async () => {
    configure();
    const users: number[] = [];
    for (let i = 0; i < 24; i++) {
      const u = await createTrader({ autoTradeEnabled: true, perTradeUsdt: "50" });
      await connectExchange(u.id, { mode: "BINANCE_TESTNET", apiKey: `k${i}`, apiSecret: `s${i}` });
      users.push(u.id);
    }
    const [a, b] = [await storeSignal(ethSignal()), await storeSignal(ethSignal())];
    const first = await listLiveCopyUsers(a.id);
    const second = await listLiveCopyUsers(b.id);
    expect([...first].sort((x, y) => x - y)).toEqual(users);
    expect([...second].sort((x, y) => x - y)).toEqual(users);
    expect(await listLiveCopyUsers(a.id)).toEqual(first);
    expect(first).not.toEqual(users); // not user id order
    expect(second).not.toEqual(first);
    // The last quarter of one signal is not the last quarter of the next.
    const lastQuarter = (order: number[]) => new Set(order.slice(-6));
    expect([...lastQuarter(first)].filter((u) => lastQuarter(second).has(u)).length).toBeLessThan(6);
  });
});

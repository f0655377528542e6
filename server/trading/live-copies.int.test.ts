// The fan-out's live side in batches (live-copies.ts) against the local fake Binance: each user's
// copy opened with its entry, take-profits and stop acknowledged, the same refusals openPosition
// makes for one user (risk, size), the one-by-one path for a copy another run wrote, a connection
// whose keys cannot be opened failing alone, and two runs at once opening every copy once.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { startFakeBinance, type TFakeBinance } from "@/test/fakes/binance";
import { createLiveTrader, liveTradingOn, positionOf, storeSignal, turnOffAllAutoTraders } from "@/test/helpers/trading";
import { setKillSwitch } from "@/server/risk/safety";
import { createUser } from "@/test/helpers/factories";
import { listLiveCopyUsers, openLiveCopies } from "./live-copies";
import { openPosition, RESUME_AFTER_MS } from "./open-position";

let fake: TFakeBinance;
beforeAll(async () => {
  fake = await startFakeBinance();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(turnOffAllAutoTraders);
afterEach(turnOffAllAutoTraders);

const ethSignal = () => ({ symbol: "ETHUSDT", direction: "LONG", entry: 3000, targets: [3030, 3060, 3090], stop_loss: 2950, leverage: 10 });

const configure = () => liveTradingOn(fake);
const liveTrader = (s: Parameters<typeof createLiveTrader>[1] = {}) => createLiveTrader(fake, s);

describe("live copies in batches", () => {
  it("opens each user's copy on Binance (entry filled, take-profits and stop resting), refuses as openPosition would (risk, size), and a re-run opens nothing twice", async () => {
    configure();
    const a = await liveTrader();
    const b = await liveTrader();
    await db().exchangeConnection.update({ where: { userId: b.id }, data: { leverageDefault: 3 } }); // the connection's leverage wins
    const limited = await liveTrader();
    await db().user.update({ where: { id: limited.id }, data: { maxConcurrentTrades: 1 } });
    const earlier = await storeSignal({ ...ethSignal(), symbol: "BTCUSDT", entry: 60000, targets: [60600, 61200], stop_loss: 59000 });
    expect(await openLiveCopies(earlier.id, [limited.id])).toMatchObject([{ outcome: "opened" }]);
    const tiny = await liveTrader({ perTradeUsdt: "0.5", leverage: 1 });
    const signal = await storeSignal(ethSignal());
    const users = await listLiveCopyUsers(signal.id);
    expect(new Set(users)).toEqual(new Set([a.id, b.id, limited.id, tiny.id]));
    const before = fake.orders.length;

    const results = await openLiveCopies(signal.id, users);
    const outcome = new Map(results.map((r) => [r.userId, r]));
    expect(results.map((r) => r.userId)).toEqual(users); // answered in the order given
    expect(outcome.get(a.id)).toMatchObject({ outcome: "opened", reason: null });
    expect(outcome.get(b.id)).toMatchObject({ outcome: "opened", reason: null });
    expect(outcome.get(limited.id)).toMatchObject({ outcome: "failed", reason: "1 trades already open (limit 1)" });
    expect(outcome.get(tiny.id)).toMatchObject({ outcome: "failed" });

    for (const t of [a, b]) {
      const pos = await positionOf(outcome.get(t.id)!.positionId!);
      expect(pos).toMatchObject({ mode: "BINANCE_TESTNET", status: "OPEN", protected: true, failureCode: null });
      expect(pos.entryPrice).not.toBeNull();
      expect(pos.entryAckAt).not.toBeNull();
      expect(pos.orders.map((o) => [o.kind, o.status])).toEqual([
        ["ENTRY", "FILLED"],
        ["TAKE_PROFIT", "OPEN"],
        ["TAKE_PROFIT", "OPEN"],
        ["TAKE_PROFIT", "OPEN"],
        ["STOP_LOSS", "OPEN"],
      ]);
      expect(pos.orders.every((o) => o.exchangeOrderId !== null)).toBe(true);
    }
    expect((await positionOf(outcome.get(b.id)!.positionId!)).leverage).toBe(3);
    // Refusals are FAILED rows with the reason, on the user's live account, and the risk block is an event.
    const limitedRow = await db().position.findUniqueOrThrow({ where: { userId_signalId: { userId: limited.id, signalId: signal.id } } });
    expect(limitedRow).toMatchObject({ status: "FAILED", failureCode: "RISK_BLOCKED", mode: "BINANCE_TESTNET", id: outcome.get(limited.id)!.positionId });
    expect(await db().riskEvent.count({ where: { userId: limited.id, kind: "USER_BLOCKED" } })).toBe(1);
    const tinyRow = await db().position.findUniqueOrThrow({ where: { userId_signalId: { userId: tiny.id, signalId: signal.id } } });
    expect(tinyRow).toMatchObject({ status: "FAILED", failureCode: "SIZE_REFUSED" });
    // Two entries, three take-profits each on the order book (the stops are algo orders).
    expect(fake.orders.length - before).toBe(2 * 4);

    // A re-run: every user now has a copy; nothing is sent again.
    const calls = fake.calls.length;
    const again = await openLiveCopies(signal.id, users);
    expect(again.map((r) => [r.userId, r.outcome])).toEqual(users.map((u) => [u, "exists"]));
    expect(fake.calls.filter((c) => c.method === "POST").length - fake.calls.slice(0, calls).filter((c) => c.method === "POST").length).toBe(0);
    expect(await listLiveCopyUsers(signal.id)).toEqual([]);
  });

  it("a copy another run wrote and left unacknowledged is resumed one by one; keys that can no longer be opened fail alone", async () => {
    configure();
    const fresh = await liveTrader();
    const resumed = await liveTrader();
    const unreadable = await liveTrader();
    await db().exchangeConnection.update({ where: { userId: unreadable.id }, data: { secretsKeyId: "rotated-away" } });
    const signal = await storeSignal(ethSignal());
    // The other run wrote `resumed`'s copy and died before sending anything.
    const [first] = await openLiveCopies(signal.id, [resumed.id]);
    await db().order.updateMany({ where: { positionId: first!.positionId! }, data: { status: "NEW", exchangeOrderId: null } });
    await db().position.update({ where: { id: first!.positionId! }, data: { openedAt: new Date(Date.now() - RESUME_AFTER_MS - 1000) } });

    const results = new Map((await openLiveCopies(signal.id, [fresh.id, resumed.id, unreadable.id])).map((r) => [r.userId, r]));
    expect(results.get(fresh.id)).toMatchObject({ outcome: "opened" });
    expect(results.get(resumed.id)).toMatchObject({ outcome: "exists", positionId: first!.positionId });
    expect(results.get(unreadable.id)).toMatchObject({ outcome: "failed", reason: expect.stringContaining("can no longer be read") });
    const pos = await positionOf(first!.positionId!);
    expect(pos.orders.every((o) => o.status !== "NEW")).toBe(true); // looked up on the exchange, not placed twice
  });

  it("two runs of one batch at once open each copy once, with one entry per user", async () => {
    configure();
    const traders = await Promise.all([1, 2, 3, 4, 5, 6].map(() => liveTrader()));
    const ids = traders.map((t) => t.id);
    const signal = await storeSignal(ethSignal());
    const before = fake.orders.length;
    const [x, y] = await Promise.all([openLiveCopies(signal.id, ids), openLiveCopies(signal.id, [...ids].reverse())]);
    const opened = [...x, ...y].filter((r) => r.outcome === "opened").map((r) => r.userId);
    expect(opened.sort()).toEqual([...ids].sort());
    expect(await db().position.count({ where: { signalId: signal.id, status: "OPEN" } })).toBe(6);
    const entries = fake.orders.slice(before).filter((o) => o.type === "MARKET");
    expect(entries.length).toBe(6);
    expect(new Set(entries.map((o) => o.clientOrderId)).size).toBe(6);
  });

  it("a halt after the batch's risk check stops the entries not sent yet: FAILED with the kill switch's reason and a risk event, nothing placed", async () => {
    configure();
    const admin = (await createUser({ role: "ADMIN" })).user;
    const traders = await Promise.all([1, 2, 3].map(() => liveTrader()));
    const signal = await storeSignal(ethSignal());
    const before = fake.orders.length;
    fake.setLatency(300);
    try {
      const run = openLiveCopies(signal.id, traders.map((t) => t.id));
      // The batch is written and its users' settings are on their way: the admin halts now.
      const settingsSent = () => fake.calls.some((c) => c.path === "/fapi/v1/marginType" || c.path === "/fapi/v1/leverage");
      while (!settingsSent()) await new Promise((r) => setTimeout(r, 5));
      await setKillSwitch(admin, true, "exchange maintenance");
      const results = await run;
      expect(results.map((r) => r.outcome)).toEqual(["failed", "failed", "failed"]);
      expect(results[0]!.reason).toBe("trading is halted (kill switch on: exchange maintenance)");
      const rows = await db().position.findMany({ where: { signalId: signal.id }, include: { orders: true } });
      expect(rows.map((r) => [r.status, r.failureCode])).toEqual([["FAILED", "RISK_BLOCKED"], ["FAILED", "RISK_BLOCKED"], ["FAILED", "RISK_BLOCKED"]]);
      expect(rows.flatMap((r) => r.orders).every((o) => o.status === "REJECTED" || o.status === "CANCELED")).toBe(true);
      expect(fake.orders.length).toBe(before); // no entry, no take-profit
      expect(await db().riskEvent.count({ where: { kind: "GLOBAL_BLOCKED", userId: { in: traders.map((t) => t.id) } } })).toBe(3);
    } finally {
      fake.setLatency(0);
      await setKillSwitch(admin, false, "test over");
    }
  });

  it("two runs resuming the same waiting copy at once: one takes it over (opened_at compare-and-set), one entry is sent", async () => {
    configure();
    const t = await liveTrader();
    const signal = await storeSignal(ethSignal());
    // Written by a run that never sent anything, long enough ago to be taken over.
    const [first] = await openLiveCopies(signal.id, [t.id]);
    const id = first!.positionId!;
    const placed = fake.orders.filter((o) => o.type === "MARKET").length;
    const pos = await positionOf(id);
    await db().order.updateMany({ where: { positionId: id }, data: { status: "NEW", exchangeOrderId: null } });
    await db().position.update({ where: { id }, data: { openedAt: new Date(Date.now() - RESUME_AFTER_MS - 1000), entryPrice: null } });
    const [a, b] = await Promise.all([openPosition({ userId: t.id, signalId: signal.id, origin: "auto" }), openPosition({ userId: t.id, signalId: signal.id, origin: "auto" })]);
    expect([a.outcome, b.outcome].sort()).toEqual(["exists", "pending"]);
    expect(fake.orders.filter((o) => o.type === "MARKET").length).toBe(placed); // found by its client id, not sent again
    expect(pos.orders.length).toBe(5);
  });
});

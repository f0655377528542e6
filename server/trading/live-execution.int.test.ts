// Live (testnet) execution through the real ccxt client against the local fake Binance USDⓈ-M:
// leverage and margin mode, the market entry, reduce-only take-profit limits and the STOP_MARKET via
// the Algo Order API; a timeout after Binance accepted the entry places exactly one order; re-runs
// place nothing twice; TP fills and closes read back from the exchange; a stop that cannot be placed
// leaves the position flagged unprotected with an admin alert.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { clientOrderId } from "@/server/exchange/client-order-id";
import { recordSignalEvent } from "@/server/signals/record-event";
import { startFakeBinance, type TFakeBinance } from "@/test/fakes/binance";
import { btcSignal, liveTrader, n } from "@/test/helpers/live-trading";
import { positionOf, storeSignal } from "@/test/helpers/trading";
import { applySignalEventToPositions } from "./apply-signal-event";
import { closePosition } from "./close-position";
import { STOP_CROSSED_REASON } from "./live-positions";
import { openPosition, RESUME_AFTER_MS } from "./open-position";
import { watchLivePositions } from "./protective-watchdog";
import type { TTradingOptions } from "./options";

let fake: TFakeBinance;
beforeAll(async () => {
  fake = await startFakeBinance();
});
afterAll(async () => {
  await fake.close();
});

const OPTIONS: TTradingOptions = { exchangeOptions: { timeoutMs: 1500, retry: { attempts: 3, backoffMs: [100] } } };
describe("exact commissions and the position mode", () => {
  it("charges the entry's exact commission from its trades (one fill row per trade), not the estimate: a user's trade once its protection rests, a fan-out's copy at the watchdog's next pass", async () => {
    fake.setPrice("BTCUSDT", "60000");
    const { user, apiKey } = await liveTrader(fake, { capitalUsdt: "1000" });
    fake.setFees({ takerRate: "0.0005" }, apiKey);
    const r = await openPosition({ userId: user.id, signalId: (await storeSignal(btcSignal())).id, origin: "auto" }, OPTIONS);
    // The copy is recorded at the 0.04 % estimate; no trade look-up on the fan-out's path.
    expect(n((await positionOf(r.positionId!)).fees)).toBe("0.192");
    expect(fake.calls.filter((c) => c.apiKey === apiKey && c.path === "/fapi/v1/userTrades")).toHaveLength(0);
    await watchLivePositions({ ...OPTIONS, userIds: [user.id], now: () => new Date(Date.now() + 2 * 60_000) });
    const p = await positionOf(r.positionId!);
    // 0.008 × 60000 × 0.0005 = 0.24 (the 0.04 % estimate would say 0.192)
    expect([n(p.fees), n(p.realizedPnl), n(p.pnlPct)]).toEqual(["0.24", "-0.24", "-0.5"]);
    const trade = fake.trades.find((t) => t.apiKey === apiKey)!;
    expect(p.orders[0]!.fills.map((f) => [f.tradeId, n(f.qty), n(f.price), n(f.fee)])).toEqual([[`trade:${trade.id}`, "0.008", "60000", "0.24"]]);

    const own = await openPosition({ userId: user.id, signalId: (await storeSignal(btcSignal())).id, origin: "manual" }, OPTIONS);
    const mine = await positionOf(own.positionId!);
    expect(n(mine.fees)).toBe("0.24");
    expect(mine.orders.find((o) => o.kind === "ENTRY")!.fills.map((f) => f.tradeId.startsWith("trade:"))).toEqual([true]);
  });

  it("a commission paid in BNB keeps the USDT estimate and is recorded as charged in an audit event", async () => {
    fake.setPrice("BTCUSDT", "60000");
    const { user, apiKey } = await liveTrader(fake, { capitalUsdt: "1000" });
    fake.setFees({ asset: "BNB" }, apiKey);
    const r = await openPosition({ userId: user.id, signalId: (await storeSignal(btcSignal())).id, origin: "manual" }, OPTIONS);
    const p = await positionOf(r.positionId!);
    expect(n(p.fees)).toBe("0.192");
    const entry = p.orders[0]!;
    expect(entry.fills.map((f) => n(f.fee))).toEqual(["0.192"]);
    const audit = await db().auditEvent.findFirst({ where: { action: "live.commission_non_usdt", target: `order:${entry.id}` } });
    // 0.192 USDT at 600 per BNB = 0.00032 BNB
    expect(audit?.details).toMatchObject({ position_id: p.id, trades: [{ commission: "0.00032", commission_asset: "BNB", usdt_estimate: "0.192" }] });
  });

  it("a hedge-mode connection switches the account before its first entry, once per connection", async () => {
    fake.setPrice("BTCUSDT", "60000");
    const { user, apiKey } = await liveTrader(fake, { capitalUsdt: "1000" });
    await db().exchangeConnection.update({ where: { userId: user.id }, data: { hedgeMode: true } });
    const first = await openPosition({ userId: user.id, signalId: (await storeSignal(btcSignal())).id, origin: "auto" }, OPTIONS);
    expect(first).toMatchObject({ outcome: "opened", reason: null });
    expect(fake.account(apiKey).dualSidePosition).toBe(true);
    expect(fake.orders.filter((o) => o.apiKey === apiKey).map((o) => [o.side, o.positionSide])).toEqual([["BUY", "LONG"], ["SELL", "LONG"], ["SELL", "LONG"]]);
    expect((await openPosition({ userId: user.id, signalId: (await storeSignal(btcSignal())).id, origin: "auto" }, OPTIONS)).outcome).toBe("opened");
    expect(fake.calls.filter((c) => c.apiKey === apiKey && c.path === "/fapi/v1/positionSide/dual")).toHaveLength(1);
  });

  it("a position mode Binance refuses to switch (open orders or positions) fails the entry with that reason", async () => {
    fake.setPrice("BTCUSDT", "60000");
    const { user, apiKey } = await liveTrader(fake, { capitalUsdt: "1000" });
    expect((await openPosition({ userId: user.id, signalId: (await storeSignal(btcSignal())).id, origin: "auto" }, OPTIONS)).outcome).toBe("opened");
    await db().exchangeConnection.update({ where: { userId: user.id }, data: { hedgeMode: true } });
    const r = await openPosition({ userId: user.id, signalId: (await storeSignal(btcSignal())).id, origin: "auto" }, OPTIONS);
    expect(r.outcome).toBe("failed");
    expect(r.reason).toMatch(/cannot switch the account to hedge position mode while it has open orders/);
    expect(fake.account(apiKey).dualSidePosition).toBe(false);
  });
});

describe("what the process remembers of an account, and the user changing it in Binance's app", () => {
  it("a repeat signal sets nothing already set; an entry refused with -2027 / -4061 (changed outside) sets leverage or position mode again and is sent once more, one order each", async () => {
    fake.setPrice("BTCUSDT", "60000");
    const { user, apiKey } = await liveTrader(fake, { capitalUsdt: "1000" });
    const calls = (path: string) => fake.calls.filter((c) => c.apiKey === apiKey && c.method === "POST" && c.path === path).length;
    const open = async () => openPosition({ userId: user.id, signalId: (await storeSignal(btcSignal())).id, origin: "auto" }, OPTIONS);
    expect((await open()).outcome).toBe("opened");
    const first = [calls("/fapi/v1/leverage"), calls("/fapi/v1/marginType"), calls("/fapi/v1/positionSide/dual")];
    expect((await open()).outcome).toBe("opened");
    expect([calls("/fapi/v1/leverage"), calls("/fapi/v1/marginType"), calls("/fapi/v1/positionSide/dual")]).toEqual(first);
    expect(fake.calls.filter((c) => c.apiKey === apiKey && c.path === "/fapi/v1/symbolConfig")).toHaveLength(0);

    fake.rejectNext(1, { code: -2027, msg: "Exceeded the maximum allowable position at current leverage." }, { method: "POST", path: "/fapi/v1/order" });
    const r1 = await open();
    expect(r1.outcome).toBe("opened");
    // Which setting is stale is not known: position mode, margin type and leverage are all set again.
    expect([calls("/fapi/v1/leverage"), calls("/fapi/v1/marginType"), calls("/fapi/v1/positionSide/dual")]).toEqual(first.map((x) => x + 1));
    fake.rejectNext(1, { code: -4061, msg: "Order's position side does not match user's setting." }, { method: "POST", path: "/fapi/v1/order" });
    const r2 = await open();
    expect(r2.outcome).toBe("opened");
    expect([calls("/fapi/v1/leverage"), calls("/fapi/v1/marginType"), calls("/fapi/v1/positionSide/dual")]).toEqual(first.map((x) => x + 2));
    for (const r of [r1, r2]) {
      const entry = (await positionOf(r.positionId!)).orders.find((o) => o.kind === "ENTRY")!;
      expect(fake.orders.filter((o) => o.clientOrderId === entry.clientOrderId)).toHaveLength(1);
    }
  });
});

describe("leverage and margin mode on a symbol the user already holds", () => {
  it("a second signal on a held symbol enters in the account's margin mode (Binance refuses the change, -4047) and changes nothing that is already set", async () => {
    fake.setPrice("BTCUSDT", "60000");
    const { user, apiKey } = await liveTrader(fake, { capitalUsdt: "1000" });
    expect((await openPosition({ userId: user.id, signalId: (await storeSignal(btcSignal())).id, origin: "auto" }, OPTIONS)).outcome).toBe("opened");
    const changes = () => fake.calls.filter((c) => c.apiKey === apiKey && c.method === "POST" && (c.path === "/fapi/v1/leverage" || c.path === "/fapi/v1/marginType"));
    expect(changes().map((c) => c.path)).toEqual(["/fapi/v1/marginType", "/fapi/v1/leverage"]);

    const same = await openPosition({ userId: user.id, signalId: (await storeSignal(btcSignal())).id, origin: "auto" }, OPTIONS);
    expect(same).toMatchObject({ outcome: "opened" });
    expect(changes()).toHaveLength(2); // already ISOLATED at 10x: nothing sent

    await db().exchangeConnection.update({ where: { userId: user.id }, data: { marginMode: "CROSSED" } });
    const r = await openPosition({ userId: user.id, signalId: (await storeSignal(btcSignal())).id, origin: "auto" }, OPTIONS);
    expect(r).toMatchObject({ outcome: "opened" });
    expect(fake.account(apiKey).marginType).toEqual({ BTCUSDT: "ISOLATED" });
    expect(fake.positions(apiKey)).toEqual([{ symbol: "BTCUSDT", positionSide: "BOTH", positionAmt: expect.any(String), entryPrice: "60000" }]);
  });
});

describe("live testnet execution", () => {
  it("sets leverage and margin, enters at market, rests reduce-only TPs and a STOP_MARKET algo order", async () => {
    fake.setPrice("BTCUSDT", "60000");
    const { user, apiKey } = await liveTrader(fake, { capitalUsdt: "1000" });
    const signal = await storeSignal(btcSignal());
    const r = await openPosition({ userId: user.id, signalId: signal.id, origin: "auto" }, OPTIONS);
    expect(r).toMatchObject({ outcome: "opened", mode: "BINANCE_TESTNET", reason: null });

    const p = await positionOf(r.positionId!);
    expect([p.status, n(p.entryPrice), n(p.qty), n(p.margin), p.protected]).toEqual(["OPEN", "60000", "0.008", "48", true]);
    // fee estimated at the taker rate: 0.008 × 60000 × 0.0004 = 0.192
    expect([n(p.fees), n(p.realizedPnl), n(p.slippagePct)]).toEqual(["0.192", "-0.192", "0"]);
    expect(p.entryAckAt).not.toBeNull();
    expect(p.orders.every((o) => o.exchangeOrderId !== null)).toBe(true);
    expect(p.orders.map((o) => [o.kind, o.status])).toEqual([["ENTRY", "FILLED"], ["TAKE_PROFIT", "OPEN"], ["TAKE_PROFIT", "OPEN"], ["STOP_LOSS", "OPEN"]]);

    const account = fake.account(apiKey);
    expect([account.leverage.BTCUSDT, account.marginType.BTCUSDT]).toEqual([10, "ISOLATED"]);
    const mine = fake.orders.filter((o) => o.apiKey === apiKey);
    expect(mine.map((o) => [o.type, o.side, o.origQty, o.reduceOnly, o.status])).toEqual([
      ["MARKET", "BUY", "0.008", false, "FILLED"],
      ["LIMIT", "SELL", "0.004", true, "NEW"],
      ["LIMIT", "SELL", "0.004", true, "NEW"],
    ]);
    const stop = fake.algoOrders.filter((o) => o.apiKey === apiKey);
    expect(stop.map((o) => [o.orderType, o.side, o.quantity, o.triggerPrice, o.reduceOnly, o.clientAlgoId])).toEqual([
      ["STOP_MARKET", "SELL", "0.008", "59000", true, clientOrderId({ userId: user.id, signalId: signal.id, leg: "sl" })],
    ]);
    expect(fake.calls.some((c) => c.method === "POST" && c.path === "/fapi/v1/algoOrder" && c.apiKey === apiKey)).toBe(true);

    // Re-running places nothing twice.
    const placements = fake.placements().length;
    expect((await openPosition({ userId: user.id, signalId: signal.id, origin: "auto" }, OPTIONS)).outcome).toBe("exists");
    expect(fake.placements().length).toBe(placements);

    // TP1 fills on the exchange; the event reads it back.
    fake.setPrice("BTCUSDT", "60600");
    const tp = await recordSignalEvent({ signalId: signal.id, type: "TP_HIT", target: 1, price: null });
    await applySignalEventToPositions(signal.id, tp.event.id, OPTIONS);
    let after = await positionOf(r.positionId!);
    // −0.192 + 600 × 0.004 = 2.4 − 0.004 × 60600 × 0.0004 (0.09696) → 2.11104
    expect([n(after.remainingQty), after.targetsHit, n(after.realizedPnl)]).toEqual(["0.004", 1, "2.11104"]);

    // Cancelled: the rest closes reduce-only at market; the stop and TP2 are cancelled on the exchange.
    fake.setPrice("BTCUSDT", "60300");
    const cancel = await recordSignalEvent({ signalId: signal.id, type: "CANCELLED", target: null, price: null });
    const res = await applySignalEventToPositions(signal.id, cancel.event.id, OPTIONS);
    expect(res.live).toEqual({ positions: 1, closed: 1, failed: 0 });
    after = await positionOf(r.positionId!);
    // + 300 × 0.004 = 1.2 − 0.004 × 60300 × 0.0004 (0.09648) → 3.21456
    expect([after.status, after.closeReason, n(after.realizedPnl)]).toEqual(["CLOSED", "SIGNAL_CANCELLED", "3.21456"]);
    expect(fake.positions(apiKey).every((x) => x.positionAmt === "0")).toBe(true);
    expect(fake.algoOrders.filter((o) => o.apiKey === apiKey).map((o) => o.algoStatus)).toEqual(["CANCELED"]);
    const close = fake.orders.filter((o) => o.apiKey === apiKey).at(-1)!;
    expect([close.type, close.side, close.reduceOnly, close.origQty]).toEqual(["MARKET", "SELL", true, "0.004"]);
  });

  it("a timeout after Binance accepted the entry places exactly one order", async () => {
    fake.setPrice("BTCUSDT", "60000");
    const { user, apiKey } = await liveTrader(fake, { capitalUsdt: "1000" });
    const signal = await storeSignal(btcSignal());
    fake.timeoutAfterAcceptNext(1, { mode: "hold", holdMs: 5000 });
    const r = await openPosition({ userId: user.id, signalId: signal.id, origin: "auto" }, OPTIONS);
    expect(r.outcome).toBe("opened");
    const entryId = clientOrderId({ userId: user.id, signalId: signal.id, leg: "entry" });
    expect(fake.orders.filter((o) => o.clientOrderId === entryId)).toHaveLength(1);
    expect(fake.placements().filter((c) => c.params.newClientOrderId === entryId)).toHaveLength(1);
    expect(fake.positions(apiKey).find((x) => x.symbol === "BTCUSDT")?.positionAmt).toBe("0.008");
    const p = await positionOf(r.positionId!);
    expect([p.status, n(p.entryPrice), p.orders[0]!.status]).toEqual(["OPEN", "60000", "FILLED"]);
  });

  it("a stop the exchange refuses leaves the position open, flagged unprotected, and alerts the admin", async () => {
    fake.setPrice("BTCUSDT", "60000");
    const { user, chats } = await liveTrader(fake, { capitalUsdt: "1000" });
    const signal = await storeSignal(btcSignal());
    fake.rejectNext(1, { code: -1111, msg: "Precision is over the maximum defined for this asset." }, { path: "/fapi/v1/algoOrder" });
    const r = await openPosition({ userId: user.id, signalId: signal.id, origin: "auto" }, OPTIONS);
    expect(r.outcome).toBe("opened");
    expect(r.reason).toContain("stop:");
    const p = await positionOf(r.positionId!);
    expect([p.status, p.protected]).toEqual(["OPEN", false]);
    expect(p.orders.find((o) => o.kind === "STOP_LOSS")).toMatchObject({ status: "NEW", exchangeOrderId: null });
    const alert = await db().outboxMessage.findFirst({ where: { target: chats.admin, kind: "position_unprotected" } });
    expect(alert?.body).toContain("UNPROTECTED live position");

    // A re-run right away leaves the orders to the run that may still be placing them…
    expect((await openPosition({ userId: user.id, signalId: signal.id, origin: "auto" }, OPTIONS)).outcome).toBe("pending");
    // …a minute later it re-places only the missing stop.
    const later = () => new Date(Date.now() + RESUME_AFTER_MS + 1000);
    const resumed = await openPosition({ userId: user.id, signalId: signal.id, origin: "auto" }, { ...OPTIONS, now: later });
    expect(resumed.outcome).toBe("exists");
    const fixed = await positionOf(r.positionId!);
    expect([fixed.protected, fixed.orders.find((o) => o.kind === "STOP_LOSS")?.status]).toEqual([true, "OPEN"]);
    expect(fake.orders.filter((o) => o.clientOrderId === clientOrderId({ userId: user.id, signalId: signal.id, leg: "entry" }))).toHaveLength(1);
  });

  it("the price already past the stop right after the entry (-2021): the rest is closed at market at once, the take-profits cancelled", async () => {
    fake.setPrice("BTCUSDT", "60000");
    const { user, apiKey } = await liveTrader(fake, { capitalUsdt: "1000" });
    const signal = await storeSignal(btcSignal());
    fake.rejectNext(1, { code: -2021, msg: "Order would immediately trigger." }, { path: "/fapi/v1/algoOrder" });
    const r = await openPosition({ userId: user.id, signalId: signal.id, origin: "auto" }, OPTIONS);
    expect(r.outcome).toBe("opened");
    const p = await positionOf(r.positionId!);
    expect([p.status, p.closeReason, n(p.remainingQty)]).toEqual(["CLOSED", STOP_CROSSED_REASON, "0"]);
    expect(p.orders.filter((o) => o.kind === "TAKE_PROFIT").map((o) => o.status)).toEqual(["CANCELED", "CANCELED"]);
    // The entry's exact fee was read before the close: the watchdog corrects only open positions.
    expect(p.orders.find((o) => o.kind === "ENTRY")!.fills.map((f) => f.tradeId.startsWith("trade:"))).toEqual([true]);
    expect(fake.positions(apiKey).filter((x) => x.symbol === "BTCUSDT" && Number(x.positionAmt) !== 0)).toEqual([]);
    expect(fake.orders.filter((o) => o.apiKey === apiKey && o.status === "NEW")).toEqual([]);
  });

  it("the MARK price already past the stop (last price above it) and Binance taking the stop without -2021: compared with the mark first, the rest closed at market", async () => {
    fake.setPrice("BTCUSDT", "60000", { mark: "58900" });
    fake.setImmediateTrigger("accept");
    const { user, apiKey } = await liveTrader(fake, { capitalUsdt: "1000" });
    const r = await openPosition({ userId: user.id, signalId: (await storeSignal(btcSignal())).id, origin: "auto" }, OPTIONS);
    expect(r.outcome).toBe("opened");
    const p = await positionOf(r.positionId!);
    expect([p.status, p.closeReason, n(p.remainingQty)]).toEqual(["CLOSED", STOP_CROSSED_REASON, "0"]);
    expect(fake.algoOrders.filter((o) => o.apiKey === apiKey)).toEqual([]); // never sent
    expect(p.orders.find((o) => o.kind === "ENTRY")!.fills.map((f) => f.tradeId.startsWith("trade:"))).toEqual([true]);
    expect(fake.positions(apiKey).filter((x) => Number(x.positionAmt) !== 0)).toEqual([]);
  });

  it("a stop Binance accepted that fired at once (the mark unreadable before placing): read back, its fill settled, never counted as resting", async () => {
    fake.setPrice("BTCUSDT", "60000", { mark: "58900" });
    fake.setImmediateTrigger("accept");
    fake.rejectNext(5, { code: -1000, msg: "An unknown error occured while processing the request.", status: 500 }, { method: "GET", path: "/fapi/v1/premiumIndex" });
    const { user, apiKey } = await liveTrader(fake, { capitalUsdt: "1000" });
    const r = await openPosition({ userId: user.id, signalId: (await storeSignal(btcSignal())).id, origin: "auto" }, OPTIONS);
    expect(r.outcome).toBe("opened");
    const p = await positionOf(r.positionId!);
    expect([p.status, n(p.remainingQty)]).toEqual(["CLOSED", "0"]);
    const stop = p.orders.find((o) => o.kind === "STOP_LOSS")!;
    expect([stop.status, n(stop.avgPrice)]).toEqual(["FILLED", "60000"]);
    expect(fake.positions(apiKey).filter((x) => Number(x.positionAmt) !== 0)).toEqual([]);
  });

  it("an entry the exchange refuses fails the position with the reason; a manual close of a live position sells the rest", async () => {
    fake.setPrice("BTCUSDT", "60000");
    const { user } = await liveTrader(fake, { capitalUsdt: "1000" });
    const refused = await storeSignal(btcSignal());
    fake.rejectNext(1, { code: -2019, msg: "Margin is insufficient." }, { method: "POST", path: "/fapi/v1/order" });
    const r = await openPosition({ userId: user.id, signalId: refused.id, origin: "auto" }, OPTIONS);
    expect(r.outcome).toBe("failed");
    expect(r.reason).toContain("Margin is insufficient");
    expect((await positionOf(r.positionId!)).status).toBe("FAILED");

    const other = await storeSignal(btcSignal());
    const ok = await openPosition({ userId: user.id, signalId: other.id, origin: "manual" }, OPTIONS);
    fake.setPrice("BTCUSDT", "59500");
    const c = await closePosition({ positionId: ok.positionId!, actor: { id: user.id, role: "USER" } }, OPTIONS);
    // −0.192 − 500 × 0.008 = −4 − 0.008 × 59500 × 0.0004 (0.1904) → −4.3824 on a 48 margin = −9.13 %
    expect([c.status, c.realizedPnl, c.pnlPct, c.closePrice, c.priceSource]).toEqual(["CLOSED", "-4.3824", "-9.13", "59500", "exchange"]);
  });
});

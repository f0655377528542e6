// Every trade asks the risk engine (server/risk/pre-trade.ts) inside the transaction that writes the
// position. Its rules come with the risk issue; here its answers are scripted to check what the
// engine does with them: a refused auto copy is a FAILED position (RISK_BLOCKED) plus a risk event
// and never blocks the other users; a refused manual trade is 409 risk_blocked; a reduced quantity
// is honoured with the take-profits re-split.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import type { TPreTradeContext, TPreTradeDecision } from "@/server/risk/pre-trade";
import { createFakePriceFeed } from "@/test/fakes/price-feed";
import { uniqueSymbol } from "@/test/helpers/signals";
import { createTrader, long100, positionOf, storeSignal, turnOffAllAutoTraders } from "@/test/helpers/trading";
import { openPaperCopies, prepareSignalCopy } from "./auto-trade";
import { openPosition } from "./open-position";

const risk = vi.hoisted(() => ({ decide: (_ctx: Omit<TPreTradeContext, "tx">): TPreTradeDecision => ({ allowed: true }), asked: [] as number[] }));
vi.mock("@/server/risk/pre-trade", () => ({
  checkPreTrade: async (ctx: TPreTradeContext) => (risk.asked.push(ctx.userId), risk.decide(ctx)),
  checkPreTradeMany: async (_tx: unknown, ctxs: Omit<TPreTradeContext, "tx">[]) => ctxs.map((c) => (risk.asked.push(c.userId), risk.decide(c))),
  // Taken before the check to look for a copy another run made; the decisions here are scripted.
  lockRiskUsers: async () => undefined,
}));

// The fan-out asks about every auto-trader on the platform: only this test's may be there.
beforeEach(turnOffAllAutoTraders);
afterEach(async () => {
  risk.decide = () => ({ allowed: true });
  risk.asked = [];
  await turnOffAllAutoTraders();
});

describe("risk engine decisions", () => {
  it("a refused auto copy is recorded as FAILED with a risk event; the other users still trade", async () => {
    const symbol = uniqueSymbol();
    const feed = createFakePriceFeed({ [symbol]: "100" });
    const blocked = await createTrader({ autoTradeEnabled: true });
    const allowed = await createTrader({ autoTradeEnabled: true });
    risk.decide = (ctx) => (ctx.userId === blocked.id ? { allowed: false, kind: "max_concurrent_trades", reason: "5 trades already open (limit 5)" } : { allowed: true });
    const signal = await storeSignal(long100(symbol));
    const market = await prepareSignalCopy(signal.id, { priceFeed: feed });
    const r = await openPaperCopies(market!, 0, 2000, { priceFeed: feed });
    expect(r).toMatchObject({ opened: 1, failed: 1 });
    expect(risk.asked.sort()).toEqual([blocked.id, allowed.id].sort());
    const rows = await db().position.findMany({ where: { signalId: signal.id }, orderBy: { userId: "asc" } });
    expect(rows.map((p) => [p.userId, p.status, p.failureCode, p.failureReason])).toEqual([
      [blocked.id, "FAILED", "RISK_BLOCKED", "5 trades already open (limit 5)"],
      [allowed.id, "OPEN", null, null],
    ]);
    const events = await db().riskEvent.findMany({ where: { userId: blocked.id } });
    expect(events.map((e) => [e.kind, e.rule, e.symbol, e.reason])).toEqual([["USER_BLOCKED", "max_concurrent_trades", symbol, "5 trades already open (limit 5)"]]);
  });

  it("a refused manual trade answers RISK_BLOCKED with the reason and stores no position", async () => {
    const symbol = uniqueSymbol();
    const feed = createFakePriceFeed({ [symbol]: "100" });
    const user = await createTrader();
    risk.decide = () => ({ allowed: false, kind: "daily_loss_limit", reason: "daily loss limit of 25% reached" });
    const signal = await storeSignal(long100(symbol));
    const err = await openPosition({ userId: user.id, signalId: signal.id, origin: "manual" }, { priceFeed: feed }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "RISK_BLOCKED", message: "daily loss limit of 25% reached", extra: { reason: "daily loss limit of 25% reached" } });
    expect(await db().position.count({ where: { userId: user.id } })).toBe(0);
    expect(await db().riskEvent.count({ where: { userId: user.id, kind: "USER_BLOCKED", rule: "daily_loss_limit" } })).toBe(1);
  });

  it("a quantity reduced by the risk engine is the one traded, take-profits re-split", async () => {
    const symbol = uniqueSymbol();
    const feed = createFakePriceFeed({ [symbol]: "100" });
    const user = await createTrader();
    risk.decide = () => ({ allowed: true, qty: "0.2" });
    const signal = await storeSignal(long100(symbol));
    const r = await openPosition({ userId: user.id, signalId: signal.id, origin: "manual" }, { priceFeed: feed });
    const p = await positionOf(r.positionId!);
    expect([p.qty.toFixed(), p.margin.toFixed(), p.fees.toFixed()]).toEqual(["0.2", "4", "0.008"]);
    expect(p.orders.filter((o) => o.kind === "TAKE_PROFIT").map((o) => o.qty.toFixed())).toEqual(["0.066", "0.066", "0.068"]);
  });
});

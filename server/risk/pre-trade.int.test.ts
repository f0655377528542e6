// The risk engine against the database: the rules as the trading paths meet them, the per-user
// advisory lock under parallel fan-out, the injected clock (cooldown expiry, the UTC day).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { openPaperCopies, prepareSignalCopy } from "@/server/trading/auto-trade";
import { openPosition } from "@/server/trading/open-position";
import { EXPOSURE_TOO_SMALL } from "@/server/trading/trade-plan";
import { createFakePriceFeed } from "@/test/fakes/price-feed";
import { insertPosition } from "@/test/helpers/positions";
import { uniqueSymbol } from "@/test/helpers/signals";
import { createTrader, long100, storeSignal, turnOffAllAutoTraders } from "@/test/helpers/trading";
import { checkPreTrade } from "./pre-trade";
import { getRiskLimits } from "./risk-limits";

// The fan-outs here serve every auto-trader on the platform: only this test's may be there.
beforeEach(turnOffAllAutoTraders);
afterEach(async () => {
  await turnOffAllAutoTraders();
  await db().safetyState.upsert({ where: { id: 1 }, create: { id: 1, killSwitch: false }, update: { killSwitch: false, reason: null } });
});

type TLimits = { maxConcurrentTrades?: number; maxDailyTrades?: number; perSymbolLimit?: number; cooldownMinutes?: number; maxAccountExposurePct?: string; reduceToFitExposure?: boolean; capitalUsdt?: string };

/** 10 USDT × 5x per trade on 100 USDT capital: margin 10, notional 50, qty 0.5 at 100. */
async function trader(limits: TLimits = {}, autoTradeEnabled = false) {
  const t = await createTrader({ autoTradeEnabled });
  await db().user.update({ where: { id: t.id }, data: { maxConcurrentTrades: 50, maxDailyTrades: 50, perSymbolLimit: 50, ...limits } });
  return t;
}

const status = (userId: number) =>
  db().position.groupBy({ by: ["status"], where: { userId }, _count: { _all: true } }).then((g) => Object.fromEntries(g.map((r) => [r.status, r._count._all])));

/**
 * n signals (one symbol each, or all on `symbol`) prepared for the fan-out with one fake feed.
 * Stored one after another: storing is set-up here, and 20 signal transactions queued at once on
 * PGlite's single connection can outwait Prisma's 2 s transaction start on a busy machine.
 */
async function signals(n: number, symbol?: string) {
  const symbols = Array.from({ length: n }, () => symbol ?? uniqueSymbol());
  const feed = createFakePriceFeed(Object.fromEntries(symbols.map((s) => [s, "100"])));
  const ids: string[] = [];
  for (const s of symbols) ids.push((await storeSignal(long100(s))).id);
  return { feed, ids };
}

describe("parallel fan-out never lets a user past a limit (per-user advisory lock)", () => {
  it("20 signals fanned out at once to a user with max_concurrent_trades 3 → exactly 3 open", async () => {
    const u = await trader({ maxConcurrentTrades: 3 }, true);
    const { feed, ids } = await signals(20);
    const markets = await Promise.all(ids.map((id) => prepareSignalCopy(id, { priceFeed: feed })));
    await Promise.all(markets.map((m) => openPaperCopies(m!, 0, 2000, { priceFeed: feed })));
    expect(await status(u.id)).toEqual({ OPEN: 3, FAILED: 17 });
    expect(await db().position.count({ where: { userId: u.id, status: "FAILED", failureCode: "RISK_BLOCKED" } })).toBe(17);
    expect(await db().riskEvent.count({ where: { userId: u.id, kind: "USER_BLOCKED", rule: "max_concurrent_trades" } })).toBe(17);
  });

  it("20 signals on one symbol at once, per_symbol_limit 2 → exactly 2 open", async () => {
    const u = await trader({ perSymbolLimit: 2 }, true);
    const { feed, ids } = await signals(20, uniqueSymbol());
    const markets = await Promise.all(ids.map((id) => prepareSignalCopy(id, { priceFeed: feed })));
    await Promise.all(markets.map((m) => openPaperCopies(m!, 0, 2000, { priceFeed: feed })));
    expect(await status(u.id)).toEqual({ OPEN: 2, FAILED: 18 });
    expect(await db().riskEvent.count({ where: { userId: u.id, kind: "USER_BLOCKED", rule: "per_symbol_limit" } })).toBe(18);
  });

  it("20 copies through openPosition at once, max_daily_trades 4 → exactly 4 open", async () => {
    const u = await trader({ maxDailyTrades: 4 });
    const { feed, ids } = await signals(20);
    const results = await Promise.all(ids.map((signalId) => openPosition({ userId: u.id, signalId, origin: "auto" }, { priceFeed: feed })));
    expect(results.filter((r) => r.outcome === "opened")).toHaveLength(4);
    expect(await status(u.id)).toEqual({ OPEN: 4, FAILED: 16 });
    expect(await db().riskEvent.count({ where: { userId: u.id, kind: "USER_BLOCKED", rule: "max_daily_trades" } })).toBe(16);
  });

  it("20 at once against exposure (80% of 100 USDT, 10 USDT each) → exactly 8 open", async () => {
    const u = await trader({}, true);
    const { feed, ids } = await signals(20);
    const markets = await Promise.all(ids.map((id) => prepareSignalCopy(id, { priceFeed: feed })));
    await Promise.all(markets.map((m) => openPaperCopies(m!, 0, 2000, { priceFeed: feed })));
    expect(await status(u.id)).toEqual({ OPEN: 8, FAILED: 12 });
    expect(await db().riskEvent.count({ where: { userId: u.id, kind: "USER_BLOCKED", rule: "max_account_exposure" } })).toBe(12);
  });
});

describe("rules through the trading paths", () => {
  const manual = async (userId: number, now?: Date) => {
    const symbol = uniqueSymbol();
    const feed = createFakePriceFeed({ [symbol]: "100" });
    const signal = await storeSignal(long100(symbol));
    return openPosition({ userId, signalId: signal.id, origin: "manual" }, { priceFeed: feed, now: now && (() => now) }).catch((e: unknown) => e);
  };

  it("the kill switch blocks every trade, manual and fan-out, with a risk event", async () => {
    await db().safetyState.upsert({ where: { id: 1 }, create: { id: 1, killSwitch: true, reason: "admin" }, update: { killSwitch: true, reason: "admin" } });
    const u = await trader({}, true);
    expect(await manual(u.id)).toMatchObject({ code: "RISK_BLOCKED", extra: { reason: "trading is halted (kill switch on: admin)" } });
    const { feed, ids } = await signals(1);
    const r = await openPaperCopies((await prepareSignalCopy(ids[0]!, { priceFeed: feed }))!, 0, 2000, { priceFeed: feed });
    expect(r).toMatchObject({ opened: 0, failed: 1 });
    expect(await db().riskEvent.count({ where: { userId: u.id, kind: "GLOBAL_BLOCKED", rule: "kill_switch" } })).toBe(2);
  });

  it("cooldown after a losing close: blocked 1 ms before cooldown_minutes have passed, allowed exactly then (injected clock)", async () => {
    const u = await trader({ cooldownMinutes: 15 });
    const lossAt = new Date();
    await db().dailyPnl.create({ data: { userId: u.id, day: new Date(lossAt.toISOString().slice(0, 10)), trades: 1, losses: 1, realizedPnl: "-1", realizedPct: "-1", lastLossAt: lossAt } });
    const blocked = await manual(u.id, new Date(lossAt.getTime() + 15 * 60_000 - 1));
    expect(blocked).toMatchObject({ code: "RISK_BLOCKED" });
    expect(await db().riskEvent.findMany({ where: { userId: u.id }, select: { kind: true, rule: true } })).toEqual([{ kind: "USER_BLOCKED", rule: "cooldown" }]);
    expect(await manual(u.id, new Date(lossAt.getTime() + 15 * 60_000))).toMatchObject({ outcome: "opened" });
  });

  it("the UTC day: yesterday's trades and losses do not count today", async () => {
    const u = await trader({ maxDailyTrades: 1 });
    const now = new Date();
    const yesterday = new Date(now.getTime() - 86_400_000);
    await insertPosition(u.id, { status: "CLOSED", openedAt: yesterday, closedAt: yesterday });
    await db().dailyPnl.create({ data: { userId: u.id, day: new Date(yesterday.toISOString().slice(0, 10)), trades: 1, losses: 1, realizedPnl: "-30", realizedPct: "-30" } });
    expect(await manual(u.id, now)).toMatchObject({ outcome: "opened" });
    expect(await manual(u.id, now)).toMatchObject({ code: "RISK_BLOCKED", extra: { reason: "1 trades opened today (limit 1 per day)" } });
  });

  it("user stats reset at 00:00 UTC: blocked at 23:59:59.999 by today's count and loss, allowed at 00:00:00.000 (injected clock)", async () => {
    const u = await trader({ maxDailyTrades: 1 });
    const lastMs = new Date("2026-11-20T23:59:59.999Z");
    const midnight = new Date("2026-11-21T00:00:00.000Z");
    await insertPosition(u.id, { status: "CLOSED", openedAt: new Date("2026-11-20T08:00:00Z"), closedAt: new Date("2026-11-20T09:00:00Z"), realizedPnl: "-30" });
    await db().dailyPnl.create({ data: { userId: u.id, day: new Date("2026-11-20"), trades: 1, losses: 1, realizedPnl: "-30", realizedPct: "-30", lastLossAt: new Date("2026-11-20T09:00:00Z") } });
    expect((await getRiskLimits(u.id, lastMs)).current).toMatchObject({ today_trades: 1, today_pnl_pct: "-30", today_pnl_usdt: "-30" });
    expect(await manual(u.id, lastMs)).toMatchObject({ code: "RISK_BLOCKED", extra: { reason: "daily loss limit of 25% reached (today -30%)" } });
    expect((await getRiskLimits(u.id, midnight)).current).toMatchObject({ today_trades: 0, today_pnl_pct: "0", today_pnl_usdt: "0" });
    expect(await manual(u.id, midnight)).toMatchObject({ outcome: "opened" });
  });

  it("daily loss limit: today at −25% of capital blocks the user", async () => {
    const u = await trader();
    const now = new Date();
    await db().dailyPnl.create({ data: { userId: u.id, day: new Date(now.toISOString().slice(0, 10)), trades: 1, losses: 1, realizedPnl: "-25", realizedPct: "-25" } });
    expect(await manual(u.id, now)).toMatchObject({ code: "RISK_BLOCKED", extra: { reason: "daily loss limit of 25% reached (today -25%)" } });
  });

  it("exposure with reduce_to_fit_exposure: the trade opens with the quantity that fits", async () => {
    const u = await trader({ reduceToFitExposure: true });
    await insertPosition(u.id, { margin: "75", notional: "375" });
    const r = await manual(u.id);
    expect(r).toMatchObject({ outcome: "opened" });
    const p = await db().position.findUniqueOrThrow({ where: { id: (r as { positionId: string }).positionId } });
    expect([p.qty.toFixed(), p.margin.toFixed()]).toEqual(["0.25", "5"]);
  });

  it("reduce-to-fit below the market's minimum order is a block, not a broken chunk", async () => {
    const u = await trader({ reduceToFitExposure: true }, true);
    await insertPosition(u.id, { margin: "79.99", notional: "399.95" });
    expect(await manual(u.id)).toMatchObject({ code: "RISK_BLOCKED", extra: { reason: EXPOSURE_TOO_SMALL } });
    const other = await trader({}, true);
    const { feed, ids } = await signals(1);
    const r = await openPaperCopies((await prepareSignalCopy(ids[0]!, { priceFeed: feed }))!, 0, 2000, { priceFeed: feed });
    expect(r).toMatchObject({ opened: 1, failed: 1 });
    expect(await status(other.id)).toEqual({ OPEN: 1 });
    expect(await db().riskEvent.count({ where: { userId: u.id, kind: "USER_BLOCKED", rule: "max_account_exposure", reason: EXPOSURE_TOO_SMALL } })).toBe(2);
  });

  it("one batch counts a user's trades against each other; a preview-style check writes nothing", async () => {
    const u = await trader({ maxConcurrentTrades: 1 });
    await insertPosition(u.id);
    const d = await db().$transaction((tx) =>
      checkPreTrade({ tx, userId: u.id, symbol: "ETHUSDT", direction: "LONG", qty: "0.5", notionalUsdt: "50", marginUsdt: "10", source: "manual", signalId: null }),
    );
    expect(d).toEqual({ allowed: false, kind: "max_concurrent_trades", reason: "1 trades already open (limit 1)" });
    expect(await db().riskEvent.count({ where: { userId: u.id } })).toBe(0);
  });
});

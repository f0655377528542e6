// The auto-trader fan-out (SPEC §6): every PREMIUM user with auto_trade_enabled copies a new signal.
// Built for 10,000 users in seconds with a small, constant number of database round trips per user:
//
//   1. prepareSignalCopy — the signal, ONE price request, the market rules, the stale-signal verdict.
//   2. openPaperCopies   — PAPER users in chunks by user id: ONE query loads a chunk's users and
//      settings, plans are computed in memory (memoised per distinct settings), and ONE transaction
//      asks the risk engine and writes every position, order and fill with ON CONFLICT (user, signal)
//      DO NOTHING — re-running opens nothing twice.
//   3. listLiveCopyUsers / openLiveCopy — users trading on Binance, one by one (each its own step in
//      the job, at most 50 at a time): one user's failure is recorded and never blocks the others.
//   4. finishFanOut — one aggregate message to the VIP chat, then the signal's held broadcast is
//      released (execute before broadcast).
import type { TTx } from "../db/client";
import { db } from "../db/client";
import { env } from "../env";
import { toAppError } from "../errors";
import { logger } from "../logger";
import { checkPreTradeMany } from "../risk/pre-trade";
import { enqueueOutbox } from "../notifications/outbox";
import { announceOutbox } from "../signals/announce";
import { releaseSignalBroadcast } from "../signals/broadcast-hold";
import { DEFAULT_PAPER_FEE_RATE } from "../exchange/paper-exchange";
import type { TMarketRules } from "../exchange/types";
import { entrySide, fetchMarketPrices, paperFillAt, paperMarketRules } from "./market-data";
import { feedOf, nowOf, type TTradingOptions } from "./options";
import { recordRiskBlocks, type TRiskBlock } from "../risk/risk-events";
import { insertFailedCopies, insertPaperEntries, trailingOf, type TFailedCopy, type TPaperEntry } from "./paper-entries";
import { openPosition } from "./open-position";
import { staleSignalVerdict } from "./stale-signal";
import { buildTradePlan, EXPOSURE_TOO_SMALL, requestedLeverage, signalEntryPrice, tryResizePlan, type TPlanRefusal, type TTradePlan, type TTradeSettings } from "./trade-plan";
import { tradesOpenedText } from "./trade-messages";

/** What every copy of a signal shares: a JSON value, so a job step can record it. */
export type TSignalCopyMarket = {
  signalId: string;
  symbol: string;
  direction: "LONG" | "SHORT";
  targets: string[];
  stopLoss: string;
  signalEntry: string;
  signalCreatedAt: string;
  /** Where paper entries fill (the market price, or the signal's entry when the feed is down). */
  fillPrice: string;
  filledAtSignalPrice: boolean;
  rules: TMarketRules | null;
  /** Set when no paper copy may open (stale signal, unknown market): each user gets a FAILED row with it. */
  skip: { code: string; reason: string } | null;
};

export const PAPER_CHUNK_SIZE = 2000;
export const LIVE_CONCURRENCY = 50;

/** Step 1. Null when the signal is gone or no longer OPEN (nothing to copy). */
export async function prepareSignalCopy(signalId: string, options: TTradingOptions = {}): Promise<TSignalCopyMarket | null> {
  const signal = await db().signal.findUnique({
    where: { id: signalId },
    select: { id: true, symbol: true, direction: true, entryLow: true, entryHigh: true, targets: true, stopLoss: true, status: true, createdAt: true },
  });
  if (!signal || signal.status !== "OPEN") return null;
  const now = nowOf(options);
  const feed = feedOf(options);
  const snapshot = await fetchMarketPrices(feed, [signal.symbol], now);
  const market = snapshot.prices.get(signal.symbol) ?? null;
  const signalEntry = signalEntryPrice(signal);
  const base = {
    signalId,
    symbol: signal.symbol,
    direction: signal.direction,
    targets: signal.targets.map((t) => t.toFixed()),
    stopLoss: signal.stopLoss.toFixed(),
    signalEntry,
    signalCreatedAt: signal.createdAt.toISOString(),
  };
  let rules: TMarketRules;
  try {
    rules = (await paperMarketRules(feed, signal.symbol, market ?? signalEntry)).rules;
  } catch (err) {
    return { ...base, fillPrice: signalEntry, filledAtSignalPrice: false, rules: null, skip: { code: "UNKNOWN_MARKET", reason: toAppError(err).message } };
  }
  const config = env();
  const verdict = staleSignalVerdict(signal, market, now, { maxDriftPct: config.STALE_SIGNAL_DRIFT_PCT, maxAgeMinutes: config.STALE_SIGNAL_MAX_AGE_MINUTES });
  return {
    ...base,
    fillPrice: market !== null ? paperFillAt(market, rules, entrySide(signal.direction)) : signalEntry,
    filledAtSignalPrice: market === null,
    rules,
    skip: verdict.stale ? { code: "STALE_SIGNAL", reason: verdict.reason } : null,
  };
}

type TTraderRow = {
  id: number;
  capital: string;
  perTrade: string;
  leverage: number;
  sizingMode: "FIXED" | "RISK";
  riskPct: string;
  tpSplit: string[] | null;
  /** The exchange connection's leverage_default (null without a connection). */
  connLeverage: number | null;
  trailingStopEnabled: boolean;
  trailingStopPct: string;
  trailingStopAfterTp: number;
};

/** Eligible = PREMIUM right now, auto-trade on, active, and no position (of any status) for this signal yet. */
const ELIGIBLE = `u.plan = 'PREMIUM' AND (u.plan_expires_at IS NULL OR u.plan_expires_at > ($2::timestamptz AT TIME ZONE 'UTC'))
  AND u.auto_trade_enabled AND u.is_active`;

export type TPaperChunkResult = { opened: number; failed: number; users: number; lastUserId: number; done: boolean };

/** Step 2, one chunk: the next `limit` paper users after `afterUserId`. */
export async function openPaperCopies(market: TSignalCopyMarket, afterUserId = 0, limit = PAPER_CHUNK_SIZE, options: TTradingOptions = {}): Promise<TPaperChunkResult> {
  const now = nowOf(options);
  const liveEnabled = env().ENABLE_LIVE_TRADING;
  const users = await db().$queryRawUnsafe<TTraderRow[]>(
    `SELECT u.id, u.capital_usdt::text AS capital, u.per_trade_usdt::text AS "perTrade", u.leverage, u.sizing_mode::text AS "sizingMode",
       u.risk_per_trade_pct::text AS "riskPct", u.tp_split::text[] AS "tpSplit", c.leverage_default AS "connLeverage",
       u.trailing_stop_enabled AS "trailingStopEnabled", u.trailing_stop_pct::text AS "trailingStopPct", u.trailing_stop_after_tp AS "trailingStopAfterTp"
     FROM users u LEFT JOIN exchange_connections c ON c.user_id = u.id
     WHERE ${ELIGIBLE} AND u.id > $3 AND ($4::bool = false OR c.mode IS NULL OR c.mode = 'PAPER')
       AND NOT EXISTS (SELECT 1 FROM positions p WHERE p.user_id = u.id AND p.signal_id = $1::uuid)
     ORDER BY u.id LIMIT $5`,
    market.signalId, now.toISOString(), afterUserId, liveEnabled, limit,
  );
  const result: TPaperChunkResult = { opened: 0, failed: 0, users: users.length, lastUserId: users.at(-1)?.id ?? afterUserId, done: users.length < limit };
  if (users.length === 0) return result;

  const failed: TFailedCopy[] = [];
  const entries: TPaperEntry[] = [];
  const plans = new Map<string, TTradePlan | TPlanRefusal>();
  const fail = (u: TTraderRow, code: string, reason: string, leverage: number) =>
    failed.push({ userId: u.id, signalId: market.signalId, symbol: market.symbol, direction: market.direction, leverage, mode: "PAPER", code, reason });
  for (const u of users) {
    const leverage = requestedLeverage({ connectionDefault: u.connLeverage, userRisk: u.leverage });
    if (market.skip || !market.rules) {
      fail(u, market.skip?.code ?? "UNKNOWN_MARKET", market.skip?.reason ?? "no market rules", leverage);
      continue;
    }
    const settings: TTradeSettings = { perTradeUsdt: u.perTrade, leverage, sizingMode: u.sizingMode, riskPerTradePct: u.riskPct, capitalUsdt: u.capital, tpSplit: u.tpSplit ?? [] };
    const plan = planFor(plans, market, market.rules, settings);
    if (!plan.ok) fail(u, "SIZE_REFUSED", plan.reason, leverage);
    else entries.push({ userId: u.id, signalId: market.signalId, symbol: market.symbol, plan, filledAtSignalPrice: market.filledAtSignalPrice, signalEntryPrice: market.signalEntry, signalCreatedAt: new Date(market.signalCreatedAt), feeRate: DEFAULT_PAPER_FEE_RATE, trailing: trailingOf(u) });
  }

  const opened = await db().$transaction((tx) => writeChunk(tx, market, entries, failed, now), { timeout: 60_000, maxWait: 30_000 });
  result.opened = opened.length;
  result.failed = users.length - opened.length;
  return result;
}

/** Plans are the same for the same settings: compute each distinct one once (most users keep the defaults). */
function planFor(cache: Map<string, TTradePlan | TPlanRefusal>, m: TSignalCopyMarket, rules: TMarketRules, s: TTradeSettings): TTradePlan | TPlanRefusal {
  const key = [s.perTradeUsdt, s.leverage, s.sizingMode, s.riskPerTradePct, s.capitalUsdt, s.tpSplit.join(",")].join("|");
  let plan = cache.get(key);
  if (!plan) {
    try {
      plan = buildTradePlan({ direction: m.direction, entryPrice: m.fillPrice, targets: m.targets, stopLoss: m.stopLoss, settings: s, rules });
    } catch (err) {
      plan = { ok: false, code: "BELOW_MIN_QTY", qty: "0", reason: toAppError(err).message };
    }
    cache.set(key, plan);
  }
  return plan;
}

async function writeChunk(tx: TTx, m: TSignalCopyMarket, entries: TPaperEntry[], failed: TFailedCopy[], now: Date): Promise<string[]> {
  const decisions = await checkPreTradeMany(
    tx,
    entries.map((e) => ({ userId: e.userId, symbol: m.symbol, direction: m.direction, qty: e.plan.qty, notionalUsdt: e.plan.notional, marginUsdt: e.plan.margin, source: "auto" as const, signalId: m.signalId })),
    now,
  );
  const allowed: TPaperEntry[] = [];
  const blocks: TRiskBlock[] = [];
  entries.forEach((e, i) => {
    let d = decisions[i]!;
    if (d.allowed && d.qty && m.rules) {
      const plan = tryResizePlan(e.plan, d.qty, m.rules);
      if (plan) return void allowed.push({ ...e, plan });
      d = { allowed: false, kind: "max_account_exposure", reason: EXPOSURE_TOO_SMALL };
    }
    if (d.allowed) return void allowed.push(e);
    blocks.push({ userId: e.userId, symbol: m.symbol, rule: d.kind, reason: d.reason, signalId: m.signalId });
    failed.push({ userId: e.userId, signalId: m.signalId, symbol: m.symbol, direction: m.direction, leverage: e.plan.leverage, mode: "PAPER", code: "RISK_BLOCKED", reason: d.reason });
  });
  await recordRiskBlocks(tx, blocks, now);
  const opened = await insertPaperEntries(tx, allowed, now);
  await insertFailedCopies(tx, failed, now);
  return opened;
}

/** Step 3a: users whose copy goes to Binance (live trading on, a live mode chosen) and is not done yet. */
export async function listLiveCopyUsers(signalId: string, options: TTradingOptions = {}): Promise<number[]> {
  if (!env().ENABLE_LIVE_TRADING) return [];
  const rows = await db().$queryRawUnsafe<{ id: number }[]>(
    `SELECT u.id FROM users u JOIN exchange_connections c ON c.user_id = u.id
     WHERE ${ELIGIBLE} AND c.mode <> 'PAPER'
       AND (NOT EXISTS (SELECT 1 FROM positions p WHERE p.user_id = u.id AND p.signal_id = $1::uuid)
         OR EXISTS (SELECT 1 FROM positions p JOIN orders o ON o.position_id = p.id
                    WHERE p.user_id = u.id AND p.signal_id = $1::uuid AND p.status = 'OPEN' AND o.status = 'NEW'))
     ORDER BY u.id`,
    signalId, nowOf(options).toISOString(),
  );
  return rows.map((r) => r.id);
}

export type TLiveCopyResult = { userId: number; outcome: string; positionId: string | null; reason: string | null };

/** Step 3b: one live user's copy. Never throws: a failure is recorded on the position and returned. */
export async function openLiveCopy(signalId: string, userId: number, options: TTradingOptions = {}): Promise<TLiveCopyResult> {
  try {
    const r = await openPosition({ userId, signalId, origin: "auto" }, options);
    return { userId, outcome: r.outcome, positionId: r.positionId, reason: r.reason };
  } catch (err) {
    const e = toAppError(err);
    logger.warn("auto-trader: live copy failed", { userId, signalId, error: e.message });
    return { userId, outcome: "failed", positionId: null, reason: e.message };
  }
}

export type TFanOutSummary = { paper: number; live: number; failed: number; released: number };

/** Step 4: the aggregate "trades opened" message, then the signal's broadcast is released. */
export async function finishFanOut(signalId: string): Promise<TFanOutSummary> {
  const counts = await db().position.groupBy({ by: ["mode", "status"], where: { signalId }, _count: { _all: true } });
  const n = (pred: (c: (typeof counts)[number]) => boolean) => counts.filter(pred).reduce((a, c) => a + c._count._all, 0);
  const summary = { paper: n((c) => c.mode === "PAPER" && c.status !== "FAILED"), live: n((c) => c.mode !== "PAPER" && c.status !== "FAILED"), failed: n((c) => c.status === "FAILED"), released: 0 };
  if (summary.paper + summary.live > 0) {
    const signal = await db().signal.findUnique({ where: { id: signalId }, select: { symbol: true, direction: true } });
    const entry = await db().position.findFirst({ where: { signalId, mode: "PAPER", status: { not: "FAILED" } }, select: { entryPrice: true } });
    if (signal) {
      const body = tradesOpenedText({ symbol: signal.symbol, direction: signal.direction, paper: summary.paper, live: summary.live, entry: entry?.entryPrice?.toFixed() ?? null });
      await db().$transaction((tx) => enqueueOutbox(tx, [{ audience: "vip", kind: "autotrade_opened", body, dedupeKey: `autotrade-opened:${signalId}` }]));
    }
  }
  summary.released = await releaseSignalBroadcast(signalId);
  await announceOutbox();
  return summary;
}

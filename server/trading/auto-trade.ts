// The auto-trader fan-out (SPEC §6): every auto-trader (users/auto-trader.ts) copies a new signal —
// the trading pipeline (pipeline.ts) in batches: quoted once, then planned, risk-checked and written
// per chunk of users with the same decisions a manual trade makes. Built for 10,000 users in seconds
// with a small, constant number of database round trips per user:
//
//   1. prepareSignalCopy — the signal, ONE price request, the market rules, the stale-signal verdict.
//   2. openPaperCopies   — PAPER users in chunks of 10,000 by user id: ONE query loads a chunk's users
//      and settings, plans are computed in memory (memoised per distinct settings), and one
//      transaction per 2,000 users (two at a time) asks the risk engine and writes every position,
//      order and fill in ONE statement with ON CONFLICT (user, signal) DO NOTHING — re-running opens
//      nothing twice.
//   3. live-copies.ts — users trading on Binance, in batches of 1,000: the same steps set-based, then
//      each user's orders to Binance in a rolling pool, in an order shuffled per signal.
//   4. finishFanOut — one aggregate message to the VIP chat, then the signal's held broadcast is
//      released (execute before broadcast).
import { db } from "../db/client";
import { mapPool } from "../lib/map-pool";
import { inPgTransaction, type TSql } from "../db/sql";
import { DEFAULT_PAPER_FEE_RATE } from "../exchange/paper-exchange";
import type { TMarketRules } from "../exchange/types";
import { liveConnectionSql } from "../exchange-connections/trading-mode";
import { endPhase, timePhase } from "../lib/phase-timer";
import { announceChange } from "../live-updates/live-updates";
import { nudgeOutbox } from "../notifications/nudge-outbox";
import { enqueueOutbox } from "../notifications/outbox";
import { checkPreTradeMany, lockRiskUsers } from "../risk/pre-trade";
import { recordRiskBlocks, type TRiskBlock } from "../risk/risk-events";
import { releaseSignalBroadcast } from "../signals/broadcast-hold";
import { findCopyableSignal, findSignalHeadline } from "../signals/copyable-signal";
import { autoTraderSql } from "../users/auto-trader";
import { traderSettingsSql, type TTraderSettings } from "../users/trader-settings";
import { nowOf, type TTradingOptions } from "./options";
import { insertFailedCopies, insertPaperEntries, trailingOf, type TFailedCopy, type TPaperEntry } from "./paper-entries";
import { applyRiskDecision, quotePaper, staleReason, tradeFromSignal, tradeSettingsFor } from "./pipeline";
import { cachedTradePlan, type TPlanCache } from "./trade-plan";
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

/** Users per job step (one query loads them) and per transaction within it. */
export const PAPER_CHUNK_SIZE = 10_000;
const PAPER_TX_SIZE = 2000;
const PAPER_TX_PARALLEL = 2;
/** Step 1. Null when the signal is gone or no longer OPEN (nothing to copy). */
export async function prepareSignalCopy(signalId: string, options: TTradingOptions = {}): Promise<TSignalCopyMarket | null> {
  const signal = await findCopyableSignal(signalId);
  // A new signal fans out while it is untouched: once a target was hit, the move is under way.
  if (!signal || signal.status !== "OPEN") return null;
  const now = nowOf(options);
  const trade = tradeFromSignal(signal);
  const quote = await quotePaper(trade, options, now);
  const signalEntry = trade.signalEntry!;
  const base = {
    signalId,
    symbol: signal.symbol,
    direction: signal.direction,
    targets: signal.targets,
    stopLoss: signal.stopLoss,
    signalEntry,
    signalCreatedAt: signal.createdAt.toISOString(),
  };
  if (!quote.ok) return { ...base, fillPrice: signalEntry, filledAtSignalPrice: false, rules: null, skip: { code: "UNKNOWN_MARKET", reason: quote.error.message } };
  const stale = staleReason(signal, quote.market, now);
  return {
    ...base,
    fillPrice: quote.fill,
    filledAtSignalPrice: quote.market === null,
    rules: quote.rules,
    skip: stale ? { code: "STALE_SIGNAL", reason: stale } : null,
  };
}

/** A fan-out user: the trader's settings (the same columns getTraderSettings reads) and the connection's leverage_default. */
type TTraderRow = TTraderSettings & { id: number; connLeverage: number | null };

export type TPaperChunkResult = { opened: number; failed: number; users: number; lastUserId: number; done: boolean };

/** Step 2, one chunk: the next `limit` paper users after `afterUserId`. */
export async function openPaperCopies(market: TSignalCopyMarket, afterUserId = 0, limit = PAPER_CHUNK_SIZE, options: TTradingOptions = {}): Promise<TPaperChunkResult> {
  const now = nowOf(options);
  let t = performance.now();
  // Eligible: an auto-trader (users/auto-trader.ts) whose trade goes to paper (exchange-connections/
  // trading-mode.ts), with no position (of any status) for this signal yet.
  const users = await db().$queryRawUnsafe<TTraderRow[]>(
    `SELECT u.id, ${traderSettingsSql("u")}, c.leverage_default AS "connLeverage"
     FROM users u LEFT JOIN exchange_connections c ON c.user_id = u.id
     WHERE ${autoTraderSql("u", "$2::timestamptz")} AND u.id > $3 AND NOT ${liveConnectionSql("c")}
       AND NOT EXISTS (SELECT 1 FROM positions p WHERE p.user_id = u.id AND p.signal_id = $1::uuid)
     ORDER BY u.id LIMIT $4`,
    market.signalId, now.toISOString(), afterUserId, limit,
  );
  t = endPhase("fan-out: load users", t);
  const result: TPaperChunkResult = { opened: 0, failed: 0, users: users.length, lastUserId: users.at(-1)?.id ?? afterUserId, done: users.length < limit };
  if (users.length === 0) return result;

  const failed: TFailedCopy[] = [];
  const entries: TPaperEntry[] = [];
  const plans: TPlanCache = new Map();
  const fail = (u: TTraderRow, code: string, reason: string, leverage: number) =>
    failed.push({ userId: u.id, signalId: market.signalId, symbol: market.symbol, direction: market.direction, leverage, mode: "PAPER", code, reason });
  for (const u of users) {
    const settings = tradeSettingsFor(u, u.connLeverage);
    if (market.skip || !market.rules) {
      fail(u, market.skip?.code ?? "UNKNOWN_MARKET", market.skip?.reason ?? "no market rules", settings.leverage);
      continue;
    }
    const plan = cachedTradePlan(plans, { direction: market.direction, entryPrice: market.fillPrice, targets: market.targets, stopLoss: market.stopLoss, settings, rules: market.rules });
    if (!plan.ok) fail(u, "SIZE_REFUSED", plan.reason, settings.leverage);
    else entries.push({ userId: u.id, signalId: market.signalId, symbol: market.symbol, plan, filledAtSignalPrice: market.filledAtSignalPrice, signalEntryPrice: market.signalEntry, signalCreatedAt: new Date(market.signalCreatedAt), feeRate: DEFAULT_PAPER_FEE_RATE, trailing: trailingOf(u) });
  }

  endPhase("fan-out: plans (JS)", t);
  // Transactions of PAPER_TX_SIZE users, PAPER_TX_PARALLEL at a time: the database inserts one
  // while this process plans and builds the next (and a second core can take a second insert).
  // Each holds disjoint users and takes their risk locks in ascending order, so they never deadlock
  // with each other or with another signal's fan-out; one connection (PGlite) runs them in turn.
  const parts: { entries: TPaperEntry[]; failed: TFailedCopy[] }[] = [];
  const partOf = new Map<number, (typeof parts)[number]>();
  users.forEach((u, i) => {
    if (i % PAPER_TX_SIZE === 0) parts.push({ entries: [], failed: [] });
    partOf.set(u.id, parts.at(-1)!);
  });
  for (const e of entries) partOf.get(e.userId)!.entries.push(e);
  for (const f of failed) partOf.get(f.userId)!.failed.push(f);
  const written = await mapPool(parts, PAPER_TX_PARALLEL, async (part) => {
    const t0 = performance.now();
    let inTx = 0;
    // A pooled pg client rather than a Prisma transaction: the insert's array parameters are large,
    // and Prisma's per-parameter overhead was most of the statement's time (bench/fan-out.ts).
    const out = await inPgTransaction(async (sql) => {
      inTx = endPhase("fan-out: begin transaction", t0);
      const chunk = await writeChunk(sql, market, part.entries, part.failed, now);
      inTx = performance.now();
      return chunk;
    });
    endPhase("fan-out: commit", inTx);
    void announceChange("positions"); // the part's copies and refusals are committed
    if (out.blocked > 0) void announceChange("safety"); // and its risk events
    return out;
  });
  result.opened = written.reduce((n, w) => n + w.opened.length, 0);
  result.failed = written.reduce((n, w) => n + w.failed, 0);
  return result;
}
async function writeChunk(sql: TSql, m: TSignalCopyMarket, allEntries: TPaperEntry[], allFailed: TFailedCopy[], now: Date): Promise<{ opened: string[]; failed: number; blocked: number }> {
  // Another run of this fan-out (a second app process, a replayed event) may have written some of
  // these users' copies since they were selected. Under their risk locks what is stored is final:
  // those users are left out, as the risk check would count their copy of this very signal as an
  // open trade and refuse it (a false USER_BLOCKED event for a copy that is open).
  const userIds = [...allEntries, ...allFailed].map((e) => e.userId);
  await timePhase("risk: locks", () => lockRiskUsers(sql, userIds));
  const copied = new Set(
    (await timePhase("fan-out: copies made meanwhile", () => sql.query<{ userId: number }>(`SELECT user_id AS "userId" FROM positions WHERE signal_id = $1::uuid AND user_id = ANY($2::int[])`, m.signalId, userIds))).map((r) => r.userId),
  );
  const entries = allEntries.filter((e) => !copied.has(e.userId));
  const failed = allFailed.filter((f) => !copied.has(f.userId));
  if (entries.length === 0) {
    await timePhase("fan-out: insert failed copies", () => insertFailedCopies(sql, failed, now));
    return { opened: [], failed: failed.length, blocked: 0 };
  }
  const decisions = await checkPreTradeMany(
    sql,
    entries.map((e) => ({ userId: e.userId, symbol: m.symbol, direction: m.direction, qty: e.plan.qty, notionalUsdt: e.plan.notional, marginUsdt: e.plan.margin, source: "auto" as const, signalId: m.signalId })),
    now,
  );
  const t = performance.now();
  const allowed: TPaperEntry[] = [];
  const blocks: TRiskBlock[] = [];
  entries.forEach((e, i) => {
    const risk = applyRiskDecision(e.plan, decisions[i]!, m.rules!);
    if (risk.allowed) return void allowed.push({ ...e, plan: risk.plan });
    blocks.push({ userId: e.userId, symbol: m.symbol, rule: risk.kind, reason: risk.reason, signalId: m.signalId });
    failed.push({ userId: e.userId, signalId: m.signalId, symbol: m.symbol, direction: m.direction, leverage: e.plan.leverage, mode: "PAPER", code: "RISK_BLOCKED", reason: risk.reason });
  });
  endPhase("fan-out: apply risk decisions (JS)", t);
  await timePhase("risk: record blocks", () => recordRiskBlocks(sql, blocks, now));
  const opened = await insertPaperEntries(sql, allowed, now);
  await timePhase("fan-out: insert failed copies", () => insertFailedCopies(sql, failed, now));
  return { opened, failed: failed.length, blocked: blocks.length };
}

export type TFanOutSummary = { paper: number; live: number; failed: number; released: number };

/** Step 4: the aggregate "trades opened" message, then the signal's broadcast is released. */
export async function finishFanOut(signalId: string): Promise<TFanOutSummary> {
  const counts = await db().position.groupBy({ by: ["mode", "status"], where: { signalId }, _count: { _all: true } });
  const n = (pred: (c: (typeof counts)[number]) => boolean) => counts.filter(pred).reduce((a, c) => a + c._count._all, 0);
  const summary = { paper: n((c) => c.mode === "PAPER" && c.status !== "FAILED"), live: n((c) => c.mode !== "PAPER" && c.status !== "FAILED"), failed: n((c) => c.status === "FAILED"), released: 0 };
  if (summary.paper + summary.live > 0) {
    const signal = await findSignalHeadline(signalId);
    const entry = await db().position.findFirst({ where: { signalId, mode: "PAPER", status: { not: "FAILED" } }, select: { entryPrice: true } });
    if (signal) {
      const body = tradesOpenedText({ symbol: signal.symbol, direction: signal.direction, paper: summary.paper, live: summary.live, entry: entry?.entryPrice?.toFixed() ?? null });
      await db().$transaction((tx) => enqueueOutbox(tx, [{ audience: "vip", kind: "autotrade_opened", body, dedupeKey: `autotrade-opened:${signalId}` }]));
    }
  }
  summary.released = await releaseSignalBroadcast(signalId);
  await nudgeOutbox();
  return summary;
}

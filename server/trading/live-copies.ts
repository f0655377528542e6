// The fan-out's live side (SPEC §6, §8): every auto-trader whose trades go to Binance gets the
// signal's copy as a real order — the same decisions openPosition makes for one user (the trading
// pipeline: quote on the user's exchange, plan, risk, persist, then entry and protection), taken for
// a batch of users at once so the platform's CPU goes to Binance's requests, not to thousands of
// small statements (issue 18: 1,000 users' entries within seconds, bench/live-fan-out.ts):
//
//   1. listLiveCopyUsers — who, in an order shuffled per signal (nobody is always served last).
//   2. openLiveCopies    — per batch: the users' settings and connections in three statements; each
//      user's quote from their exchange (rules and prices shared per base URL); plans memoised per
//      distinct settings; ONE transaction takes the users' risk locks, asks the risk engine for all of
//      them and writes every position with its NEW orders (live-entries.ts) and every refusal; then
//      each user's orders go to Binance in a rolling pool (live-execution.ts). A user who already has
//      a copy of the signal (a re-run, another process) or whose connection changed meanwhile takes
//      openLiveCopy: openPosition for that one user, which answers, resumes or opens it.
// One user's refusal or exchange failure is recorded on their position and blocks nobody.
import { randomUUID } from "node:crypto";
import { db } from "../db/client";
import { inPgTransaction } from "../db/sql";
import { env } from "../env";
import { toAppError, type AppError } from "../errors";
import type { TExchange, TMarketRules } from "../exchange/types";
import { findTradingConnections, type TLoadedConnection } from "../exchange-connections/trading-connection";
import { liveConnectionSql, liveTradingEnabled, tradingModeFor } from "../exchange-connections/trading-mode";
import { mapPool } from "../lib/map-pool";
import { takeTurns } from "../lib/take-turns";
import { endPhase, timePhase } from "../lib/phase-timer";
import { announceChange } from "../live-updates/live-updates";
import { logger } from "../logger";
import { checkPreTradeMany, lockRiskUsers } from "../risk/pre-trade";
import { currentHaltReason } from "../risk/safety";
import { recordRiskBlocks, type TRiskBlock } from "../risk/risk-events";
import { findCopyableSignal } from "../signals/copyable-signal";
import { autoTraderSql } from "../users/auto-trader";
import { traderSettingsSql, type TTraderSettings } from "../users/trader-settings";
import { insertLiveEntries, type TLiveEntry } from "./live-entries";
import { executeLivePosition, type TEntryVerdict, type TLivePosition } from "./live-execution";
import { claimCopy, openPosition, RESUME_AFTER_MS } from "./open-position";
import { nowOf, type TTradingOptions } from "./options";
import { insertFailedCopies, trailingOf, type TFailedCopy } from "./paper-entries";
import { applyRiskDecision, liveSizingPrice, noLivePrice, quoteLive, staleReason, tradeFromSignal, tradeSettingsFor, type TTrade } from "./pipeline";
import { cachedTradePlan, type TPlanCache, type TTradePlan } from "./trade-plan";

/** Users per job step: one batch's statements, transaction and rolling pool. */
export const LIVE_CHUNK_SIZE = 1000;

/**
 * Users served one by one (openPosition) in flight at once. Each runs its own statements (its
 * transaction, reads, writes) between its requests to Binance (≥ 50 ms each), so about ten share one
 * connection of the pool.
 */
function oneByOneConcurrency(poolMax = env().DATABASE_POOL_MAX): number {
  return Math.min(200, Math.max(20, poolMax * 10));
}

/**
 * A batch's copies in flight at once once they are written (and its quotes before): a copy waits on
 * Binance (≥ 50 ms a request) through a view of the shared ccxt client, and its writes join batches
 * (write-batcher.ts) — the database pool's size does not bound it. 200 copies with up to four
 * requests each at once is what the shared connection pool serves (ccxt-client.ts). Tied to the
 * pool as the one-by-one path is (100 with the default pool of 10), the process sat idle a third of
 * a 1,000-user fan-out (bench/live-fan-out.ts).
 */
const BATCH_IN_FLIGHT = 200;

/**
 * How old the prices and the mark price a live copy reads may be. Hundreds of copies a second each
 * read the symbol's price (sizing, the stale-signal check) and mark price (the stop's check): shared
 * only while in flight that was ~300 requests and ~650 weight per 1,000 users of the IP's 2,160 a
 * minute, which the copies' own leverage and margin type need. Half a second of age is nothing to
 * a market entry; a stop crossed within it is caught by Binance (-2021) or the watchdog.
 */
const LIVE_COPY_SHARED_READ_MAX_AGE_MS = 500;

/**
 * Users whose copy goes to Binance (live trading on, a live mode chosen) and is not done yet.
 * Live entries go out over seconds and the first served get the best price, so the order is a
 * shuffle drawn from the signal's id: the same on a re-run, a different one for every signal (in user
 * id order the same users would fill last on every signal).
 */
export async function listLiveCopyUsers(signalId: string, options: TTradingOptions = {}): Promise<number[]> {
  if (!liveTradingEnabled()) return [];
  const rows = await db().$queryRawUnsafe<{ id: number }[]>(
    `SELECT u.id FROM users u JOIN exchange_connections c ON c.user_id = u.id
     WHERE ${autoTraderSql("u", "$2::timestamptz")} AND ${liveConnectionSql("c")}
       AND (NOT EXISTS (SELECT 1 FROM positions p WHERE p.user_id = u.id AND p.signal_id = $1::uuid)
         OR EXISTS (SELECT 1 FROM positions p JOIN orders o ON o.position_id = p.id
                    WHERE p.user_id = u.id AND p.signal_id = $1::uuid AND p.status = 'OPEN' AND o.status = 'NEW'))
     ORDER BY md5($1 || ':' || u.id::text), u.id`,
    signalId, nowOf(options).toISOString(),
  );
  return rows.map((r) => r.id);
}

export type TLiveCopyResult = { userId: number; outcome: string; positionId: string | null; reason: string | null };

const sharedReads = (options: TTradingOptions): TTradingOptions => ({ ...options, exchangeOptions: { ...options.exchangeOptions, sharedReadMaxAgeMs: LIVE_COPY_SHARED_READ_MAX_AGE_MS } });

/** One user's copy through openPosition. Never throws: a failure is recorded on the position and returned. */
async function openLiveCopy(signalId: string, userId: number, options: TTradingOptions = {}): Promise<TLiveCopyResult> {
  try {
    const r = await openPosition({ userId, signalId, origin: "auto" }, sharedReads(options));
    return { userId, outcome: r.outcome, positionId: r.positionId, reason: r.reason };
  } catch (err) {
    return copyFailed(signalId, userId, err);
  }
}

function copyFailed(signalId: string, userId: number, err: unknown): TLiveCopyResult {
  const e = toAppError(err);
  logger.warn("auto-trader: live copy failed", { userId, signalId, error: e.message });
  return { userId, outcome: "failed", positionId: null, reason: e.message };
}

type TLiveUser = { userId: number; trader: TTraderSettings; conn: TLoadedConnection; mode: TLiveEntry["mode"] };
type TQuoted = { user: TLiveUser; exchange: TExchange; rules: TMarketRules; plan: TTradePlan };

/** Step 2, one batch of listLiveCopyUsers' users (in that order). Never throws for one user. */
export async function openLiveCopies(signalId: string, userIds: number[], options: TTradingOptions = {}): Promise<TLiveCopyResult[]> {
  if (userIds.length === 0) return [];
  const shared = sharedReads(options);
  const signal = await findCopyableSignal(signalId);
  // Gone meanwhile: each user gets openPosition's own answer.
  if (!signal) return mapPool(userIds, oneByOneConcurrency(), (u) => openLiveCopy(signalId, u, options));
  const trade = tradeFromSignal(signal);
  const now = nowOf(options);
  const { users, oneByOne } = await timePhase("live: load users and connections", () => loadLiveUsers(signalId, userIds));

  // Quote and plan each user: their exchange's rules and price (shared reads), a plan per distinct settings.
  const failed: TFailedCopy[] = [];
  const quoted: TQuoted[] = [];
  const plans: TPlanCache = new Map();
  let t = performance.now();
  await mapPool(users, BATCH_IN_FLIGHT, async (user) => {
    const settings = tradeSettingsFor(user.trader, user.conn.leverageDefault);
    const fail = (code: string, reason: string) =>
      void failed.push({ userId: user.userId, signalId, symbol: trade.symbol, direction: trade.direction, leverage: settings.leverage, mode: user.mode, code, reason });
    const quote = await quoteLive(user.conn, trade.symbol, shared.exchangeOptions);
    if (!quote.ok) return fail(quote.code, quote.error.message);
    const stale = staleReason(signal, quote.market, now);
    if (stale) return fail("STALE_SIGNAL", stale);
    const sizeAt = liveSizingPrice(quote.market, trade);
    if (sizeAt === null) return fail("EXCHANGE_ERROR", noLivePrice(trade.symbol).message);
    const plan = cachedTradePlan(plans, { direction: trade.direction, entryPrice: sizeAt, targets: trade.targets, stopLoss: trade.stopLoss, settings, rules: quote.rules, paper: false });
    if (!plan.ok) return fail("SIZE_REFUSED", plan.reason);
    quoted.push({ user, exchange: quote.exchange, rules: quote.rules, plan });
  });

  t = endPhase("live: quote and plan", t);
  let written: TWritten = { opened: [], failed: [], copiedMeanwhile: new Set<number>(), blocked: 0 };
  try {
    if (quoted.length + failed.length > 0) written = await writeBatch(trade, quoted, failed, now);
  } catch (err) {
    // Nothing of the batch was committed: each of its users is served alone, as before batches.
    logger.warn("auto-trader: live batch not written, serving its users one by one", { signalId, users: users.length, error: toAppError(err).message });
    written.copiedMeanwhile = new Set(users.map((u) => u.userId));
  }
  t = endPhase("live: one transaction (risk, positions, refusals)", t);
  void announceChange("positions"); // the batch's copies and refusals are committed
  if (written.blocked > 0) void announceChange("safety"); // and its risk events

  const refusedIds = new Map<number, string>();
  const refused = written.failed;
  if (refused.length > 0) {
    const rows = await db().position.findMany({ where: { signalId, userId: { in: refused.map((f) => f.userId) } }, select: { id: true, userId: true } });
    for (const r of rows) refusedIds.set(r.userId, r.id);
  }
  const results = new Map<number, TLiveCopyResult>();
  for (const f of refused) results.set(f.userId, { userId: f.userId, outcome: f.code === "STALE_SIGNAL" ? "skipped" : "failed", positionId: refusedIds.get(f.userId) ?? null, reason: f.reason });

  // Orders to Binance: each user's entry, then its protection, in a rolling pool; users another run
  // got to first (or not in this batch's one statement) one by one through openPosition.
  const again = [...oneByOne, ...written.copiedMeanwhile];
  const gate = entryGate(signalId);
  // Another signal's batch may be sending its orders (the job fans out two signals at once): this
  // one's wait their turn, written and ready. Interleaved, both signals' last entries would wait
  // for all of both; in turns, the first's come as they would alone and the second's right after.
  const endTurn = written.opened.length + again.length > 0 ? await ordersTurn.turn() : () => undefined;
  // From here on the turn is ended whatever happens: a turn left open would stop every later batch.
  try {
    t = endPhase("live: waiting for another batch's orders", t);
    await Promise.all([
      mapPool(written.opened, BATCH_IN_FLIGHT, async ({ position, quoted: q }) => {
        const userId = q.user.userId;
        const positionId = position.id;
        try {
          const run = await executeLivePosition(positionId, q.exchange, q.user.conn, { resume: false, now: options.now, exactFee: "watchdog", loaded: position, beforeEntry: (pos) => gatedEntry(gate, pos, now) });
          results.set(userId, { userId, outcome: run.outcome, positionId, reason: run.reason });
        } catch (err) {
          results.set(userId, { ...copyFailed(signalId, userId, err), positionId });
        }
        void announceChange("positions");
      }),
      mapPool(again, oneByOneConcurrency(), async (userId) => void results.set(userId, await openLiveCopy(signalId, userId, options))),
    ]);
  } finally {
    endTurn();
  }
  endPhase("live: orders to Binance (rolling pool)", t);
  return userIds.map((userId) => results.get(userId) ?? { userId, outcome: "exists", positionId: null, reason: null });
}

/** One batch's orders at a time in this process, in the order the batches were written (takeTurns). */
const ordersTurn = takeTurns();

/** How long a halt or a closed signal may go unseen by a batch's entries (one read per second for all). */
const GATE_MAX_AGE_MS = 1000;

/**
 * What openPosition asked per user right before its entry — the kill switch (risk) and whether the
 * signal can still be copied — asked again before each of a batch's entries, the answer shared for a
 * second: a halt or a cancelled signal stops the users not sent yet, as it did one by one.
 */
function entryGate(signalId: string): () => Promise<{ code: string; reason: string } | null> {
  let askedAt = -Infinity;
  let verdict: Promise<{ code: string; reason: string } | null> = Promise.resolve(null);
  const ask = async () => {
    const [halted, signal] = await Promise.all([currentHaltReason(), findCopyableSignal(signalId)]);
    if (halted) return { code: "RISK_BLOCKED", reason: halted };
    return signal ? null : { code: "STALE_SIGNAL", reason: "the signal was closed before this copy's entry was sent" };
  };
  return () => {
    if (Date.now() - askedAt >= GATE_MAX_AGE_MS) {
      askedAt = Date.now();
      verdict = ask().catch((err: unknown) => {
        // The batch's own risk check (a second ago) stands; the next entry asks again.
        logger.error("auto-trader: the entry gate could not be read", { signalId, error: toAppError(err).message });
        askedAt = -Infinity;
        return null;
      });
    }
    return verdict;
  };
}

/**
 * Before one copy's entry: the gate (a halt is recorded as the risk engine's block would be), then,
 * for a copy that waited (a minute of the IP's weight), the claim openPosition's resume also takes —
 * another run resumes a copy RESUME_AFTER_MS after opened_at, and only one of them may send it.
 */
async function gatedEntry(gate: () => Promise<{ code: string; reason: string } | null>, pos: TLivePosition, now: Date): Promise<TEntryVerdict> {
  const refused = await gate();
  if (refused?.code === "RISK_BLOCKED") {
    await inPgTransaction((sql) => recordRiskBlocks(sql, [{ userId: pos.userId, symbol: pos.symbol, rule: "kill_switch", reason: refused.reason, signalId: pos.signalId }], now));
    void announceChange("safety");
  }
  if (refused) return { send: false, fail: refused };
  if (Date.now() - pos.openedAt.getTime() < RESUME_AFTER_MS / 2) return { send: true };
  const claimed = await claimCopy(pos.id, pos.openedAt);
  if (!claimed) return { send: false, pending: "another run took this copy over" };
  pos.openedAt = claimed;
  return { send: true };
}

/**
 * The batch's users with their settings and live connection, in the order given. One by one
 * (openPosition) instead: a user who has a copy of this signal already, or whose connection is no
 * longer live or cannot be opened — openPosition answers each of those as it would alone.
 */
async function loadLiveUsers(signalId: string, userIds: number[]): Promise<{ users: TLiveUser[]; oneByOne: number[] }> {
  const [traders, conns] = await Promise.all([
    db().$queryRawUnsafe<(TTraderSettings & { id: number })[]>(
      `SELECT u.id, ${traderSettingsSql("u")} FROM users u
       WHERE u.id = ANY($1::int[]) AND NOT EXISTS (SELECT 1 FROM positions p WHERE p.user_id = u.id AND p.signal_id = $2::uuid)`,
      userIds, signalId,
    ),
    findTradingConnections(userIds),
  ]);
  const traderOf = new Map(traders.map((t) => [t.id, t]));
  const users: TLiveUser[] = [];
  const oneByOne: number[] = [];
  for (const userId of userIds) {
    const trader = traderOf.get(userId);
    const conn = conns.get(userId);
    const mode = conn && !isError(conn) ? tradingModeFor(conn, null) : "PAPER";
    if (!trader || !conn || isError(conn) || mode === "PAPER") oneByOne.push(userId);
    else users.push({ userId, trader, conn, mode });
  }
  return { users, oneByOne };
}

const isError = (c: TLoadedConnection | AppError): c is AppError => c instanceof Error;

/** Opened: written, orders still to send. Failed: every refusal recorded (risk included). Copied meanwhile: answered one by one. */
type TWritten = { opened: { position: TLivePosition; quoted: TQuoted }[]; failed: TFailedCopy[]; copiedMeanwhile: Set<number>; blocked: number };

/**
 * One transaction: the users' risk locks (ascending ids), the risk engine's decisions for all of
 * them, every allowed position with its NEW orders and every refusal. A user whose copy another run
 * wrote meanwhile is left out (under the lock what is stored is final) and answered one by one.
 */
async function writeBatch(trade: TTrade, quoted: TQuoted[], refusals: TFailedCopy[], now: Date): Promise<TWritten> {
  const signalId = trade.signalId!;
  return inPgTransaction(async (sql) => {
    const userIds = [...quoted.map((q) => q.user.userId), ...refusals.map((f) => f.userId)];
    await lockRiskUsers(sql, userIds);
    const copiedMeanwhile = new Set(
      (await sql.query<{ userId: number }>(`SELECT user_id AS "userId" FROM positions WHERE signal_id = $1::uuid AND user_id = ANY($2::int[])`, signalId, userIds)).map((r) => r.userId),
    );
    const todo = quoted.filter((q) => !copiedMeanwhile.has(q.user.userId));
    const decisions = await checkPreTradeMany(
      sql,
      todo.map(({ user, plan }) => ({ userId: user.userId, symbol: trade.symbol, direction: trade.direction, qty: plan.qty, notionalUsdt: plan.notional, marginUsdt: plan.margin, source: "auto" as const, signalId })),
      now,
    );
    const entries: { entry: TLiveEntry; quoted: TQuoted }[] = [];
    const blocks: TRiskBlock[] = [];
    const failed = refusals.filter((f) => !copiedMeanwhile.has(f.userId));
    todo.forEach((q, i) => {
      const risk = applyRiskDecision(q.plan, decisions[i]!, q.rules);
      const { userId } = q.user;
      if (risk.allowed) {
        const entry = { positionId: randomUUID(), userId, mode: q.user.mode, signalId, symbol: trade.symbol, plan: risk.plan, signalEntryPrice: trade.signalEntry, trailing: trailingOf(q.user.trader) };
        return void entries.push({ entry, quoted: q });
      }
      blocks.push({ userId, symbol: trade.symbol, rule: risk.kind, reason: risk.reason, signalId });
      failed.push({ userId, signalId, symbol: trade.symbol, direction: trade.direction, leverage: q.plan.leverage, mode: q.user.mode, code: "RISK_BLOCKED", reason: risk.reason });
    });
    await recordRiskBlocks(sql, blocks, now);
    const inserted = await timePhase("live: insert positions and orders", () => insertLiveEntries(sql, entries.map((e) => e.entry), now, trade.signal?.createdAt ?? null));
    await insertFailedCopies(sql, failed, now);
    const opened = entries.flatMap((e) => {
      const position = inserted.get(e.entry.positionId);
      return position ? [{ position, quoted: e.quoted }] : [];
    });
    for (const e of entries) if (!inserted.has(e.entry.positionId)) copiedMeanwhile.add(e.entry.userId);
    return { opened, failed, copiedMeanwhile, blocked: blocks.length };
  });
}

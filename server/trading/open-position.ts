// Opening ONE position for one user (SPEC §6): a copy of a signal (the auto-trader's per-user path,
// or the user's own POST /api/trade/execute with a signal_id) or a manual trade (symbol, direction,
// targets, stop). PAPER unless live trading is enabled and the user chose a live mode. It is the
// trading pipeline (pipeline.ts) run once: the same trade, settings, account, quote and risk
// decisions as the preview and the fan-out.
//
// In one transaction: the risk engine is asked (checkTradeRisk) and the position and its orders are
// written with deterministic client order ids. PAPER: the entry fills at once at the feed's price —
// or at the signal's entry when the feed is down (filledAtSignalPrice) — and the take-profits and
// stop rest in the database. LIVE: the orders are then placed on the exchange (live-execution.ts).
// Re-running for the same (user, signal) opens nothing twice: an existing live position resumes only
// its unacknowledged orders; anything else is answered with the existing position.
import { randomUUID } from "node:crypto";
import { db, type TTx } from "../db/client";
import { prismaSql } from "../db/sql";
import { AppError, toAppError } from "../errors";
import { announceChange } from "../live-updates/live-updates";
import { createExchange } from "../exchange/create-exchange";
import { DEFAULT_PAPER_FEE_RATE } from "../exchange/paper-exchange";
import type { TExchangeMode, TMarketRules } from "../exchange/types";
import type { TLoadedConnection } from "../exchange-connections/trading-connection";
import { getTradingMode, type TRequestedMode } from "../exchange-connections/trading-mode";
import { lockRiskUsers } from "../risk/pre-trade";
import { recordRiskBlocks } from "../risk/risk-events";
import { getTraderSettings } from "../users/trader-settings";
import { insertLiveEntries } from "./live-entries";
import { executeLivePosition } from "./live-execution";
import { nowOf, type TTradingOptions } from "./options";
import { insertFailedCopies, insertPaperEntries, trailingOf, type TTrailingSetting } from "./paper-entries";
import { checkTradeRisk, liveSizingPrice, noLivePrice, quoteLive, quotePaper, staleReason as staleReasonOf, tradeOf, tradeSettingsFor, type TManualTrade, type TTrade } from "./pipeline";
import { buildTradePlan, type TTradePlan, type TTradeSettings } from "./trade-plan";

export type { TManualTrade } from "./pipeline";

export type TOpenPositionInput = {
  userId: number;
  /**
   * "auto": the auto-trader — a stale signal is skipped and any refusal (size, risk, exchange) is
   * recorded on a FAILED position and returned, never thrown. "manual": the user asked — refusals
   * throw (RISK_BLOCKED 409, INVALID_ORDER 422, INVALID_INPUT 400, EXCHANGE_UNAVAILABLE 503…) and no
   * FAILED row is kept. The use case that calls it checks the plan (executeTrade: PREMIUM; the
   * fan-out: users/auto-trader.ts).
   */
  origin: "auto" | "manual";
  /** Copy this signal… */
  signalId?: string;
  /** …or trade these parameters (when no signalId). */
  manual?: TManualTrade;
  /** The request's choice of account (trading-mode.ts); absent: the user's connection decides. */
  mode?: TRequestedMode;
};

export type TOpenPositionResult = {
  /** opened: new position · exists: this user already has one for the signal · skipped: stale signal · failed: refused or exchange error · pending: live entry not confirmed yet (a re-run resolves it) */
  outcome: "opened" | "exists" | "skipped" | "failed" | "pending";
  positionId: string | null;
  reason: string | null;
  mode: TExchangeMode;
  /** Said to the trader, not refused (trade-plan.ts warnings). */
  warnings?: string[];
};


/** A live position is resumed (its unacknowledged orders looked up and placed) only this long after it was opened. */
export const RESUME_AFTER_MS = 60_000;

export async function openPosition(input: TOpenPositionInput, options: TTradingOptions = {}): Promise<TOpenPositionResult> {
  const trader = await getTraderSettings(input.userId);
  const trade = await tradeOf(input);
  const { mode, conn } = await getTradingMode(input.userId, input.mode ?? null);
  const liveMode = mode === "PAPER" ? null : mode;

  if (trade.signalId) {
    const existing = await db().position.findUnique({ where: { userId_signalId: { userId: input.userId, signalId: trade.signalId } }, select: { id: true, status: true, mode: true, failureReason: true, openedAt: true } });
    if (existing) {
      if (existing.mode !== "PAPER" && existing.status === "OPEN" && conn) {
        const unacknowledged = await db().order.count({ where: { positionId: existing.id, status: "NEW" } });
        if (unacknowledged === 0) return { outcome: "exists", positionId: existing.id, reason: null, mode: existing.mode };
        // A run that opened it moments ago may still be placing its orders: leave them to it. Older,
        // it is taken over with a claim, so the run that wrote it (which claims too before sending
        // an entry it held that long: live-copies.ts) and this one never both send it.
        const pending = { outcome: "pending" as const, positionId: existing.id, reason: "another run is placing this position's orders", mode: existing.mode };
        if (nowOf(options).getTime() - existing.openedAt.getTime() < RESUME_AFTER_MS) return pending;
        if (!(await claimCopy(existing.id, existing.openedAt))) return pending;
        const run = await executeLivePosition(existing.id, createExchange(conn, options.exchangeOptions), conn, { resume: true, now: options.now, exactFee: input.origin === "auto" ? "watchdog" : "now" });
        return { outcome: run.outcome === "opened" ? "exists" : run.outcome, positionId: existing.id, reason: run.reason, mode: existing.mode };
      }
      return { outcome: "exists", positionId: existing.id, reason: existing.failureReason, mode: existing.mode };
    }
  }
  const settings = tradeSettingsFor(trader, conn?.leverageDefault, input.manual);
  const ctx = { input, trade, settings, trailing: trailingOf(trader), options, now: nowOf(options) };
  const result = await (liveMode && conn ? openLive(ctx, conn, liveMode) : openPaper(ctx));
  // Opened, failed or left pending: a position row was written and committed (each path's own
  // transaction); the dashboard's auto-trader screen and copy report list it.
  if (result.outcome !== "exists") void announceChange("positions");
  return result;
}

/**
 * Takes a live copy over: its opened_at moves to now only if it is still the one the caller read (a
 * compare-and-set), so of two runs that found it waiting, one gets it. The new time, or null.
 */
export async function claimCopy(positionId: string, openedAt: Date): Promise<Date | null> {
  const at = new Date();
  const n = await db().position.updateMany({ where: { id: positionId, openedAt, status: "OPEN" }, data: { openedAt: at } });
  return n.count === 1 ? at : null;
}

type TCtx = { input: TOpenPositionInput; trade: TTrade; settings: TTradeSettings; trailing: TTrailingSetting | null; options: TTradingOptions; now: Date };

const MANUAL_ERROR: Record<string, "INVALID_ORDER" | "INVALID_INPUT" | "RISK_BLOCKED"> = { SIZE_REFUSED: "INVALID_ORDER", UNKNOWN_MARKET: "INVALID_INPUT", RISK_BLOCKED: "RISK_BLOCKED", STALE_SIGNAL: "INVALID_ORDER" };

/** A refused copy: recorded (auto) or thrown (manual). */
async function refuse(ctx: TCtx, mode: TExchangeMode, code: string, reason: string, cause?: unknown): Promise<TOpenPositionResult> {
  // The risk event was committed by the risk check's own transaction: the risk screen lists it.
  if (code === "RISK_BLOCKED") void announceChange("safety");
  if (ctx.input.origin === "manual") {
    if (cause instanceof AppError && code === "EXCHANGE_ERROR") throw cause;
    throw new AppError(MANUAL_ERROR[code] ?? "INVALID_ORDER", reason, { extra: code === "RISK_BLOCKED" ? { reason } : undefined, cause });
  }
  const { trade, input, settings, now } = ctx;
  // Refusals come in bursts (a fan-out past a user's limit): wait for a connection like the
  // entries do, rather than fail the copy with "busy" after Prisma's default 2 s.
  await db().$transaction((tx) => insertFailedCopies(prismaSql(tx), [{ userId: input.userId, signalId: trade.signalId, symbol: trade.symbol, direction: trade.direction, leverage: settings.leverage, mode, code, reason }], now), { timeout: 30_000, maxWait: 30_000 });
  const row = trade.signalId ? await db().position.findUnique({ where: { userId_signalId: { userId: input.userId, signalId: trade.signalId } }, select: { id: true } }) : null;
  return { outcome: code === "STALE_SIGNAL" ? "skipped" : "failed", positionId: row?.id ?? null, reason, mode };
}

/** Only the auto-trader skips a stale signal: a user who asks for the trade gets it. */
function staleReason(ctx: TCtx, market: string | null): string | null {
  const { signal } = ctx.trade;
  return ctx.input.origin === "auto" && signal ? staleReasonOf(signal, market, ctx.now) : null;
}

function plan(ctx: TCtx, entryPrice: string, rules: TMarketRules, paper: boolean): TTradePlan | { ok: false; reason: string } {
  try {
    return buildTradePlan({ direction: ctx.trade.direction, entryPrice, targets: ctx.trade.targets, stopLoss: ctx.trade.stopLoss, settings: ctx.settings, rules, paper });
  } catch (err) {
    if (ctx.input.origin === "manual") throw err;
    return { ok: false, reason: toAppError(err).message };
  }
}

async function openPaper(ctx: TCtx): Promise<TOpenPositionResult> {
  const { trade, now } = ctx;
  const quote = await quotePaper(trade, ctx.options, now);
  // No price at all is an outage (503) for anyone; a manual trade on an unknown market is the user's error (400).
  if (!quote.ok && (quote.code === "NO_PRICE" || ctx.input.origin === "manual")) throw quote.error;
  const stale = staleReason(ctx, quote.ok ? quote.market : null);
  if (stale) return refuse(ctx, "PAPER", "STALE_SIGNAL", stale);
  if (!quote.ok) return refuse(ctx, "PAPER", "UNKNOWN_MARKET", quote.error.message, quote.error);
  const { market, rules, fill } = quote;
  const p = plan(ctx, fill, rules, true);
  if (!p.ok) return refuse(ctx, "PAPER", "SIZE_REFUSED", p.reason);

  const outcome = await db().$transaction(async (tx) => {
    const risk = await askRisk(tx, ctx, p, rules);
    if ("blocked" in risk) return risk;
    if ("exists" in risk) return { ids: [] };
    const sized = risk.sized;
    const entry = { userId: ctx.input.userId, signalId: trade.signalId, symbol: trade.symbol, plan: sized, filledAtSignalPrice: market === null, signalEntryPrice: trade.signalEntry, signalCreatedAt: trade.signal?.createdAt ?? null, feeRate: DEFAULT_PAPER_FEE_RATE, trailing: ctx.trailing };
    return { ids: await insertPaperEntries(prismaSql(tx), [entry], now) };
  }, { timeout: 30_000, maxWait: 30_000 });
  if ("blocked" in outcome) return refuse(ctx, "PAPER", "RISK_BLOCKED", outcome.blocked);
  const id = outcome.ids[0];
  if (!id) return { outcome: "exists", positionId: (await existingId(ctx)) ?? null, reason: null, mode: "PAPER" };
  return { outcome: "opened", positionId: id, reason: null, mode: "PAPER", ...(p.warnings ? { warnings: p.warnings } : {}) };
}

/**
 * Asks the risk engine inside the position's transaction (it takes the user's lock there): the
 * plan to open, possibly reduced to fit, or the recorded reason it was blocked.
 */
async function askRisk(tx: TTx, ctx: TCtx, p: TTradePlan, rules: TMarketRules): Promise<{ sized: TTradePlan } | { blocked: string } | { exists: true }> {
  const { trade, now } = ctx;
  if (trade.signalId) {
    // Another process (or run) may have opened this copy since it was looked for: under the user's
    // risk lock what is stored is final, and the risk check would count that very copy as an open
    // trade and refuse it (a false USER_BLOCKED event). The caller answers with the stored copy.
    await lockRiskUsers(prismaSql(tx), [ctx.input.userId]);
    const stored = await tx.position.findUnique({ where: { userId_signalId: { userId: ctx.input.userId, signalId: trade.signalId } }, select: { id: true } });
    if (stored) return { exists: true };
  }
  const { outcome: risk } = await checkTradeRisk(tx, { userId: ctx.input.userId, trade, source: ctx.input.origin, now }, p, rules);
  if (risk.allowed) return { sized: risk.plan };
  await recordRiskBlocks(prismaSql(tx), [{ userId: ctx.input.userId, symbol: trade.symbol, rule: risk.kind, reason: risk.reason, signalId: trade.signalId }], now);
  return { blocked: risk.reason };
}

async function existingId(ctx: TCtx): Promise<string | undefined> {
  if (!ctx.trade.signalId) return undefined;
  const row = await db().position.findUnique({ where: { userId_signalId: { userId: ctx.input.userId, signalId: ctx.trade.signalId } }, select: { id: true } });
  return row?.id;
}

async function openLive(ctx: TCtx, conn: TLoadedConnection, mode: Exclude<TExchangeMode, "PAPER">): Promise<TOpenPositionResult> {
  const { trade } = ctx;
  const quote = await quoteLive(conn, trade.symbol, ctx.options.exchangeOptions);
  if (!quote.ok) return refuse(ctx, mode, quote.code, quote.error.message, quote.error);
  const { exchange, rules, market } = quote;
  const stale = staleReason(ctx, market);
  if (stale) return refuse(ctx, mode, "STALE_SIGNAL", stale);
  const sizeAt = liveSizingPrice(market, trade);
  if (sizeAt === null) return refuse(ctx, mode, "EXCHANGE_ERROR", noLivePrice(trade.symbol).message, noLivePrice(trade.symbol));
  const p = plan(ctx, sizeAt, rules, false);
  if (!p.ok) return refuse(ctx, mode, "SIZE_REFUSED", p.reason);

  const positionId = randomUUID();
  const written = await db().$transaction(async (tx) => {
    const risk = await askRisk(tx, ctx, p, rules);
    if ("blocked" in risk) return risk;
    if ("exists" in risk) return { inserted: false };
    const entry = { positionId, userId: ctx.input.userId, mode, signalId: trade.signalId, symbol: trade.symbol, plan: risk.sized, signalEntryPrice: trade.signalEntry, trailing: ctx.trailing };
    return { inserted: (await insertLiveEntries(prismaSql(tx), [entry], ctx.now, null)).has(positionId) };
  }, { timeout: 30_000, maxWait: 30_000 });
  if ("blocked" in written) return refuse(ctx, mode, "RISK_BLOCKED", written.blocked);
  const id = written.inserted ? positionId : await existingId(ctx);
  if (!id) return { outcome: "exists", positionId: null, reason: null, mode };
  const run = await executeLivePosition(id, exchange, conn, { resume: !written.inserted, now: ctx.options.now, exactFee: ctx.input.origin === "auto" ? "watchdog" : "now" });
  if (ctx.input.origin === "manual" && run.outcome === "failed") throw new AppError("INVALID_ORDER", run.reason ?? "the exchange refused the entry");
  return { outcome: written.inserted ? run.outcome : run.outcome === "opened" ? "exists" : run.outcome, positionId: id, reason: run.reason, mode };
}

// Opening ONE position for one user (SPEC §6): a copy of a signal (the auto-trader's per-user path,
// or the user's own POST /api/trade/execute with a signal_id) or a manual trade (symbol, direction,
// targets, stop). PAPER unless live trading is enabled and the user chose a live mode.
//
// In one transaction: the risk engine is asked (checkPreTrade) and the position and its orders are
// written with deterministic client order ids. PAPER: the entry fills at once at the feed's price —
// or at the signal's entry when the feed is down (filledAtSignalPrice) — and the take-profits and
// stop rest in the database. LIVE: the orders are then placed on the exchange (live-execution.ts).
// Re-running for the same (user, signal) opens nothing twice: an existing live position resumes only
// its unacknowledged orders; anything else is answered with the existing position.
import { randomUUID } from "node:crypto";
import { db, type TTx } from "../db/client";
import { env } from "../env";
import { AppError, notFound, toAppError } from "../errors";
import { clientOrderId } from "../exchange/client-order-id";
import { createExchange } from "../exchange/create-exchange";
import { DEFAULT_PAPER_FEE_RATE } from "../exchange/paper-exchange";
import type { TExchange, TExchangeMode, TMarketRules } from "../exchange/types";
import { findTradingConnection, type TLoadedConnection } from "../exchange-connections/trading-connection";
import { checkPreTrade } from "../risk/pre-trade";
import { executeLivePosition } from "./live-execution";
import { entrySide, fetchMarketPrices, paperFillAt, paperMarketRules } from "./market-data";
import { feedOf, nowOf, type TTradingOptions } from "./options";
import { recordRiskBlocks } from "../risk/risk-events";
import { insertFailedCopies, insertPaperEntries, nearestTarget, trailingOf, type TTrailingSetting } from "./paper-entries";
import { staleSignalVerdict } from "./stale-signal";
import { tradingModeFor, type TRequestedMode } from "./trading-mode";
import { buildTradePlan, EXPOSURE_TOO_SMALL, requestedLeverage, signalEntryPrice, tryResizePlan, type TTradePlan, type TTradeSettings } from "./trade-plan";

export type TManualTrade = {
  symbol: string;
  direction: "LONG" | "SHORT";
  targets: string[];
  stopLoss: string | null;
  /** Override the user's settings for this trade. */
  leverage?: number;
  perTradeUsdt?: string;
  /** An exact quantity instead of the user's sizing. */
  qty?: string;
  /** The price the user saw: a paper trade fills there when the price feed is unreachable. */
  entry?: string;
};

export type TOpenPositionInput = {
  userId: number;
  /**
   * "auto": the auto-trader — a stale signal is skipped and any refusal (size, risk, exchange) is
   * recorded on a FAILED position and returned, never thrown. "manual": the user asked — refusals
   * throw (RISK_BLOCKED 409, INVALID_ORDER 422, INVALID_INPUT 400, EXCHANGE_UNAVAILABLE 503…) and no
   * FAILED row is kept. The caller checks the plan (PREMIUM) and ownership.
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

type TTrade = { symbol: string; direction: "LONG" | "SHORT"; targets: string[]; stopLoss: string | null; signalId: string | null; signalEntry: string | null; signalCreatedAt: Date | null; entryLow?: string; entryHigh?: string };

/** A live position is resumed (its unacknowledged orders looked up and placed) only this long after it was opened. */
export const RESUME_AFTER_MS = 60_000;

const TRADER_SELECT = {
  id: true, capitalUsdt: true, perTradeUsdt: true, leverage: true, sizingMode: true, riskPerTradePct: true, tpSplit: true,
  trailingStopEnabled: true, trailingStopPct: true, trailingStopAfterTp: true,
} as const;

export async function openPosition(input: TOpenPositionInput, options: TTradingOptions = {}): Promise<TOpenPositionResult> {
  const user = await db().user.findUnique({ where: { id: input.userId }, select: TRADER_SELECT });
  if (!user) throw notFound("User");
  const trade = await tradeOf(input);
  const conn = await findTradingConnection(user.id);
  const mode = tradingModeFor(conn, input.mode ?? null);
  const liveMode = mode === "PAPER" ? null : mode;

  if (trade.signalId) {
    const existing = await db().position.findUnique({ where: { userId_signalId: { userId: user.id, signalId: trade.signalId } }, select: { id: true, status: true, mode: true, failureReason: true, openedAt: true } });
    if (existing) {
      if (existing.mode !== "PAPER" && existing.status === "OPEN" && conn) {
        const unacknowledged = await db().order.count({ where: { positionId: existing.id, status: "NEW" } });
        if (unacknowledged === 0) return { outcome: "exists", positionId: existing.id, reason: null, mode: existing.mode };
        // A run that opened it moments ago may still be placing its orders: leave them to it.
        if (nowOf(options).getTime() - existing.openedAt.getTime() < RESUME_AFTER_MS) {
          return { outcome: "pending", positionId: existing.id, reason: "another run is placing this position's orders", mode: existing.mode };
        }
        const run = await executeLivePosition(existing.id, createExchange(conn, options.exchangeOptions), conn, { resume: true, now: options.now });
        return { outcome: run.outcome === "opened" ? "exists" : run.outcome, positionId: existing.id, reason: run.reason, mode: existing.mode };
      }
      return { outcome: "exists", positionId: existing.id, reason: existing.failureReason, mode: existing.mode };
    }
  }
  const settings: TTradeSettings = {
    perTradeUsdt: input.manual?.perTradeUsdt ?? user.perTradeUsdt.toFixed(),
    ...(input.manual?.qty !== undefined ? { qty: input.manual.qty } : {}),
    leverage: requestedLeverage({ perTrade: input.manual?.leverage, connectionDefault: conn?.leverageDefault, userRisk: user.leverage }),
    sizingMode: user.sizingMode,
    riskPerTradePct: user.riskPerTradePct.toFixed(),
    capitalUsdt: user.capitalUsdt.toFixed(),
    tpSplit: user.tpSplit.map((d) => d.toFixed()),
  };
  const ctx = { input, trade, settings, trailing: trailingOf(user), options, now: nowOf(options) };
  return liveMode && conn ? openLive(ctx, conn, liveMode) : openPaper(ctx);
}

type TCtx = { input: TOpenPositionInput; trade: TTrade; settings: TTradeSettings; trailing: TTrailingSetting | null; options: TTradingOptions; now: Date };

async function tradeOf(input: TOpenPositionInput): Promise<TTrade> {
  if (input.signalId) {
    const s = await db().signal.findUnique({ where: { id: input.signalId }, select: { id: true, symbol: true, direction: true, entryLow: true, entryHigh: true, targets: true, stopLoss: true, status: true, createdAt: true } });
    if (!s) throw notFound("Signal");
    if (s.status !== "OPEN" && s.status !== "TP_PARTIAL") throw new AppError("CONFLICT", `Signal is already closed (${s.status})`);
    return { symbol: s.symbol, direction: s.direction, targets: s.targets.map((t) => t.toFixed()), stopLoss: s.stopLoss.toFixed(), signalId: s.id, signalEntry: signalEntryPrice(s), signalCreatedAt: s.createdAt, entryLow: s.entryLow.toFixed(), entryHigh: s.entryHigh.toFixed() };
  }
  if (!input.manual) throw new AppError("INVALID_INPUT", "signal_id or the trade's symbol, direction and targets are required", { field: "signal_id" });
  const m = input.manual;
  return { symbol: m.symbol, direction: m.direction, targets: m.targets, stopLoss: m.stopLoss, signalId: null, signalEntry: m.entry ?? null, signalCreatedAt: null };
}

const MANUAL_ERROR: Record<string, "INVALID_ORDER" | "INVALID_INPUT" | "RISK_BLOCKED"> = { SIZE_REFUSED: "INVALID_ORDER", UNKNOWN_MARKET: "INVALID_INPUT", RISK_BLOCKED: "RISK_BLOCKED", STALE_SIGNAL: "INVALID_ORDER" };

/** A refused copy: recorded (auto) or thrown (manual). */
async function refuse(ctx: TCtx, mode: TExchangeMode, code: string, reason: string, cause?: unknown): Promise<TOpenPositionResult> {
  if (ctx.input.origin === "manual") {
    if (cause instanceof AppError && code === "EXCHANGE_ERROR") throw cause;
    throw new AppError(MANUAL_ERROR[code] ?? "INVALID_ORDER", reason, { extra: code === "RISK_BLOCKED" ? { reason } : undefined, cause });
  }
  const { trade, input, settings, now } = ctx;
  // Refusals come in bursts (a fan-out past a user's limit): wait for a connection like the
  // entries do, rather than fail the copy with "busy" after Prisma's default 2 s.
  await db().$transaction((tx) => insertFailedCopies(tx, [{ userId: input.userId, signalId: trade.signalId, symbol: trade.symbol, direction: trade.direction, leverage: settings.leverage, mode, code, reason }], now), { timeout: 30_000, maxWait: 30_000 });
  const row = trade.signalId ? await db().position.findUnique({ where: { userId_signalId: { userId: input.userId, signalId: trade.signalId } }, select: { id: true } }) : null;
  return { outcome: code === "STALE_SIGNAL" ? "skipped" : "failed", positionId: row?.id ?? null, reason, mode };
}

function staleReason(ctx: TCtx, price: string | null): string | null {
  const { trade } = ctx;
  if (ctx.input.origin !== "auto" || !trade.signalId || !trade.signalCreatedAt || !trade.stopLoss) return null;
  const config = env();
  const v = staleSignalVerdict({ ...trade, entryLow: trade.entryLow!, entryHigh: trade.entryHigh!, stopLoss: trade.stopLoss, createdAt: trade.signalCreatedAt }, price, ctx.now, { maxDriftPct: config.STALE_SIGNAL_DRIFT_PCT, maxAgeMinutes: config.STALE_SIGNAL_MAX_AGE_MINUTES });
  return v.stale ? v.reason : null;
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
  const feed = feedOf(ctx.options);
  const snap = await fetchMarketPrices(feed, [trade.symbol], now);
  const market = snap.prices.get(trade.symbol) ?? null;
  if (market === null && trade.signalEntry === null) {
    // The feed answered without this symbol: it is not a market there (400), not an outage (503).
    if (snap.ok) throw new AppError("INVALID_INPUT", `symbol: ${trade.symbol} is not traded on the exchange`, { field: "symbol" });
    throw new AppError("EXCHANGE_UNAVAILABLE", `no market price for ${trade.symbol}: the price feed is unreachable`, { retryable: true });
  }
  const stale = staleReason(ctx, market);
  if (stale) return refuse(ctx, "PAPER", "STALE_SIGNAL", stale);
  let rules: TMarketRules;
  try {
    rules = (await paperMarketRules(feed, trade.symbol, market ?? trade.signalEntry!)).rules;
  } catch (err) {
    return refuse(ctx, "PAPER", "UNKNOWN_MARKET", toAppError(err).message, err);
  }
  const fill = market !== null ? paperFillAt(market, rules, entrySide(trade.direction)) : trade.signalEntry!;
  const p = plan(ctx, fill, rules, true);
  if (!p.ok) return refuse(ctx, "PAPER", "SIZE_REFUSED", p.reason);

  const outcome = await db().$transaction(async (tx) => {
    const risk = await askRisk(tx, ctx, p, rules);
    if ("blocked" in risk) return risk;
    const sized = risk.sized;
    const entry = { userId: ctx.input.userId, signalId: trade.signalId, symbol: trade.symbol, plan: sized, filledAtSignalPrice: market === null, signalEntryPrice: trade.signalEntry, signalCreatedAt: trade.signalCreatedAt, feeRate: DEFAULT_PAPER_FEE_RATE, trailing: ctx.trailing };
    return { ids: await insertPaperEntries(tx, [entry], now) };
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
async function askRisk(tx: TTx, ctx: TCtx, p: TTradePlan, rules: TMarketRules): Promise<{ sized: TTradePlan } | { blocked: string }> {
  const { trade, now } = ctx;
  const d = await checkPreTrade({ tx, userId: ctx.input.userId, symbol: trade.symbol, direction: trade.direction, qty: p.qty, notionalUsdt: p.notional, marginUsdt: p.margin, source: ctx.input.origin, signalId: trade.signalId, now });
  const sized = d.allowed && d.qty ? tryResizePlan(p, d.qty, rules) : p;
  if (d.allowed && sized) return { sized };
  const block = d.allowed ? { kind: "max_account_exposure", reason: EXPOSURE_TOO_SMALL } : d;
  await recordRiskBlocks(tx, [{ userId: ctx.input.userId, symbol: trade.symbol, rule: block.kind, reason: block.reason, signalId: trade.signalId }], now);
  return { blocked: block.reason };
}

async function existingId(ctx: TCtx): Promise<string | undefined> {
  if (!ctx.trade.signalId) return undefined;
  const row = await db().position.findUnique({ where: { userId_signalId: { userId: ctx.input.userId, signalId: ctx.trade.signalId } }, select: { id: true } });
  return row?.id;
}

async function openLive(ctx: TCtx, conn: TLoadedConnection, mode: Exclude<TExchangeMode, "PAPER">): Promise<TOpenPositionResult> {
  const { trade } = ctx;
  let exchange: TExchange;
  let rules: TMarketRules;
  try {
    exchange = createExchange(conn, ctx.options.exchangeOptions);
    rules = await exchange.marketRules(trade.symbol);
  } catch (err) {
    const e = toAppError(err);
    return refuse(ctx, mode, e.code === "INVALID_INPUT" ? "UNKNOWN_MARKET" : "EXCHANGE_ERROR", e.message, e);
  }
  const market = await exchange.lastPrices([trade.symbol]).then((m) => m.get(trade.symbol) ?? null, () => null);
  const stale = staleReason(ctx, market);
  if (stale) return refuse(ctx, mode, "STALE_SIGNAL", stale);
  const sizeAt = market ?? trade.signalEntry;
  if (sizeAt === null) return refuse(ctx, mode, "EXCHANGE_ERROR", `no market price for ${trade.symbol}`, new AppError("EXCHANGE_UNAVAILABLE", `no market price for ${trade.symbol}`, { retryable: true }));
  const p = plan(ctx, sizeAt, rules, false);
  if (!p.ok) return refuse(ctx, mode, "SIZE_REFUSED", p.reason);

  const positionId = randomUUID();
  const written = await db().$transaction(async (tx) => {
    const risk = await askRisk(tx, ctx, p, rules);
    if ("blocked" in risk) return risk;
    const sized = risk.sized;
    const { count } = await tx.position.createMany({ data: [livePositionRow(positionId, ctx, sized, mode)], skipDuplicates: true });
    if (count === 1) await tx.order.createMany({ data: liveOrderRows(positionId, ctx, sized) });
    return { inserted: count === 1 };
  }, { timeout: 30_000, maxWait: 30_000 });
  if ("blocked" in written) return refuse(ctx, mode, "RISK_BLOCKED", written.blocked);
  const id = written.inserted ? positionId : await existingId(ctx);
  if (!id) return { outcome: "exists", positionId: null, reason: null, mode };
  const run = await executeLivePosition(id, exchange, conn, { resume: !written.inserted, now: ctx.options.now });
  if (ctx.input.origin === "manual" && run.outcome === "failed") throw new AppError("INVALID_ORDER", run.reason ?? "the exchange refused the entry");
  return { outcome: written.inserted ? run.outcome : run.outcome === "opened" ? "exists" : run.outcome, positionId: id, reason: run.reason, mode };
}

function livePositionRow(id: string, ctx: TCtx, p: TTradePlan, mode: Exclude<TExchangeMode, "PAPER">) {
  return {
    id,
    userId: ctx.input.userId,
    signalId: ctx.trade.signalId,
    symbol: ctx.trade.symbol,
    direction: ctx.trade.direction,
    mode,
    status: "OPEN" as const,
    leverage: p.leverage,
    qty: p.qty,
    remainingQty: p.qty,
    notional: p.notional,
    margin: p.margin,
    stopLoss: p.stopLoss,
    targets: p.targets.map((t) => t.price),
    nextTpPrice: nearestTarget(p),
    signalEntryPrice: ctx.trade.signalEntry,
    trailingStopPct: ctx.trailing?.pct ?? null,
    trailingAfterTp: ctx.trailing?.afterTp ?? null,
    openedAt: ctx.now,
  };
}

function liveOrderRows(positionId: string, ctx: TCtx, p: TTradePlan) {
  const scope = ctx.trade.signalId ? { signalId: ctx.trade.signalId } : { positionId };
  const userId = ctx.input.userId;
  const exit = p.direction === "LONG" ? ("SELL" as const) : ("BUY" as const);
  const coid = (leg: string) => clientOrderId({ userId, ...scope, leg });
  return [
    { positionId, userId, clientOrderId: coid("entry"), kind: "ENTRY" as const, side: p.direction === "LONG" ? ("BUY" as const) : ("SELL" as const), type: "MARKET", qty: p.qty, status: "NEW" as const },
    ...p.targets
      .filter((t) => t.qty !== "0" && !/^0(\.0+)?$/.test(t.qty))
      .map((t) => ({ positionId, userId, clientOrderId: coid(`tp${t.index}`), kind: "TAKE_PROFIT" as const, side: exit, type: "LIMIT", targetIndex: t.index, qty: t.qty, price: t.price, reduceOnly: true, status: "NEW" as const })),
    ...(p.stopLoss !== null
      ? [{ positionId, userId, clientOrderId: coid("sl"), kind: "STOP_LOSS" as const, side: exit, type: "STOP_MARKET", qty: p.qty, triggerPrice: p.stopLoss, reduceOnly: true, status: "NEW" as const }]
      : []),
  ];
}

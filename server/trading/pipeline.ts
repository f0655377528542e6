// The one "copy a trade" pipeline (SPEC §6, issue 17): quote → plan → risk → persist → protect → settle.
//   previewTrade (trades/preview-trade.ts) quote → plan → risk as a dry run: nothing is written;
//   openPosition (open-position.ts)        the whole pipeline once, for one user;
//   the fan-out (auto-trade.ts)            quotes once per signal, then plans, asks risk and persists
//                                          for thousands of users in batches.
// Persist: paper-entries.ts and open-position.ts's live rows; protect: live-execution.ts and
// live-protection.ts; settle: price-monitor.ts → settle-positions.ts.
// Each decision the three share is made by one function, here or in the domain that owns the data:
//   which trade ............ tradeOf (a signal through signals' getCopyableSignal, or the user's own)
//   with which settings .... tradeSettingsFor (users' getTraderSettings, or the fan-out's batch row)
//   on which account ....... exchange-connections' getTradingMode (liveConnectionSql in the fan-out)
//   still worth copying .... staleReason
//   at what price (paper) .. quotePaper (a live order is priced by the user's exchange)
//   how much ............... buildTradePlan (trade-plan.ts)
//   what risk allows ....... checkTradeRisk for one trade (the preview and openPosition: the same
//                            answer, a reduction below the market minimum refused by both);
//                            applyRiskDecision under it and in the fan-out's batches
import type { TTx } from "../db/client";
import { env } from "../env";
import { AppError, toAppError } from "../errors";
import { createExchange, type TCreateExchangeOptions, type TTradingConnection } from "../exchange/create-exchange";
import type { TExchange, TMarketRules } from "../exchange/types";
import { checkPreTrade, type TPreTradeDecision } from "../risk/pre-trade";
import { getCopyableSignal, type TCopyableSignal } from "../signals/copyable-signal";
import type { TTraderSettings } from "../users/trader-settings";
import { entrySide, fetchMarketPrices, paperFillAt, paperMarketRules } from "./market-data";
import { feedOf, type TTradingOptions } from "./options";
import { staleSignalVerdict } from "./stale-signal";
import { EXPOSURE_TOO_SMALL, requestedLeverage, signalEntryPrice, tryResizePlan, type TTradePlan, type TTradeSettings } from "./trade-plan";

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

export type TTrade = {
  symbol: string;
  direction: "LONG" | "SHORT";
  targets: string[];
  stopLoss: string | null;
  /** The signal copied (null: the user's own trade). */
  signal: TCopyableSignal | null;
  signalId: string | null;
  /** The price a paper trade fills at when the feed is down: the signal's entry, or the one the user sent. */
  signalEntry: string | null;
};

export function tradeFromSignal(s: TCopyableSignal): TTrade {
  return { symbol: s.symbol, direction: s.direction, targets: s.targets, stopLoss: s.stopLoss, signal: s, signalId: s.id, signalEntry: signalEntryPrice(s) };
}

/** Which trade: a copy of a signal that can still be copied (else NOT_FOUND / CONFLICT), or the user's own. */
export async function tradeOf(req: { signalId?: string; manual?: TManualTrade }): Promise<TTrade> {
  if (req.signalId) return tradeFromSignal(await getCopyableSignal(req.signalId));
  if (!req.manual) throw new AppError("INVALID_INPUT", "signal_id or the trade's symbol, direction and targets are required", { field: "signal_id" });
  const m = req.manual;
  return { symbol: m.symbol, direction: m.direction, targets: m.targets, stopLoss: m.stopLoss, signal: null, signalId: null, signalEntry: m.entry ?? null };
}

/** With which settings: the user's, the connection's leverage, and a manual trade's overrides. */
export function tradeSettingsFor(
  trader: Omit<TTraderSettings, "trailingStopEnabled" | "trailingStopPct" | "trailingStopAfterTp">,
  connectionLeverage: number | null | undefined,
  overrides?: Pick<TManualTrade, "perTradeUsdt" | "qty" | "leverage">,
): TTradeSettings {
  return {
    perTradeUsdt: overrides?.perTradeUsdt ?? trader.perTradeUsdt,
    ...(overrides?.qty !== undefined ? { qty: overrides.qty } : {}),
    leverage: requestedLeverage({ perTrade: overrides?.leverage, connectionDefault: connectionLeverage, userRisk: trader.leverage }),
    sizingMode: trader.sizingMode,
    riskPerTradePct: trader.riskPerTradePct,
    capitalUsdt: trader.capitalUsdt,
    tpSplit: trader.tpSplit,
  };
}

/** Still worth copying: the reason a signal the market has left is skipped (stale-signal.ts), else null. */
export function staleReason(signal: TCopyableSignal, market: string | null, now: Date): string | null {
  const config = env();
  const v = staleSignalVerdict(signal, market, now, { maxDriftPct: config.STALE_SIGNAL_DRIFT_PCT, maxAgeMinutes: config.STALE_SIGNAL_MAX_AGE_MINUTES });
  return v.stale ? v.reason : null;
}

export type TPaperQuote = {
  ok: true;
  /** The feed's price (null: the feed is down, priced at the trade's own entry). */
  market: string | null;
  rules: TMarketRules;
  rulesSource: "exchange" | "fallback";
  /** Where a paper entry fills: the market price slipped against the trader, else the trade's entry. */
  fill: string;
};
export type TQuoteRefusal = { ok: false; code: "UNKNOWN_MARKET" | "NO_PRICE"; error: AppError };

/**
 * At what price and under which market rules a paper trade (or a preview) opens: one price request
 * on the public feed. Refused when the feed answers without the symbol (not a market there) and
 * when there is no price at all (the feed is down and the trade has no entry of its own).
 * `slipped: false` prices a live estimate at the market itself.
 */
export async function quotePaper(trade: Pick<TTrade, "symbol" | "direction" | "signalEntry">, options: TTradingOptions, now: Date, slipped = true): Promise<TPaperQuote | TQuoteRefusal> {
  const feed = feedOf(options);
  const snap = await fetchMarketPrices(feed, [trade.symbol], now);
  const market = snap.prices.get(trade.symbol) ?? null;
  if (market === null && snap.ok) {
    return { ok: false, code: "UNKNOWN_MARKET", error: new AppError("INVALID_INPUT", `symbol: ${trade.symbol} is not traded on the exchange`, { field: "symbol" }) };
  }
  const reference = market ?? trade.signalEntry;
  if (reference === null) {
    const message = `no market price for ${trade.symbol} (the price feed is unreachable): send "entry" to trade at your price`;
    return { ok: false, code: "NO_PRICE", error: new AppError("EXCHANGE_UNAVAILABLE", message, { retryable: true }) };
  }
  try {
    const { rules, source } = await paperMarketRules(feed, trade.symbol, reference);
    const fill = market !== null ? paperFillAt(market, rules, slipped ? entrySide(trade.direction) : undefined) : reference;
    return { ok: true, market, rules, rulesSource: source, fill };
  } catch (err) {
    return { ok: false, code: "UNKNOWN_MARKET", error: toAppError(err) };
  }
}

export type TLiveQuote = { ok: true; exchange: TExchange; rules: TMarketRules; market: string | null };
export type TLiveQuoteRefusal = { ok: false; code: "UNKNOWN_MARKET" | "EXCHANGE_ERROR"; error: AppError };

/**
 * A live trade is priced by the user's exchange: its market rules and last price (null when the
 * price request failed: the caller sizes at the trade's entry, or refuses).
 */
export async function quoteLive(conn: TTradingConnection, symbol: string, options: TCreateExchangeOptions = {}): Promise<TLiveQuote | TLiveQuoteRefusal> {
  let exchange: TExchange;
  let rules: TMarketRules;
  try {
    exchange = createExchange(conn, options);
    rules = await exchange.marketRules(symbol);
  } catch (err) {
    const e = toAppError(err);
    return { ok: false, code: e.code === "INVALID_INPUT" ? "UNKNOWN_MARKET" : "EXCHANGE_ERROR", error: e };
  }
  const market = await exchange.lastPrices([symbol]).then((m) => m.get(symbol) ?? null, () => null);
  return { ok: true, exchange, rules, market };
}

/** What a live trade is sized at: the market, else the trade's entry; null: neither is known. */
export function liveSizingPrice(market: string | null, trade: Pick<TTrade, "signalEntry">): string | null {
  return market ?? trade.signalEntry;
}

/** The refusal of a live trade with no price to size it at. */
export const noLivePrice = (symbol: string) => new AppError("EXCHANGE_UNAVAILABLE", `no market price for ${symbol}`, { retryable: true });

export type TRiskOutcome = { allowed: true; plan: TTradePlan } | { allowed: false; kind: string; reason: string };

/** What risk allows: the plan, reduced to the quantity the engine allows, or why not (none fits). */
export function applyRiskDecision(plan: TTradePlan, d: TPreTradeDecision, rules: TMarketRules): TRiskOutcome {
  if (!d.allowed) return { allowed: false, kind: d.kind, reason: d.reason };
  if (!d.qty) return { allowed: true, plan };
  const sized = tryResizePlan(plan, d.qty, rules);
  return sized ? { allowed: true, plan: sized } : { allowed: false, kind: "max_account_exposure", reason: EXPOSURE_TOO_SMALL };
}

export type TRiskCheck = { decision: TPreTradeDecision; outcome: TRiskOutcome };

/**
 * What risk allows for one trade: the engine asked inside `tx` (it takes the user's lock there) and
 * its decision applied to the plan. The preview asks in a transaction that writes nothing,
 * openPosition in the one that writes the position, so both answer the same for the same trade.
 */
export async function checkTradeRisk(
  tx: TTx,
  ask: { userId: number; trade: Pick<TTrade, "symbol" | "direction" | "signalId">; source: "manual" | "auto"; now: Date },
  plan: TTradePlan,
  rules: TMarketRules,
): Promise<TRiskCheck> {
  const { userId, trade, source, now } = ask;
  const decision = await checkPreTrade({ tx, userId, symbol: trade.symbol, direction: trade.direction, qty: plan.qty, notionalUsdt: plan.notional, marginUsdt: plan.margin, source, signalId: trade.signalId, now });
  return { decision, outcome: applyRiskDecision(plan, decision, rules) };
}

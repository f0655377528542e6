// POST /api/trade/preview (SPEC §6): what POST /api/trade/execute would do, without doing it — the
// size, notional, margin, the loss at the stop, the P&L at each take-profit, and each check's
// decision (the market's minimums, then the risk engine's pre-trade check). Nothing is written.
//
// It sizes exactly as the trading core's openPosition does: the user's settings (or the trade's
// overrides), the market price from the public feed on the market's tick (else the signal's entry,
// else the entry the app sent), the market's rules (a paper fallback when the feed is down), and the
// core's buildTradePlan. The risk engine is asked in a transaction that writes nothing.
import { db } from "../../db/client";
import { AppError, notFound } from "../../errors";
import { dec, str } from "../../decimal";
import { MODE_TO_WIRE } from "../../exchange-connections/exchange-connection";
import { findTradingConnection } from "../../exchange-connections/trading-connection";
import { checkPreTrade, type TPreTradeDecision } from "../../risk/pre-trade";
import { entrySide, fetchMarketPrices, paperFillAt, paperMarketRules } from "../market-data";
import { feedOf, nowOf, type TTradingOptions } from "../options";
import { tradingModeFor } from "../trading-mode";
import { buildTradePlan, requestedLeverage, resizePlan, signalEntryPrice, type TTradePlan, type TTradeSettings } from "../trade-plan";
import type { TTradeRequest } from "./trade-schemas";

type TTrade = { symbol: string; direction: "LONG" | "SHORT"; targets: string[]; stopLoss: string | null; signalId: string | null; signalEntry: string | null };

async function tradeOf(req: TTradeRequest): Promise<TTrade> {
  if (req.kind === "manual") {
    const { symbol, direction, targets, stopLoss } = req.manual;
    return { symbol, direction, targets, stopLoss, signalId: null, signalEntry: req.manual.entry ?? null };
  }
  const s = await db().signal.findUnique({
    where: { id: req.signalId },
    select: { id: true, symbol: true, direction: true, entryLow: true, entryHigh: true, targets: true, stopLoss: true, status: true },
  });
  if (!s) throw notFound("Signal");
  if (s.status !== "OPEN" && s.status !== "TP_PARTIAL") throw new AppError("CONFLICT", `Signal is already closed (${s.status})`);
  return { symbol: s.symbol, direction: s.direction, targets: s.targets.map((t) => t.toFixed()), stopLoss: s.stopLoss.toFixed(), signalId: s.id, signalEntry: signalEntryPrice(s) };
}

async function settingsOf(userId: number, req: TTradeRequest, connectionLeverage: number | null): Promise<TTradeSettings> {
  const u = await db().user.findUniqueOrThrow({
    where: { id: userId },
    select: { capitalUsdt: true, perTradeUsdt: true, leverage: true, sizingMode: true, riskPerTradePct: true, tpSplit: true },
  });
  return {
    perTradeUsdt: (req.kind === "manual" ? req.manual.perTradeUsdt : undefined) ?? u.perTradeUsdt.toFixed(),
    ...(req.kind === "manual" && req.manual.qty !== undefined ? { qty: req.manual.qty } : {}),
    leverage: requestedLeverage({ perTrade: req.kind === "manual" ? req.manual.leverage : undefined, connectionDefault: connectionLeverage, userRisk: u.leverage }),
    sizingMode: u.sizingMode,
    riskPerTradePct: u.riskPerTradePct.toFixed(),
    capitalUsdt: u.capitalUsdt.toFixed(),
    tpSplit: u.tpSplit.map((d) => d.toFixed()),
  };
}

const riskDto = (d: TPreTradeDecision) =>
  d.allowed ? { allowed: true, reason: null, kind: null, qty: d.qty ?? null } : { allowed: false, reason: d.reason, kind: d.kind, qty: null };

/** Plain decimals without the step's trailing zeros ("0.040" → "0.04"), as positions show them. */
const n = (v: string) => str(dec(v));

function planDto(p: TTradePlan) {
  return {
    qty: n(p.qty),
    notional: n(p.notional),
    margin: n(p.margin),
    risk_to_sl: p.risk && { stop_loss: p.risk.stopLoss, loss_usdt: p.risk.lossUsdt, loss_pct_of_margin: p.risk.lossPct, price_move_pct: p.risk.movePct },
    targets: p.targets.map((t) => ({
      index: t.index,
      price: n(t.price),
      qty: n(t.qty),
      pnl_usdt: t.pnlUsdt,
      pnl_pct_of_margin: t.pnlPct,
      price_move_pct: t.movePct,
      ...(t.mergedInto ? { merged_into: t.mergedInto } : {}),
    })),
  };
}

export async function previewTrade(userId: number, req: TTradeRequest, options: TTradingOptions = {}) {
  const conn = await findTradingConnection(userId);
  const [trade, settings] = await Promise.all([tradeOf(req), settingsOf(userId, req, conn?.leverageDefault ?? null)]);
  const mode = tradingModeFor(conn, req.mode);
  const snap = await fetchMarketPrices(feedOf(options), [trade.symbol], nowOf(options));
  const market = snap.prices.get(trade.symbol) ?? null;
  if (snap.ok && market === null) throw new AppError("INVALID_INPUT", `symbol: ${trade.symbol} is not traded on the exchange`, { field: "symbol" });
  const reference = market ?? trade.signalEntry;
  if (reference === null) {
    throw new AppError("EXCHANGE_UNAVAILABLE", `no market price for ${trade.symbol} (the price feed is unreachable): send "entry" to preview at your price`, { retryable: true });
  }
  const { rules, source: rulesSource } = await paperMarketRules(feedOf(options), trade.symbol, reference);
  const entryPrice = market !== null ? paperFillAt(market, rules, mode === "PAPER" ? entrySide(trade.direction) : undefined) : reference;
  const plan = buildTradePlan({ direction: trade.direction, entryPrice, targets: trade.targets, stopLoss: trade.stopLoss, settings, rules, paper: mode === "PAPER" });

  const head = {
    symbol: trade.symbol,
    direction: trade.direction,
    signal_id: trade.signalId,
    mode: MODE_TO_WIRE[mode],
    live: mode !== "PAPER",
    entry_price: n(entryPrice),
    price_source: market !== null ? "market" : trade.signalId ? "signal" : "request",
    ...(market === null ? { price_note: `the price feed is unreachable: priced at the ${trade.signalId ? "signal's" : "requested"} entry` } : {}),
    leverage: plan.ok ? plan.leverage : settings.leverage,
    sizing_mode: plan.ok ? plan.sizingMode : settings.qty !== undefined ? "QTY" : settings.sizingMode,
    fee_rate: plan.ok ? plan.feeRate : null,
    market_rules: { amount_step: rules.amountStep, price_tick: rules.priceTick, min_qty: rules.minQty, min_notional: rules.minNotional, source: rulesSource },
  };
  if (!plan.ok) {
    return { ...head, allowed: false, warnings: [], qty: n(plan.qty), notional: null, margin: null, risk_to_sl: null, targets: [], checks: { size: { ok: false, code: plan.code, reason: plan.reason }, risk: null } };
  }
  const decision = await db().$transaction((tx) =>
    checkPreTrade({ tx, userId, symbol: trade.symbol, direction: trade.direction, qty: plan.qty, notionalUsdt: plan.notional, marginUsdt: plan.margin, source: "manual", signalId: trade.signalId, now: nowOf(options) }),
  );
  const sized = decision.allowed && decision.qty ? resizePlan(plan, decision.qty, rules) : plan;
  return { ...head, allowed: decision.allowed, warnings: sized.warnings ?? [], ...planDto(sized), checks: { size: { ok: true, code: null, reason: null }, risk: riskDto(decision) } };
}

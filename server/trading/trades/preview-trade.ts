// POST /api/trade/preview (SPEC §6): what POST /api/trade/execute would do, without doing it — the
// size, notional, margin, the loss at the stop, the P&L at each take-profit, and each check's
// decision (the market's minimums, then the risk engine's pre-trade check). Nothing is written.
//
// It is the trading pipeline (../pipeline.ts) as a dry run — quote → plan → risk with the same
// functions openPosition uses: the same trade, settings, account, price and plan; the risk engine is
// asked in a transaction that writes nothing.
import { db } from "../../db/client";
import { dec, str } from "../../decimal";
import { MODE_TO_WIRE } from "../../exchange-connections/exchange-connection";
import { getTradingMode } from "../../exchange-connections/trading-mode";
import { requireTargetPlan } from "../../subscriptions/require-plan";
import { getTraderSettings } from "../../users/trader-settings";
import { nowOf, type TTradingOptions } from "../options";
import { checkTradeRisk, quotePaper, tradeOf, tradeSettingsFor, type TRiskCheck } from "../pipeline";
import { buildTradePlan, type TTradePlan } from "../trade-plan";
import type { TTradeRequest } from "./trade-schemas";

/** The risk check as the execution will meet it: the engine's reduced qty, or why the trade is blocked. */
const riskDto = ({ decision, outcome }: TRiskCheck) =>
  outcome.allowed
    ? { allowed: true, reason: null, kind: null, qty: decision.allowed ? (decision.qty ?? null) : null }
    : { allowed: false, reason: outcome.reason, kind: outcome.kind, qty: null };

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

/** VIP and up (SPEC §3). */
export async function previewTrade(userId: number, req: TTradeRequest, options: TTradingOptions = {}) {
  await requireTargetPlan(userId, "VIP", "trade preview");
  return dryRunTrade(userId, req, options);
}

/** The pipeline as a dry run, for a user already entitled to it (execute-trade.ts's confirm: false). */
export async function dryRunTrade(userId: number, req: TTradeRequest, options: TTradingOptions = {}) {
  const manual = req.kind === "manual" ? req.manual : undefined;
  const [trade, trader] = await Promise.all([tradeOf(req.kind === "signal" ? { signalId: req.signalId } : { manual }), getTraderSettings(userId)]);
  const { mode, conn } = await getTradingMode(userId, req.mode);
  const settings = tradeSettingsFor(trader, conn?.leverageDefault ?? null, manual);
  const quote = await quotePaper(trade, options, nowOf(options), mode === "PAPER");
  if (!quote.ok) throw quote.error;
  const { market, rules, fill: entryPrice } = quote;
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
    market_rules: { amount_step: rules.amountStep, price_tick: rules.priceTick, min_qty: rules.minQty, min_notional: rules.minNotional, source: quote.rulesSource },
  };
  if (!plan.ok) {
    return { ...head, allowed: false, warnings: [], qty: n(plan.qty), notional: null, margin: null, risk_to_sl: null, targets: [], checks: { size: { ok: false, code: plan.code, reason: plan.reason }, risk: null } };
  }
  // Risk as the execution asks it (checkTradeRisk), in a transaction that writes nothing: a trade the
  // engine reduces is shown at the reduced size, and one reduced below the market's minimum is
  // refused here as execute refuses it.
  const risk = await db().$transaction((tx) => checkTradeRisk(tx, { userId, trade, source: "manual", now: nowOf(options) }, plan, rules));
  const shown = risk.outcome.allowed ? risk.outcome.plan : plan;
  return { ...head, allowed: risk.outcome.allowed, warnings: shown.warnings ?? [], ...planDto(shown), checks: { size: { ok: true, code: null, reason: null }, risk: riskDto(risk) } };
}

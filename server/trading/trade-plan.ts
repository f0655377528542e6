// The plan of one trade (SPEC §6), pure and exact: from a signal's prices (or a manual trade's) and
// a user's settings to the quantity, its split over the take-profits, notional, margin, the loss at
// the stop and the P&L at each target. POST /api/trade/preview shows it; the engine places it.
//
// Choices:
// - Leverage (requestedLeverage): the trade's own choice, else the user's exchange connection's
//   leverage_default, else the user's risk setting — capped by the market's maximum when the
//   exchange told us one. The signal's leverage is the provider's suggestion and is not applied.
// - A trade's own qty (seed 7.4) is used as given, rounded down to the step.
// - FIXED sizing: qty = per_trade_usdt × leverage ÷ entry. RISK sizing: qty = capital_usdt ×
//   risk_per_trade_pct ÷ |entry − stop| (needs a stop). Either rounds DOWN to the market's step and
//   is refused — with the reason — below min quantity / min notional, never rounded to zero.
// - tp_split applies when it has one percentage per target; otherwise (no split, or a split made for
//   a different number of targets) the quantity is split evenly. Remainders ride on the last target;
//   a share below min quantity moves to the next target (sizing.ts splitTargets).
// - Targets and stop are rounded to the market's price tick, as the exchange would.
// - P&L figures are net of fees at `feeRate` on entry and exit (the paper taker rate by default);
//   P&L % is on the margin (the price move × leverage, minus fees).
import { dec, roundToTick, str } from "../decimal";
import { toAppError } from "../errors";
import { DEFAULT_PAPER_FEE_RATE } from "../exchange/paper-exchange";
import { previewTrade, sizeByRisk, sizeExact, sizeFixed, splitTargets, type TSizeRefusal } from "./sizing";
import type { TMarketRules } from "../exchange/types";

export type TDirection = "LONG" | "SHORT";

/** The user's settings a plan depends on (decimals as strings). */
export type TTradeSettings = {
  perTradeUsdt: string;
  leverage: number;
  sizingMode: "FIXED" | "RISK";
  riskPerTradePct: string;
  capitalUsdt: string;
  /** Percent per target, summing to 100; [] = even split. */
  tpSplit: string[];
  /** An exact quantity chosen for this one trade: replaces the sizing mode. */
  qty?: string;
};

export type TTradePlanInput = {
  direction: TDirection;
  /** The price the trade is sized at: the market price when known, else the signal's entry. */
  entryPrice: string;
  targets: string[];
  stopLoss: string | null;
  settings: TTradeSettings;
  rules: TMarketRules;
  /** Fee rate assumed on entry and exits (default: the paper taker rate, 0.0004). */
  feeRate?: string;
  /** A paper trade: a hand-sized qty below the market's minimum order value is kept, with a warning. */
  paper?: boolean;
};

export type TPlannedTarget = {
  /** 1-based take-profit number. */
  index: number;
  price: string;
  /** "0" when its share was too small and moved to another target (mergedInto). */
  qty: string;
  mergedInto?: number;
  pnlUsdt: string;
  pnlPct: string;
  movePct: string;
};

export type TTradePlan = {
  ok: true;
  direction: TDirection;
  entryPrice: string;
  qty: string;
  notional: string;
  margin: string;
  leverage: number;
  /** QTY: the trade's own quantity (TTradeSettings.qty). */
  sizingMode: "FIXED" | "RISK" | "QTY";
  stopLoss: string | null;
  targets: TPlannedTarget[];
  /** Loss if the stop is hit (USDT, % of margin, price move %); null without a stop. */
  risk: { stopLoss: string; lossUsdt: string; lossPct: string; movePct: string } | null;
  feeRate: string;
  /** The take-profit split applied (undefined = even). */
  tpSplit?: string[];
  /** What the trader should know but did not stop the trade (sizing.ts sizeExact). */
  warnings?: string[];
};

export type TPlanRefusal = { ok: false; code: TSizeRefusal | "STOP_REQUIRED"; reason: string; qty: string };

/** The signal's reference entry: the middle of its entry zone (its single price when not a zone). */
export function signalEntryPrice(s: { entryLow: string | { toString(): string }; entryHigh: string | { toString(): string } }): string {
  return str(dec(String(s.entryLow)).add(String(s.entryHigh)).div(2));
}

/**
 * The leverage a trade asks for, before the market's cap (effectiveLeverage), most specific first:
 * 1. an explicit choice for this trade (a manual trade's `leverage`): the user just said so;
 * 2. the leverage_default of the user's exchange connection: the account the trade is placed on,
 *    and where a trader sets "my leverage on Binance" (in paper mode too: the paper trade
 *    rehearses what the connection would do);
 * 3. the user's risk setting (users.leverage): the fallback for users without a connection.
 * Every write keeps 2 and 3 equal (exchange-connection.ts, users/settings.ts); the order matters only
 * for rows written before that rule.
 * The signal's leverage is never applied: it is the provider's suggestion, not the user's risk.
 */
export function requestedLeverage(s: { perTrade?: number | null; connectionDefault?: number | null; userRisk: number }): number {
  return s.perTrade ?? s.connectionDefault ?? s.userRisk;
}

/** The leverage a trade uses: the requested one, capped by the market's maximum when known. */
export function effectiveLeverage(userLeverage: number, rules: Pick<TMarketRules, "maxLeverage">): number {
  return rules.maxLeverage ? Math.min(userLeverage, rules.maxLeverage) : userLeverage;
}

/** The user's split when it fits this many targets, else undefined (= even). */
export function splitFor(tpSplit: string[], targetCount: number): string[] | undefined {
  return tpSplit.length === targetCount && targetCount > 0 ? tpSplit : undefined;
}

/**
 * Sizes and previews a trade. Refusals (too small for the market, RISK sizing without a stop) come
 * back as `{ok: false, reason}`; inconsistent prices (a target or stop on the wrong side of the
 * entry) throw INVALID_INPUT naming the field.
 */
export function buildTradePlan(input: TTradePlanInput): TTradePlan | TPlanRefusal {
  const { rules, settings } = input;
  const leverage = effectiveLeverage(settings.leverage, rules);
  const feeRate = input.feeRate ?? DEFAULT_PAPER_FEE_RATE;
  const onTick = (p: string) => str(dec(roundToTick(p, rules.priceTick)));
  const targets = input.targets.map(onTick);
  const stopLoss = input.stopLoss === null ? null : onTick(input.stopLoss);

  let size;
  if (settings.qty !== undefined) {
    size = sizeExact({ qty: settings.qty, leverage, entryPrice: input.entryPrice, rules, paper: input.paper });
  } else if (settings.sizingMode === "RISK") {
    if (stopLoss === null) return { ok: false, code: "STOP_REQUIRED", qty: "0", reason: "risk-based sizing needs a stop loss" };
    size = sizeByRisk({ balanceUsdt: settings.capitalUsdt, riskPct: settings.riskPerTradePct, entryPrice: input.entryPrice, stopLoss, leverage, rules });
  } else {
    size = sizeFixed({ perTradeUsdt: settings.perTradeUsdt, leverage, entryPrice: input.entryPrice, rules });
  }
  if (!size.ok) return { ok: false, code: size.code, reason: size.reason, qty: size.qty };

  const splitPct = splitFor(settings.tpSplit, targets.length);
  const preview = previewTrade({ direction: input.direction, entryPrice: input.entryPrice, stopLoss, targets, qty: size.qty, leverage, splitPct, rules, feeRate });
  const split = targets.length > 0 ? splitTargets(size.qty, targets.length, splitPct, rules) : null;
  const mergedInto = new Map((split?.ok ? split.targets : []).flatMap((t) => (t.mergedInto ? [[t.index, t.mergedInto] as const] : [])));
  return {
    ok: true,
    direction: input.direction,
    entryPrice: str(dec(input.entryPrice)),
    qty: size.qty,
    notional: size.notional,
    margin: size.margin,
    leverage,
    sizingMode: settings.qty !== undefined ? "QTY" : settings.sizingMode,
    stopLoss,
    targets: preview.targets.map((t) => (mergedInto.has(t.index) ? { ...t, mergedInto: mergedInto.get(t.index) } : t)),
    risk: preview.risk,
    feeRate: preview.feeRate,
    ...(splitPct ? { tpSplit: splitPct } : {}),
    ...(size.warning ? { warnings: [size.warning] } : {}),
  };
}

/**
 * The same plan for another quantity (the risk engine may reduce a trade to fit the exposure limit):
 * notional, margin, split and P&L follow the new quantity.
 */
export function resizePlan(plan: TTradePlan, qty: string, rules: TMarketRules): TTradePlan {
  if (dec(qty).eq(plan.qty)) return plan;
  const notional = dec(qty).mul(plan.entryPrice);
  const preview = previewTrade({
    direction: plan.direction,
    entryPrice: plan.entryPrice,
    stopLoss: plan.stopLoss,
    targets: plan.targets.map((t) => t.price),
    qty,
    leverage: plan.leverage,
    splitPct: plan.tpSplit,
    rules,
    feeRate: plan.feeRate,
  });
  return { ...plan, qty: preview.qty, notional: preview.notional, margin: str(notional.div(plan.leverage).toDecimalPlaces(8)), targets: preview.targets, risk: preview.risk };
}

export const EXPOSURE_TOO_SMALL = "the quantity that fits under the exposure limit is below the market's minimum order";

/**
 * The risk engine's reduced quantity (reduce-to-fit exposure), or null when it cannot be traded:
 * below the market's minimum quantity or notional, or too small to split over the targets.
 */
export function tryResizePlan(plan: TTradePlan, qty: string, rules: TMarketRules): TTradePlan | null {
  if (dec(qty).lt(rules.minQty) || dec(qty).mul(plan.entryPrice).lt(rules.minNotional)) return null;
  try {
    const p = resizePlan(plan, qty, rules);
    return dec(p.qty).gt(0) ? p : null;
  } catch {
    return null;
  }
}

/**
 * Rules good enough to size a PAPER trade when the exchange's rules cannot be loaded (the feed is
 * down and nothing is cached): a step worth about 0.1 USDT, a tick of 6 significant digits, and
 * Binance's usual 5 USDT minimum notional. Never used for live orders.
 */
export function fallbackMarketRules(symbol: string, price: string): TMarketRules {
  const p = Number(price);
  const stepExp = Math.floor(Math.log10(0.1 / p));
  const tickExp = Math.floor(Math.log10(p)) - 5;
  const pow = (e: number) => str(dec(10).pow(e));
  return { symbol, amountStep: pow(stepExp), priceTick: pow(tickExp), minQty: pow(stepExp), minNotional: "5", maxLeverage: null };
}

/** Plans of one batch (a fan-out's users), keyed by everything a plan depends on. */
export type TPlanCache = Map<string, TTradePlan | TPlanRefusal>;

/**
 * buildTradePlan for a batch: the same inputs give the same plan, so each distinct one (most users
 * keep the defaults) is computed once; a plan that cannot be built is a refusal with the reason.
 */
export function cachedTradePlan(cache: TPlanCache, input: TTradePlanInput): TTradePlan | TPlanRefusal {
  const { settings: s, rules: r } = input;
  const key = [
    input.direction, input.entryPrice, input.targets.join(","), input.stopLoss, input.feeRate, input.paper,
    r.symbol, r.amountStep, r.priceTick, r.minQty, r.minNotional, r.maxLeverage,
    s.perTradeUsdt, s.leverage, s.sizingMode, s.riskPerTradePct, s.capitalUsdt, s.tpSplit.join(","), s.qty,
  ].join("|");
  let plan = cache.get(key);
  if (!plan) {
    try {
      plan = buildTradePlan(input);
    } catch (err) {
      plan = { ok: false, code: "BELOW_MIN_QTY", qty: "0", reason: toAppError(err).message };
    }
    cache.set(key, plan);
  }
  return plan;
}

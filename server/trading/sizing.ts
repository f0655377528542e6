// Position sizing and the numbers of a trade preview (SPEC §6), exact (decimal.js) and pure.
//
// - sizeFixed:  qty = per_trade_usdt × leverage ÷ entry, rounded DOWN to the amount step.
// - sizeByRisk: qty = balance × risk% ÷ |entry − stop loss|, rounded DOWN to the step.
// Either is REFUSED (never rounded up, never zero) when qty < minQty or qty × entry < minNotional,
// with a reason a user can act on. Bad inputs (non-positive numbers, stop on the wrong side) throw
// INVALID_INPUT naming the field.
// - splitTargets: one share per take-profit on the step, remainder on the last target. A share
//   below minQty is never sent (Binance refuses it) and never dropped: it moves to the NEXT target;
//   if the last share ends up below minQty it moves back to the nearest earlier target that has one.
//   Take-profits are reduce-only, and Binance exempts reduce-only orders from min notional, so only
//   minQty is checked. Merged targets keep qty "0" and say where their share went.
import { invalidInput } from "../errors";
import { D, dec, floorToStep, money, pct, str, type TDecimal } from "../decimal";
import type { TMarketRules } from "../exchange/types";

type TRules = Pick<TMarketRules, "symbol" | "amountStep" | "minQty" | "minNotional">;

export type TSizeRefusal = "BELOW_MIN_QTY" | "BELOW_MIN_NOTIONAL" | "MARGIN_EXCEEDS_BALANCE";
export type TSize =
  | { ok: true; qty: string; notional: string; margin: string; /** said, not refused (a paper rehearsal) */ warning?: string }
  | { ok: false; code: TSizeRefusal; reason: string; /** what the quantity rounded down to */ qty: string };

function positive(field: string, value: string): TDecimal {
  let d: TDecimal;
  try {
    d = dec(value);
  } catch {
    throw invalidInput(field, "must be a decimal number");
  }
  if (d.lte(0)) throw invalidInput(field, "must be greater than 0");
  return d;
}

function leverageOf(leverage: number): number {
  if (!Number.isInteger(leverage) || leverage < 1 || leverage > 125) throw invalidInput("leverage", "must be a whole number from 1 to 125");
  return leverage;
}

/** The min quantity / min notional checks shared by both sizing modes. */
function checked(qty: string, entry: TDecimal, leverage: number, rules: TRules, hint: string): TSize {
  const q = dec(qty);
  const notional = q.mul(entry);
  if (q.isZero() || q.lt(rules.minQty)) {
    return { ok: false, code: "BELOW_MIN_QTY", qty, reason: `quantity rounds down to ${qty} on ${rules.symbol}, below the minimum ${rules.minQty}; ${hint}` };
  }
  if (notional.lt(rules.minNotional)) {
    return {
      ok: false,
      code: "BELOW_MIN_NOTIONAL",
      qty,
      reason: `order value ${money(notional)} USDT on ${rules.symbol} is below the minimum ${rules.minNotional} USDT; ${hint}`,
    };
  }
  return { ok: true, qty, notional: money(notional), margin: money(notional.div(leverage)) };
}

/** Smallest per-trade amount (margin) that clears both minimums at this entry and leverage. */
function minimumPerTrade(entry: TDecimal, leverage: number, rules: TRules): string {
  const byQty = dec(rules.minQty).mul(entry);
  const needed = D.max(byQty, dec(rules.minNotional));
  return money(needed.div(leverage).toDecimalPlaces(2, D.ROUND_UP));
}

export function sizeFixed(input: { perTradeUsdt: string; leverage: number; entryPrice: string; rules: TRules }): TSize {
  const perTrade = positive("per_trade_usdt", input.perTradeUsdt);
  const leverage = leverageOf(input.leverage);
  const entry = positive("entry_price", input.entryPrice);
  const qty = floorToStep(perTrade.mul(leverage).div(entry), input.rules.amountStep);
  const hint = `at ${leverage}x this market needs at least ${minimumPerTrade(entry, leverage, input.rules)} USDT per trade`;
  return checked(qty, entry, leverage, input.rules, hint);
}

/**
 * A quantity the trader chose (seed 7.4's `qty`): rounded DOWN to the market's step, then the same
 * minimums. A paper trade the trader sized by hand may stay below the minimum order value: the
 * runbook's dry run of 0.001 BTC is recorded, with the warning that Binance would refuse it live.
 */
export function sizeExact(input: { qty: string; leverage: number; entryPrice: string; rules: TRules; paper?: boolean }): TSize {
  const leverage = leverageOf(input.leverage);
  const entry = positive("entry_price", input.entryPrice);
  const qty = floorToStep(positive("qty", input.qty), input.rules.amountStep);
  const sized = checked(qty, entry, leverage, input.rules, `send a larger qty (step ${input.rules.amountStep})`);
  if (sized.ok || sized.code !== "BELOW_MIN_NOTIONAL" || !input.paper) return sized;
  const notional = dec(qty).mul(entry);
  const warning = `paper only: order value ${money(notional)} USDT on ${input.rules.symbol} is below the minimum ${input.rules.minNotional} USDT, so Binance would refuse this order live`;
  return { ok: true, qty, notional: money(notional), margin: money(notional.div(leverage)), warning };
}

export function sizeByRisk(input: {
  balanceUsdt: string;
  /** Percent of the balance lost if the stop is hit: "1" = 1 %. */
  riskPct: string;
  entryPrice: string;
  stopLoss: string;
  leverage: number;
  rules: TRules;
}): TSize {
  const balance = positive("balance_usdt", input.balanceUsdt);
  const risk = positive("risk_pct", input.riskPct);
  if (risk.gt(100)) throw invalidInput("risk_pct", "must be at most 100");
  const entry = positive("entry_price", input.entryPrice);
  const stop = positive("stop_loss", input.stopLoss);
  const leverage = leverageOf(input.leverage);
  const distance = entry.sub(stop).abs();
  if (distance.isZero()) throw invalidInput("stop_loss", "must differ from the entry price");
  const riskUsdt = balance.mul(risk).div(100);
  const qty = floorToStep(riskUsdt.div(distance), input.rules.amountStep);
  const sized = checked(qty, entry, leverage, input.rules, `risking ${money(riskUsdt)} USDT over a ${str(distance)} stop distance is too small for this market`);
  if (sized.ok && dec(sized.margin).gt(balance)) {
    return {
      ok: false,
      code: "MARGIN_EXCEEDS_BALANCE",
      qty,
      reason: `the stop is so close that risking ${money(riskUsdt)} USDT needs ${sized.margin} USDT margin at ${leverage}x, more than the balance ${money(balance)} USDT`,
    };
  }
  return sized;
}

export type TTargetShare = {
  /** 1-based take-profit number. */
  index: number;
  qty: string;
  /** Set when this target's share was too small and moved to another target. */
  mergedInto?: number;
};

/**
 * Splits qty over `count` take-profits: evenly, or by `splitPct` (strings summing to exactly 100).
 * Refused only when qty itself is below minQty.
 */
export function splitTargets(
  qty: string,
  count: number,
  splitPct: string[] | undefined,
  rules: Pick<TMarketRules, "symbol" | "amountStep" | "minQty">,
): { ok: true; targets: TTargetShare[] } | { ok: false; reason: string } {
  if (!Number.isInteger(count) || count < 1 || count > 10) throw invalidInput("targets", "must be 1 to 10 take-profit targets");
  const total = positive("qty", qty);
  const weights = splitPct ?? Array.from({ length: count }, () => "1");
  if (weights.length !== count) throw invalidInput("tp_split", `must have one percentage per target (${count})`);
  const w = weights.map((x) => positive("tp_split", x));
  const sum = w.reduce((a, b) => a.add(b), dec(0));
  if (splitPct && !sum.eq(100)) throw invalidInput("tp_split", `percentages must sum to 100, got ${str(sum)}`);
  if (total.lt(rules.minQty)) return { ok: false, reason: `quantity ${qty} on ${rules.symbol} is below the minimum ${rules.minQty}` };

  const shares = w.map((x) => dec(floorToStep(total.mul(x).div(sum), rules.amountStep)));
  shares[count - 1] = total.sub(shares.slice(0, -1).reduce((a, b) => a.add(b), dec(0)));
  const into: Array<number | undefined> = Array.from({ length: count }, () => undefined);
  for (let i = 0; i < count - 1; i += 1) {
    if (shares[i]!.lt(rules.minQty)) {
      shares[i + 1] = shares[i + 1]!.add(shares[i]!);
      shares[i] = dec(0);
      into[i] = i + 1;
    }
  }
  const last = count - 1;
  if (shares[last]!.lt(rules.minQty)) {
    const back = shares.findLastIndex((s, i) => i < last && s.gt(0));
    shares[back] = shares[back]!.add(shares[last]!);
    shares[last] = dec(0);
    into[last] = back;
  }
  // A share merged forward into a target that later merged back points at the final holder.
  const holder = (i: number): number => (into[i] === undefined ? i : holder(into[i]));
  const places = dec(rules.amountStep).decimalPlaces();
  return {
    ok: true,
    targets: shares.map((s, i) => ({ index: i + 1, qty: s.toFixed(places), ...(into[i] !== undefined ? { mergedInto: holder(i) + 1 } : {}) })),
  };
}

export type TPreviewTarget = { index: number; price: string; qty: string; pnlUsdt: string; pnlPct: string; movePct: string };
export type TPreview = {
  qty: string;
  notional: string;
  margin: string;
  /** Loss if the stop is hit: USDT, % of the margin, and the price move in %. */
  risk: { stopLoss: string; lossUsdt: string; lossPct: string; movePct: string } | null;
  targets: TPreviewTarget[];
  /** Fees assumed on entry and on each exit (0 unless feeRate was given). */
  feeRate: string;
};

/**
 * The numbers of POST /api/trade/preview for a sized trade. P&L of a target is for its share of qty;
 * pnlPct is on that share's margin (price move × leverage); fees, if a rate is given, are charged on
 * the share's entry and exit value.
 */
export function previewTrade(input: {
  direction: "LONG" | "SHORT";
  entryPrice: string;
  stopLoss?: string | null;
  targets: string[];
  qty: string;
  leverage: number;
  splitPct?: string[];
  rules: Pick<TMarketRules, "symbol" | "amountStep" | "minQty">;
  feeRate?: string;
}): TPreview {
  const entry = positive("entry_price", input.entryPrice);
  const qty = positive("qty", input.qty);
  const leverage = leverageOf(input.leverage);
  const fee = input.feeRate === undefined ? dec(0) : dec(input.feeRate);
  const sign = input.direction === "LONG" ? 1 : -1;
  const better = (p: TDecimal) => p.sub(entry).mul(sign).gt(0);

  const pnl = (price: TDecimal, q: TDecimal) => price.sub(entry).mul(q).mul(sign).sub(q.mul(entry).mul(fee)).sub(q.mul(price).mul(fee));
  const onMargin = (usdt: TDecimal, q: TDecimal) => usdt.div(q.mul(entry).div(leverage)).mul(100);
  const move = (price: TDecimal) => price.sub(entry).div(entry).mul(100).mul(sign);

  let risk: TPreview["risk"] = null;
  if (input.stopLoss != null) {
    const stop = positive("stop_loss", input.stopLoss);
    if (better(stop) || stop.eq(entry)) throw invalidInput("stop_loss", `must be ${sign > 0 ? "below" : "above"} the entry for a ${input.direction}`);
    const loss = pnl(stop, qty).neg();
    risk = { stopLoss: str(stop), lossUsdt: money(loss), lossPct: pct(onMargin(loss, qty)), movePct: pct(move(stop)) };
  }

  const prices = input.targets.map((t, i) => {
    const p = positive(`targets.${i}`, t);
    if (!better(p)) throw invalidInput(`targets.${i}`, `must be ${sign > 0 ? "above" : "below"} the entry for a ${input.direction}`);
    return p;
  });
  const split = prices.length > 0 ? splitTargets(str(qty), prices.length, input.splitPct, input.rules) : { ok: true as const, targets: [] };
  if (!split.ok) throw invalidInput("qty", split.reason);
  const targets = split.targets.map((t) => {
    const price = prices[t.index - 1]!;
    const q = dec(t.qty);
    const usdt = q.isZero() ? dec(0) : pnl(price, q);
    return { index: t.index, price: str(price), qty: t.qty, pnlUsdt: money(usdt), pnlPct: q.isZero() ? "0" : pct(onMargin(usdt, q)), movePct: pct(move(price)) };
  });
  const notional = qty.mul(entry);
  return { qty: str(qty), notional: money(notional), margin: money(notional.div(leverage)), risk, targets, feeRate: str(fee) };
}

// The trailing stop (SPEC §6 strategy "trailing stop"), pure and exact. Once `afterTp` take-profits
// have filled, the stop follows the best price seen (the highest for a LONG, the lowest for a SHORT)
// at `pct` % behind it, and only ever in the trader's favour.
//
// Why a step: every move of a live stop is two exchange calls (cancel the resting stop, place the
// new one) and every move of a paper stop two order rows. Following each tick would churn orders
// ~4 times a minute per position for moves worth a few cents, so the stop moves only when it gains
// at least a tenth of the trail's distance (0.1 × pct % of the price). A best price that did not
// move the stop needs no remembering either: measured against the same stop, a later price below
// it cannot clear the step, so settlement writes `trail_extreme` only when it settles the position.
import { D, dec, str } from "../decimal";

type TDirection = "LONG" | "SHORT";

/** 8 significant digits: far finer than any step (≥ 0.001 % of the price), short enough to read. */
const STOP_DIGITS = 8;
/** The scale of the price columns. */
const MAX_PLACES = 12;

/**
 * Where a trail at `extreme` puts the stop: pct % below a LONG's best price, above a SHORT's,
 * rounded away from the price (a LONG's down, a SHORT's up) so the distance is never under pct.
 */
export function trailedStop(direction: TDirection, extreme: string, pct: string): string {
  const f = dec(pct).div(100);
  const long = direction === "LONG";
  const raw = dec(extreme).mul(long ? dec(1).sub(f) : dec(1).add(f));
  const rounding = long ? D.ROUND_DOWN : D.ROUND_UP;
  return str(raw.toSignificantDigits(STOP_DIGITS, rounding).toDecimalPlaces(MAX_PLACES, rounding));
}

/** The smallest move of the stop worth an order: a tenth of the trail's distance. */
export const trailStep = (extreme: string, pct: string) => dec(extreme).mul(pct).div(1000);

export type TTrailState = { direction: TDirection; pct: string; extreme: string | null; stop: string | null };

/**
 * A price observation: the best price so far, and the new stop when the trail clears the current
 * one (the breakeven stop or any earlier trail included) by at least the step — else null.
 */
export function trailOnPrice(t: TTrailState, price: string): { extreme: string; stop: string | null } {
  const long = t.direction === "LONG";
  const seen = dec(price);
  const better = t.extreme === null || (long ? seen.gt(t.extreme) : seen.lt(t.extreme));
  const extreme = better ? str(seen) : t.extreme!;
  const target = trailedStop(t.direction, extreme, t.pct);
  if (dec(target).lte(0)) return { extreme, stop: null };
  if (t.stop === null) return { extreme, stop: target };
  const gain = long ? dec(target).sub(t.stop) : dec(t.stop).sub(target);
  return { extreme, stop: gain.gte(trailStep(extreme, t.pct)) ? target : null };
}

/**
 * SQL (positions `p`, prices `px.price`): the trail is active and this price would move the stop.
 * The stop moves when extreme × (1 − pct/100) clears it by extreme × pct/1000, i.e. when
 * price × (1 − 0.011 × pct) ≥ stop for a LONG (mirrored for a SHORT) — the same rule as
 * trailOnPrice, so a tick settles only the positions whose stop really moves.
 */
export const TRAIL_DUE_SQL = `(p.trailing_stop_pct > 0 AND p.targets_hit >= COALESCE(p.trailing_after_tp, 1) AND (
    (p.direction = 'LONG' AND (p.stop_loss IS NULL OR px.price * (1 - p.trailing_stop_pct * 0.011) >= p.stop_loss))
    OR (p.direction = 'SHORT' AND (p.stop_loss IS NULL OR px.price * (1 + p.trailing_stop_pct * 0.011) <= p.stop_loss))))`;

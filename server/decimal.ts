// Exact decimal arithmetic for quantities, prices and money (decimal.js, never float math), and the
// rounding rules of the exchange: amounts round DOWN to the LOT_SIZE step, prices to the nearest tick.
import Decimal from "decimal.js";

/** A private clone: nobody else's Decimal.set() changes our precision or rounding. */
export const D = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type TDecimal = InstanceType<typeof D>;
export type TDecimalInput = string | number | TDecimal;

const DECIMAL = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

// Settlement parses the same few strings (prices, quantities, fee rate) thousands of times per tick;
// a Decimal is immutable, so one parsed instance can be handed out again. Bounded: cleared when full.
const parsed = new Map<string, TDecimal>();
const PARSED_MAX = 10_000;

/** Parses a decimal (plain or exponent notation, as Prisma's Decimal may print); NaN, "", spaces throw. */
export function dec(value: TDecimalInput): TDecimal {
  if (typeof value === "string") {
    const known = parsed.get(value);
    if (known) return known;
    if (!DECIMAL.test(value)) throw new Error(`not a decimal string: ${JSON.stringify(value)}`);
    const d = new D(value);
    if (!d.isFinite()) throw new Error(`not a finite decimal: ${value}`);
    if (parsed.size >= PARSED_MAX) parsed.clear();
    parsed.set(value, d);
    return d;
  }
  const d = new D(value);
  if (!d.isFinite()) throw new Error(`not a finite decimal: ${String(value)}`);
  return d;
}

/** Plain notation, no exponent, trailing zeros dropped ("0.0100" → "0.01"). */
export const str = (d: TDecimal): string => d.toFixed();

/** Rounds DOWN to a multiple of step, formatted with the step's decimal places. */
export function floorToStep(value: TDecimalInput, step: TDecimalInput): string {
  const s = dec(step);
  if (s.lte(0)) throw new Error(`step must be positive, got ${String(step)}`);
  return dec(value).div(s).floor().mul(s).toFixed(s.decimalPlaces());
}

/** Rounds to the nearest multiple of tick (half away from zero), formatted with the tick's places. */
export function roundToTick(value: TDecimalInput, tick: TDecimalInput): string {
  const t = dec(tick);
  if (t.lte(0)) throw new Error(`tick must be positive, got ${String(tick)}`);
  return dec(value).div(t).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).mul(t).toFixed(t.decimalPlaces());
}

/** Money for display and storage: 8 decimal places, half-up, trailing zeros dropped. */
export const money = (d: TDecimal): string => str(d.toDecimalPlaces(8, Decimal.ROUND_HALF_UP));
/** Percentages: 4 decimal places. */
export const pct = (d: TDecimal): string => str(d.toDecimalPlaces(4, Decimal.ROUND_HALF_UP));

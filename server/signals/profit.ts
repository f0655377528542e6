// Profit % in the channel's convention (SPEC §5): the price move from entry to the exit price,
// in percent, times leverage. A signal's realized profit weights each target by its share of
// the position (even split unless given), the rest closing at the stop or the close price.
import { Prisma } from "../db/client";

type TDec = Prisma.Decimal | string | number;
const D = (v: TDec) => new Prisma.Decimal(v);

type TSignalPrices = {
  direction: "LONG" | "SHORT";
  entryLow: TDec;
  entryHigh: TDec;
  targets: TDec[];
  stopLoss: TDec;
  leverage: number;
};

export const entryPrice = (s: Pick<TSignalPrices, "entryLow" | "entryHigh">) => D(s.entryLow).plus(s.entryHigh).div(2);

/** The move from entry to `exit`, in percent of entry, times leverage; negative when it loses. */
export function movePct(s: TSignalPrices, exit: TDec): Prisma.Decimal {
  const entry = entryPrice(s);
  const move = s.direction === "LONG" ? D(exit).minus(entry) : entry.minus(exit);
  return move.div(entry).times(100).times(s.leverage);
}

/** Each target's share of the position; shares sum to exactly 1. */
export function targetShares(count: number, split?: TDec[]): Prisma.Decimal[] {
  if (split && split.length === count) return split.map((p) => D(p).div(100));
  const even = D(1).div(count).toDecimalPlaces(12, Prisma.Decimal.ROUND_DOWN);
  const shares = Array.from({ length: count }, () => even);
  shares[count - 1] = D(1).minus(even.times(count - 1)); // the remainder rides on the last target
  return shares;
}

/**
 * Realized profit % once `targetsHit` targets filled and the rest (if any) exited at `restExit`
 * (the stop, a close price, or the entry when a signal is cancelled without a price).
 */
export function realizedPct(s: TSignalPrices, targetsHit: number, restExit?: TDec): Prisma.Decimal {
  const shares = targetShares(s.targets.length);
  let total = D(0);
  for (let i = 0; i < s.targets.length; i++) {
    if (i < targetsHit) total = total.plus(shares[i]!.times(movePct(s, s.targets[i]!)));
    else if (restExit !== undefined) total = total.plus(shares[i]!.times(movePct(s, restExit)));
  }
  return total.toDecimalPlaces(4, Prisma.Decimal.ROUND_HALF_EVEN);
}

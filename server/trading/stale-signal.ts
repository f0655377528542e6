// The stale-signal guard (issue 6): copying a signal the market has already left buys at a worse
// price than the provider's followers got, or after the move is over. A copy is skipped, with the
// reason recorded, when
//   - the market price already reached TP1 (or is beyond the stop),
//   - the price drifted more than STALE_SIGNAL_DRIFT_PCT from the entry zone (0 inside the zone), or
//   - the signal is older than STALE_SIGNAL_MAX_AGE_MINUTES.
// Without a market price (feed down) only the age is checked: the paper entry then fills at the
// signal's own price. Pure.
import { dec, pct } from "../decimal";

type TDecimalLike = string | { toString(): string };

export type TStaleCheckInput = {
  direction: "LONG" | "SHORT";
  entryLow: TDecimalLike;
  entryHigh: TDecimalLike;
  targets: TDecimalLike[];
  stopLoss: TDecimalLike;
  createdAt: Date;
};

export type TStaleConfig = { maxDriftPct: string; maxAgeMinutes: number };
export type TStaleVerdict = { stale: false } | { stale: true; reason: string };

export function staleSignalVerdict(signal: TStaleCheckInput, price: string | null, now: Date, cfg: TStaleConfig): TStaleVerdict {
  const ageMs = now.getTime() - signal.createdAt.getTime();
  if (ageMs > cfg.maxAgeMinutes * 60_000) {
    return { stale: true, reason: `signal is ${Math.floor(ageMs / 60_000)} minutes old (the limit is ${cfg.maxAgeMinutes})` };
  }
  if (price === null) return { stale: false };
  const p = dec(price);
  const long = signal.direction === "LONG";
  const tp1 = signal.targets[0] === undefined ? null : dec(String(signal.targets[0]));
  if (tp1 && (long ? p.gte(tp1) : p.lte(tp1))) return { stale: true, reason: `the market (${price}) already reached TP1 (${String(signal.targets[0])})` };
  const stop = dec(String(signal.stopLoss));
  if (long ? p.lte(stop) : p.gte(stop)) return { stale: true, reason: `the market (${price}) is already beyond the stop loss (${String(signal.stopLoss)})` };
  const low = dec(String(signal.entryLow));
  const high = dec(String(signal.entryHigh));
  const edge = p.lt(low) ? low : p.gt(high) ? high : null;
  if (edge === null) return { stale: false };
  const drift = p.sub(edge).abs().div(edge).mul(100);
  if (drift.gt(cfg.maxDriftPct)) {
    return { stale: true, reason: `the market (${price}) drifted ${pct(drift)}% from the entry (limit ${cfg.maxDriftPct}%)` };
  }
  return { stale: false };
}

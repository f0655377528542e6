// The collected fields → a signal, or the first reason it is not one. Prices are checked against
// each other (stop beyond entry, targets ordered away from it) so a typo never becomes a trade.
import type { TFields } from "./fields";
import { compareDecimal } from "./numbers";
import { type TDirection, type TParseResult, unparsed } from "./result";
import type { TSymbols } from "./symbols";

export const MAX_TARGETS = 10;

function pickSymbol(s: TSymbols): string | TParseResult {
  const [symbol, second] = s.symbols;
  if (second !== undefined) return unparsed(`several pairs in one post (${s.symbols.join(", ")})`);
  if (symbol !== undefined) return symbol;
  const ticker = s.bare[0];
  return unparsed(ticker ? `$${ticker} has no quote currency (no pair like ${ticker}/USDT)` : "no trading pair");
}

/** Why the fields do not make a signal yet (a missing, unreadable or impossible price), or null. */
export function missingField(f: TFields): string | null {
  if (f.badNumber !== null) return `unreadable number "${f.badNumber}"`;
  if (f.entries.length === 0) return f.seen.E ? "entry has no price" : "no entry price";
  if (f.targets.length === 0) return f.seen.T ? "targets have no price" : "no targets";
  if (f.stops.length === 0) return f.seen.S ? "stop loss has no price" : "no stop loss";
  if (f.targets.length > MAX_TARGETS) return `${f.targets.length} targets (at most ${MAX_TARGETS})`;
  if (f.stops.some((s) => compareDecimal(s, f.stops[0] ?? s) !== 0)) return "conflicting stop losses";
  if ([...f.entries, ...f.targets, ...f.stops].some((p) => compareDecimal(p, "0") === 0)) return "a price of zero";
  return null;
}

function resolveDirection(f: TFields, low: string, high: string, tp1: string): { dir: TDirection } | { why: string } {
  for (const dirs of [f.strongDir, f.weakDir]) {
    if (dirs.size > 1) return { why: "both LONG and SHORT in the post" };
    const [dir] = dirs;
    if (dir !== undefined) return { dir };
  }
  // No side written: the ladder itself says which, and is checked against it below.
  if (compareDecimal(tp1, high) > 0) return { dir: "LONG" };
  if (compareDecimal(tp1, low) < 0) return { dir: "SHORT" };
  return { why: "no direction and the first target is inside the entry zone" };
}

function checkLadder(dir: TDirection, low: string, high: string, targets: string[], sl: string): string | null {
  const up = dir === "LONG";
  const side = up ? 1 : -1;
  if (compareDecimal(sl, up ? low : high) * side >= 0) return `stop loss not ${up ? "below" : "above"} entry for ${dir}`;
  if (compareDecimal(targets[0] ?? "0", up ? high : low) * side <= 0) return `targets not ${up ? "above" : "below"} entry for ${dir}`;
  for (let i = 1; i < targets.length; i++) {
    if (compareDecimal(targets[i] ?? "0", targets[i - 1] ?? "0") * side <= 0) return `targets not ${up ? "ascending" : "descending"} for ${dir}`;
  }
  return null;
}

export function toSignal(f: TFields, symbols: TSymbols): TParseResult {
  const symbol = pickSymbol(symbols);
  if (typeof symbol !== "string") return symbol;
  const missing = missingField(f);
  if (missing !== null) return unparsed(missing);
  const entries = [...f.entries].sort(compareDecimal);
  const low = entries[0] ?? "";
  const high = entries[entries.length - 1] ?? "";
  const stopLoss = f.stops[0] ?? "";
  const side = resolveDirection(f, low, high, f.targets[0] ?? "");
  if ("why" in side) return unparsed(side.why);
  const direction = side.dir;
  const wrong = checkLadder(direction, low, high, f.targets, stopLoss);
  if (wrong !== null) return unparsed(wrong);
  if (f.leverageError !== null) return unparsed(f.leverageError);
  return { kind: "signal", symbol, direction, entryLow: low, entryHigh: high, targets: f.targets, stopLoss, leverage: f.leverage, marginMode: f.margin };
}

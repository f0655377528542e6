// The words that label a signal's fields — entry (E), targets (T), stop loss (S) — in the many
// spellings channels use, and where the label's prices start.
import type { TDirection } from "./result";
import { isPunct, isSmallInt, isWord, punctIn, setOf, skipWords, type TTok, wordIn } from "./tokens";

/**
 * next: the token after the label. numberFirst: the label word is also common prose ("buy",
 * "long", "open"), so it counts only when a price follows. dir: the side the label implies.
 */
export type TLabel = { kind: "E" | "T" | "S"; next: number; numberFirst: boolean; dir?: TDirection };

const ENTRY_QUALIFIERS = setOf("zone", "zones", "price", "prices", "range", "area", "point", "points", "level", "levels", "target", "targets", "order", "orders", "limit", "between", "at", "around", "from");
const BUY_QUALIFIERS = setOf("zone", "price", "range", "area", "between", "at", "around", "from", "limit", "entry", "order", "orders", "near", "under", "above", "below");
const SIDE_ENTRY = setOf("at", "around", "between", "from", "entry", "zone", "near");
const TARGET_QUALIFIERS = setOf("price", "prices", "level", "levels", "zone", "zones", "point", "points", "target", "targets");
const PLURAL_TARGETS = setOf("targets", "tps", "tgts", "profits", "levels", "points", "prices", "zones");
const STOP_QUALIFIERS = setOf("price", "level", "zone", "at", "target", "targets");
const LOSS = setOf("loss", "lose", "losses");
const INDEX_PUNCT = setOf(":", ")", "=", "-", ".", "#");
const ENTRY_INDEX_PUNCT = setOf(":", ")", "=");
const PROFIT_TARGET = setOf("target", "targets");

/** After a singular target label: "TP1", "TP 1:", "Target #2 -" carry the target's number. */
function skipTargetIndex(t: TTok[], j: number): number {
  const k = isPunct(t[j], "#") ? j + 1 : j;
  return isSmallInt(t[k]) ? k + 1 : j;
}

function matchEntry(t: TTok[], i: number, w: string): TLabel {
  const j = skipWords(t, i + 1, ENTRY_QUALIFIERS, 2);
  // "Entry 1: 0.44" numbers the entry; the 1 is not a price.
  const indexed = isSmallInt(t[j]) && punctIn(t[j + 1], ENTRY_INDEX_PUNCT);
  return { kind: "E", next: indexed ? j + 1 : j, numberFirst: w.startsWith("enter") };
}

/** "Short @ 0.165", "Long entry 68000": the side word carries the entry. */
function matchSide(t: TTok[], i: number): TLabel | null {
  const j = isPunct(t[i + 1], "@") ? i + 2 : skipWords(t, i + 1, SIDE_ENTRY, 1);
  return j === i + 1 ? null : { kind: "E", next: j, numberFirst: true };
}

function matchTarget(t: TTok[], i: number): TLabel {
  const plural = wordIn(t[i + 1], PLURAL_TARGETS);
  const j = skipWords(t, i + 1, TARGET_QUALIFIERS, 1);
  return { kind: "T", next: plural ? j : skipTargetIndex(t, j), numberFirst: false };
}

/** "T1: 0.44" only — a lone "t" is too common ("don't") to be a label otherwise. */
function matchGluedTarget(t: TTok[], i: number): TLabel | null {
  const glued = isSmallInt(t[i + 1]) && t[i + 1]?.p === (t[i]?.p ?? 0) + 1;
  return glued && punctIn(t[i + 2], INDEX_PUNCT) ? { kind: "T", next: i + 2, numberFirst: false } : null;
}

function matchTakeProfit(t: TTok[], i: number): TLabel | null {
  let j = isPunct(t[i + 1], "-") ? i + 2 : i + 1;
  if (!isWord(t[j], "profit") && !isWord(t[j], "profits")) return null;
  const plural = t[j]?.s === "profits" || wordIn(t[j + 1], PLURAL_TARGETS);
  j = skipWords(t, j + 1, TARGET_QUALIFIERS, 1);
  return { kind: "T", next: plural ? j : skipTargetIndex(t, j), numberFirst: false };
}

function matchStop(t: TTok[], i: number): TLabel {
  let j = i + 1;
  if (isPunct(t[j], "-") && wordIn(t[j + 1], LOSS)) j += 2;
  else if (wordIn(t[j], LOSS)) j += 1;
  return { kind: "S", next: skipWords(t, j, STOP_QUALIFIERS, 1), numberFirst: false };
}

/** The label that word token i starts, or null. One switch: it runs for every word of a post. */
export function matchLabel(t: TTok[], i: number): TLabel | null {
  const w = t[i]?.s ?? "";
  switch (w) {
    case "entry":
    case "entries":
    case "enter":
    case "entering":
      return matchEntry(t, i, w);
    case "buy":
    case "sell":
      return { kind: "E", next: skipWords(t, i + 1, BUY_QUALIFIERS, 2), numberFirst: true, dir: w === "buy" ? "LONG" : "SHORT" };
    case "long":
    case "short":
      return matchSide(t, i);
    case "open":
    case "opening":
      return { kind: "E", next: isWord(t[i + 1], "price") ? i + 2 : i + 1, numberFirst: true };
    case "target":
    case "tp":
    case "tgt":
      return matchTarget(t, i);
    case "targets":
    case "tps":
    case "tgts":
      return { kind: "T", next: skipWords(t, i + 1, TARGET_QUALIFIERS, 1), numberFirst: false };
    case "t":
      return matchGluedTarget(t, i);
    case "take":
      return matchTakeProfit(t, i);
    case "profit":
      return wordIn(t[i + 1], PROFIT_TARGET) ? matchLabel(t, i + 1) : null;
    case "sl":
    case "stoploss":
      return { kind: "S", next: skipWords(t, i + 1, STOP_QUALIFIERS, 1), numberFirst: false };
    case "stop":
      return matchStop(t, i);
    case "s":
      return isPunct(t[i + 1], "/") && isWord(t[i + 2], "l") ? { kind: "S", next: i + 3, numberFirst: false } : null;
    default:
      return null;
  }
}

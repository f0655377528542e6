// The prices after a label: the rest of its line ("Entry: 0.44 - 0.45"), then the following lines
// that hold nothing but prices (a ladder of targets, one per line, maybe numbered).
import type { TFields } from "./fields";
import type { TLabel } from "./labels";
import { PRICE, readNumber } from "./numbers";
import { EOL, isNum, isPunct, isSmallInt, isWord, NUM, PUNCT, punctIn, setOf, type TTok, wordIn } from "./tokens";

const LEAD_PUNCT = setOf(":", "-", "=", "@", ">", "~", "#", "$", ".", "→", "•", "|");
const LEAD_WORDS = setOf("at", "around", "between", "from", "is", "are", "of", "near", "price", "zone", "level", "in");
const LIST_PUNCT = setOf("-", ",", "/", "|", ";", "~", "&", ">", "→", "$", "+", "•", "=");
const LIST_WORDS = setOf("to", "and", "or", "usdt", "usd", "usdc", "then");

/** The index of the bracket closing the group at j on the same line (within 16 tokens), else -1. */
function skipGroup(t: TTok[], j: number): number {
  const close = t[j]?.s === "[" ? "]" : ")";
  for (let k = j + 1; k < t.length && k <= j + 16; k++) {
    const tok = t[k];
    if (tok === undefined || tok.k === EOL) return -1;
    if (tok.k === PUNCT && tok.s === close) return k;
  }
  return -1;
}

/** Past what stands between a label and its prices: ":", "@", "at", "(USDT)". */
export function skipLead(t: TTok[], j: number): number {
  let k = j;
  for (let guard = 0; guard < 8; guard++) {
    const tok = t[k];
    if (punctIn(tok, LEAD_PUNCT) || wordIn(tok, LEAD_WORDS)) k++;
    else if (isPunct(tok, "(") && skipGroup(t, k) > 0) k = skipGroup(t, k) + 1;
    else break;
  }
  return k;
}

/** A price, not "50%" (a share to sell) or "20x" (leverage). */
export function startsWithPrice(t: TTok[], j: number): boolean {
  return isNum(t[j]) && !isPunct(t[j + 1], "%") && !isWord(t[j + 1], "x");
}

function pushNumber(f: TFields, vals: string[], raw: string): void {
  const read = readNumber(raw, f.commaDecimal);
  if (read === null || !read.every((v) => PRICE.test(v))) f.badNumber ??= raw;
  else vals.push(...read);
}

/** A line-leading item number: "1) 0.432", "1 0.44" (a keycap digit), "1 - 0.44". */
function skipItemIndex(t: TTok[], j: number): number {
  let k = j;
  while (punctIn(t[k], LIST_PUNCT)) k++;
  if (!isSmallInt(t[k])) return k;
  const next = t[k + 1];
  if (isNum(next) && !isPunct(t[k + 2], "%")) return k + 1;
  if (isPunct(next, "-") && isNum(t[k + 2]) && !isSmallInt(t[k + 2])) return k + 2;
  return k;
}

/** Reads the prices on one line from token j; `clean` when nothing but prices and separators. */
function readLine(t: TTok[], j: number, f: TFields, vals: string[]): { end: number; clean: boolean } {
  let k = j;
  for (;;) {
    const tok = t[k];
    if (tok === undefined || tok.k === EOL) return { end: k, clean: true };
    if (tok.k === NUM) {
      const next = t[k + 1];
      if (isPunct(next, "%")) k += 2;
      else if (isWord(next, "x")) return { end: k, clean: false };
      else if (isSmallInt(tok) && (isPunct(next, ")") || isPunct(next, ":") || (isPunct(next, ".") && isNum(t[k + 2])))) k += 2;
      else {
        if (isWord(next, "k") || isWord(next, "m")) f.badNumber ??= tok.s + (next?.s ?? "");
        pushNumber(f, vals, tok.s);
        k++;
      }
    } else if (punctIn(tok, LIST_PUNCT) || wordIn(tok, LIST_WORDS)) k++;
    else if (isPunct(tok, "(") || isPunct(tok, "[")) {
      const close = skipGroup(t, k);
      if (close < 0) return { end: k, clean: false };
      k = close + 1;
    } else return { end: k, clean: false };
  }
}

/** A label's prices: the rest of its line, then following lines that hold only prices. */
export function readValues(t: TTok[], j: number, kind: TLabel["kind"], f: TFields): { vals: string[]; end: number } {
  const vals: string[] = [];
  const first = readLine(t, skipLead(t, j), f, vals);
  let end = first.end;
  let clean = first.clean;
  // A stop loss is one price: only a bare "SL:" line may take its price from the next line.
  while (clean && t[end]?.k === EOL && (kind !== "S" || vals.length === 0)) {
    const more: string[] = [];
    const line = readLine(t, skipItemIndex(t, end + 1), f, more);
    if (!line.clean || more.length === 0) break;
    vals.push(...more);
    end = line.end;
    clean = kind !== "S";
  }
  return { vals, end };
}

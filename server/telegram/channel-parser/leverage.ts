// Leverage ("Lev x12", "Leverage: 10x", "(20x)") and margin mode ("Cross", "Isolated"). The first
// reading wins; a leverage that is written but out of range makes the post unparsed, not 1x.
import type { TFields } from "./fields";
import { EOL, isNum, isPunct, isWord, NUM, punctIn, setOf, type TTok, WORD, wordIn } from "./tokens";

const MAX_LEVERAGE = 200;
const MARGIN_WORDS = setOf("margin", "mode", "type", "leverage", "lev");
const MARGIN_MODES = setOf("cross", "isolated", "isolate");
const LEVERAGE_LEAD = setOf(":", "-", "=", "(");

/** A whole number of times, also as Cornix writes it: "20", "20.0" (not "12.5", "1,000"). */
const WHOLE = /^(\d{1,4})(?:\.0{1,4})?$/;

function setLeverage(f: TFields, tok: TTok | undefined): void {
  if (f.leverage !== null || f.leverageError !== null || tok?.k !== NUM) return;
  const whole = WHOLE.exec(tok.s)?.[1];
  const n = whole === undefined ? NaN : Number(whole);
  if (n >= 1 && n <= MAX_LEVERAGE) f.leverage = n;
  else f.leverageError = whole === undefined ? `leverage not a whole number (${tok.s})` : `leverage out of range (${tok.s})`;
}

/** "Lev x12", "Leverage: 10x", "Leverage: Cross 20x", "Leverage: Cross (20.0X)", "Isolated (10X)", "Long 20x". */
export function noteLeverage(t: TTok[], i: number, f: TFields): void {
  const w = t[i]?.s;
  let j = i + 1;
  if (w === "leverage" || w === "lev") {
    while (punctIn(t[j], LEVERAGE_LEAD)) j++;
    if (wordIn(t[j], MARGIN_MODES)) j++;
    while (isPunct(t[j], "(")) j++;
    if (isWord(t[j], "x")) j++;
    setLeverage(f, t[j]);
    return;
  }
  if (isWord(t[j], "margin")) j++;
  if (isPunct(t[j], "(")) j++;
  if (isWord(t[j], "x") && isNum(t[j + 1])) setLeverage(f, t[j + 1]);
  else if (isNum(t[j]) && isWord(t[j + 1], "x")) setLeverage(f, t[j]);
}

/** "(20x)" or a glued "20x" standing alone: leverage, unless words follow ("5x potential"). */
export function noteBareLeverage(t: TTok[], i: number, f: TFields): void {
  const x = t[i + 1];
  if (!isWord(x, "x") || x?.p !== (t[i]?.p ?? 0) + (t[i]?.s.length ?? 0)) return;
  if (isPunct(t[i - 1], "(") ? isPunct(t[i + 2], ")") : t[i + 2]?.k !== WORD) setLeverage(f, t[i]);
}

export function noteMargin(t: TTok[], i: number, f: TFields): void {
  if (f.margin !== null) return;
  if (t[i]?.s !== "cross") {
    f.margin = "ISOLATED";
    return;
  }
  // "cross" alone is also chart talk ("golden cross"): only its margin-mode spellings count.
  const next = t[i + 1];
  const prev = t[i - 1];
  const before = wordIn(prev, MARGIN_WORDS) || isPunct(prev, ":") || isPunct(prev, "(");
  const after = next === undefined || next.k === EOL || next.k === NUM || isWord(next, "margin") || isWord(next, "x");
  if (before || after || isPunct(next, "(") || isPunct(next, ")")) f.margin = "CROSS";
}

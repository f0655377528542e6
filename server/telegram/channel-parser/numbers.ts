// Prices as written → exact decimal strings, and their comparison. Prices never become JS
// numbers: "0.1 + 0.2" drift or 18-digit meme-coin prices must not change a ladder check.

const CLEAR_DECIMAL_COMMA = /(?<![\d.,])(?:0,\d+|\d+,\d{1,2}|\d+,\d{4,})(?![\d.]|,\d)/;
const DOT_DECIMAL = /(?<![\d.,])\d+\.\d+(?![\d.]|,\d)/;
const THOUSANDS_COMMA = /^\d{1,3}(?:,\d{3})+$/;
const THOUSANDS_DOT = /^\d{1,3}(?:\.\d{3})+$/;
const GROUPED_DOT_DECIMAL = /^\d{1,3}(?:,\d{3})+\.\d+$/;
const GROUPED_COMMA_DECIMAL = /^\d{1,3}(?:\.\d{3})+,\d+$/;
const PLAIN = /^\d+(?:\.\d+)?$/;
/** A decimal string the rest of the system accepts as a price (or a percentage). */
export const PRICE = /^\d{1,15}(?:\.\d{1,18})?$/;

/**
 * Whether every comma in the post is a decimal separator: some comma is clearly one ("0,425",
 * "4,81") and no number is written with a decimal dot.
 */
export function usesDecimalComma(work: string): boolean {
  return CLEAR_DECIMAL_COMMA.test(work) && !DOT_DECIMAL.test(work);
}

/**
 * A number token as written → the decimal strings it stands for (a comma-joined token like
 * "0.44,0.45" is a list), or null when it cannot be read. A comma is a decimal separator only
 * when that is clear: "0,425", "4,81", "4,8125", or every comma in the post is one
 * (`commaDecimal`); otherwise "68,500" is 68500.
 */
export function readNumber(raw: string, commaDecimal: boolean): string[] | null {
  const s = raw.startsWith(".") ? `0${raw}` : raw;
  const comma = s.indexOf(",");
  if (comma < 0) {
    if (s.indexOf(".") === s.lastIndexOf(".")) return [s];
    return commaDecimal && THOUSANDS_DOT.test(s) ? [s.replace(/\./g, "")] : null;
  }
  if (!s.includes(".")) {
    const parts = s.split(",");
    if (parts.length === 2) {
      const [int = "", frac = ""] = parts;
      const grouped = !commaDecimal && frac.length === 3 && int !== "0" && int.length <= 3;
      return [grouped ? int + frac : `${int}.${frac}`];
    }
    return !commaDecimal && THOUSANDS_COMMA.test(s) ? [s.replace(/,/g, "")] : parts;
  }
  if (GROUPED_DOT_DECIMAL.test(s)) return [s.replace(/,/g, "")];
  if (GROUPED_COMMA_DECIMAL.test(s)) return [s.replace(/\./g, "").replace(",", ".")];
  const parts = s.split(",");
  return parts.every((p) => PLAIN.test(p)) ? parts : null;
}

const intLength = (s: string) => {
  const dot = s.indexOf(".");
  return dot < 0 ? s.length : dot;
};

/** Exact comparison of two non-negative decimal strings (digit by digit, no allocation). */
export function compareDecimal(a: string, b: string): number {
  const aDot = intLength(a);
  const bDot = intLength(b);
  let aStart = 0;
  let bStart = 0;
  while (aStart < aDot && a.charCodeAt(aStart) === 48) aStart++;
  while (bStart < bDot && b.charCodeAt(bStart) === 48) bStart++;
  if (aDot - aStart !== bDot - bStart) return aDot - aStart < bDot - bStart ? -1 : 1;
  for (let i = 0; i < aDot - aStart; i++) {
    const d = a.charCodeAt(aStart + i) - b.charCodeAt(bStart + i);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  const width = Math.max(a.length - aDot, b.length - bDot);
  for (let i = 1; i < width; i++) {
    const ca = aDot + i < a.length ? a.charCodeAt(aDot + i) : 48;
    const cb = bDot + i < b.length ? b.charCodeAt(bDot + i) : 48;
    if (ca !== cb) return ca < cb ? -1 : 1;
  }
  return 0;
}

// The layout Cornix popularised ("Signal Posting" in Cornix's help) and most forwarded channels
// use: a title with the pair between emoji ("⚡⚡ #BTC/USDT ⚡⚡"), "Client:" / "Exchanges:" lines,
// "Signal Type: Regular (Long)" or "Trade Type: Regular (Short)", "Leverage: Cross (20.0X)", then
// "Entry Targets:" / "Entry Zone:", "Take-Profit Targets:" and "Stop Targets:" with numbered
// lines ("1) 43000 - 25%"), maybe a "Trailing Configuration:" block.
//
// The field readers already read those blocks (the headers are entry, take-profit and stop
// labels; numbered lines are ladders); this module adds only what the layout itself says: a
// "$BTC" title on a futures layout is the USDT perpetual, a Breakout trade is refused (its entry
// waits for a break of a price; the auto-trader enters at once), Stop Targets hold one price,
// and a near-miss names the missing block by its header.
import { normalizeSymbol } from "../../lib/symbol";
import type { TSymbols } from "./symbols";

/** The "Signal Type" / "Trade Type" line; group 1 is its first word (regular, breakout, or the side). */
const TYPE_LINE = /\b(?:signal|trade) type ?: ?\(? ?(regular|breakout|long|short)\b/;
/** Lines only this layout writes: a Stop Targets header, or Cornix's Client / Exchanges line. */
const LAYOUT_LINE = /\bstop targets?\b|(?:^|\n)(?:client|exchanges) ?:/;
const STOP_HEADER = /\bstop targets? ?:?/;
/** A numbered price in a block: "1) 39000", "2) .0123", "1. 38000" (not the "13.7" of a price). */
const NUMBERED_PRICE = /(?:^|\s)\d{1,2}(?: ?\)|\.\s) ?\.?\d/g;
/** A line that is one price, maybe after a keycap index or before a ratio: "38000", "1 0.154 - 100%". */
const PRICE_LINE = /^(?:\d{1,2} )?\.?\d[\d.,]*(?: ?- ?\d{1,3}(?:\.\d{1,4})? ?%)?$/;
/** How many lines, from the Stop Targets header on, are read for prices (more than one is refused). */
const STOP_BLOCK_LINES = 4;

export type TCornix = { breakout: boolean };

/** The layout's reading of a post, or null when the post is not in this layout. */
export function detectCornix(work: string): TCornix | null {
  const type = TYPE_LINE.exec(work);
  if (type === null && !LAYOUT_LINE.test(work)) return null;
  return { breakout: type?.[1] === "breakout" };
}

/** A lone "$BTC" (no pair anywhere) names the USDT perpetual: the layout is a futures signal. */
export function withCornixQuote(s: TSymbols): TSymbols {
  const [ticker, ...others] = s.bare;
  if (s.symbols.length > 0 || ticker === undefined || others.some((t) => t !== ticker)) return s;
  const symbol = normalizeSymbol(`${ticker}/USDT`);
  return symbol === null ? s : { ...s, symbols: [symbol], bare: [] };
}

/** Prices under the Stop Targets header: on its line, then on the lines that follow. */
function countStopTargets(work: string): number {
  const header = STOP_HEADER.exec(work);
  if (header === null) return 0;
  const lines = work.slice(header.index + header[0].length).split("\n", STOP_BLOCK_LINES);
  let count = 0;
  for (let n = 0; n < lines.length; n++) {
    const line = (lines[n] ?? "").trim();
    const items = line.match(NUMBERED_PRICE)?.length ?? (PRICE_LINE.test(line) ? 1 : 0);
    if (items === 0 && n > 0) break;
    count += items;
  }
  return count;
}

/** Why a complete post in this layout is still not a signal the platform can copy, or null. */
export function cornixRefusal(c: TCornix, work: string): string | null {
  if (c.breakout) return "breakout trade (entry waits for a break of the price; only Regular trades are copied)";
  const stops = countStopTargets(work);
  return stops > 1 ? `${stops} stop targets (one stop price expected)` : null;
}

const MISSING_BLOCK: Readonly<Record<string, string>> = {
  "no stop loss": 'no stop loss (no "Stop Targets" block)',
  "no targets": 'no targets (no "Take-Profit Targets" block)',
  "no entry price": 'no entry price (no "Entry Targets" or "Entry Zone")',
};

/** A generic reason, told in the layout's own headers when it is a missing block. */
export function explainForCornix(reason: string): string {
  return MISSING_BLOCK[reason] ?? reason;
}

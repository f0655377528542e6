// Events on a signal already posted: a target or all targets hit, stop loss hit, cancelled,
// closed — with the target's number and the profit (or loss) percentage when the post says them.
// An "entry target" is an entry order (Cornix's "Entry target 1 ✅" is a fill), never a take-profit.
import { compareDecimal, PRICE, readNumber } from "./numbers";
import { WEAK_AD } from "./non-signals";
import { ignored, type TEventType, type TParseResult, unparsed } from "./result";
import { MAX_TARGETS } from "./signal";
import type { TSymbols } from "./symbols";

const EVENT_PATTERNS: ReadonlyArray<readonly [TEventType, RegExp]> = [
  [
    "ALL_TP",
    /\ball (?:the )?(?:take ?-?profits? |tp |profit )?(?:targets?|tps|take ?-?profits?) (?:are |were |have been |has been |got |is )?(?:hit|reached|achieved|done|completed|smashed|touched|filled|secured|booked)\b|\b(?:hit|reached|achieved|smashed|completed) all (?:the )?(?:targets|tps|take ?-?profits?)\b/,
  ],
  [
    "TP_HIT",
    /(?<!\bentry )\b(?:target|tp|t|take ?-?profit) ?#?(\d{1,3}) (?:is |was |has been |got )?(?:reached|hit|achieved|done|touched|completed|smashed|filled|secured|booked)\b|\b(?:reached|hit|achieved|touched|smashed) (?:the )?(?:target|tp) ?#?(\d{1,3})\b|\btake ?-?profit target (\d{1,3})(?! ?[:=)-]? ?\.?\d)|(?<!\bentry )\b(?:target|tp) ?#?(\d{1,2})(?=\n[^\d.]|$)/,
  ],
  [
    "SL_HIT",
    /\b(?:stop ?-?loss|stoploss|sl|stop target) (?:was |is |has been |got )?(?:hit|reached|triggered|touched|taken|activated|executed)\b|\bstopped out\b|\bhit (?:the |our )?(?:stop ?-?loss|stoploss|sl)\b|(?:^|\n) *(?:§ *)?(?:[-:|] ?)?(?:stop ?-?loss|stoploss)[ !.]*(?=\n|$)/,
  ],
  ["CANCELLED", /(?<!\b(?:be|get|gets|is) )\bcancel(?:l)?(?:ed|ation)\b(?! (?:if|when|unless|once))/],
  [
    "CLOSED",
    /(?<!\bcandles? )\bclosed\b(?! (?:above|below|under|over|at the (?:daily|weekly|monthly|\dh)))|\bclose (?:now|manually|early|it|position|the (?:trade|position))\b/,
  ],
];
/** Event phrases count only in a post's first lines: deeper down they are chatter or a recap. */
const EVENT_HEAD_LINES = 3;

const NUMBER = String.raw`(\d[\d.,]*\d|\d)`;
/** Where a post states its result; the first that matches wins, and -1 marks a loss. */
const PROFIT_PATTERNS: ReadonlyArray<readonly [RegExp, 1 | -1]> = [
  [new RegExp(String.raw`\bprofit(?: collected| secured| booked| made| gained| realized)?(?: of)? ?[:=]? ?([+-]?) ?${NUMBER} ?%`), 1],
  [new RegExp(String.raw`(?<![\w.,])([+-]?)${NUMBER} ?% (?:of )?(?:profit|gain)\b`), 1],
  [new RegExp(String.raw`\bloss(?: of)? ?[:=]? ?([+-]?) ?${NUMBER} ?%`), -1],
  [new RegExp(String.raw`(?<![\w.,])([+-]?)${NUMBER} ?% (?:of )?loss\b`), -1],
  [new RegExp(String.raw`\broi ?[:=]? ?([+-]?) ?${NUMBER} ?%`), 1],
  [new RegExp(String.raw`(?<![\w.,])([+-])${NUMBER} ?%`), 1],
];

/** pos: where the phrase starts, so the caller can tell a signal that follows a recap line. */
export type TEventMatch = { type: TEventType; pos: number; target: number | null };

/** The offset where the head of the post (its first EVENT_HEAD_LINES lines) ends. */
export function headEnd(work: string): number {
  let end = -1;
  for (let line = 0; line < EVENT_HEAD_LINES; line++) {
    end = work.indexOf("\n", end + 1);
    if (end < 0) return work.length;
  }
  return end;
}

/** The earliest event phrase in the head of the post, or null. */
export function detectEvent(work: string): TEventMatch | null {
  const head = work.slice(0, headEnd(work));
  let best: TEventMatch | null = null;
  for (const [type, re] of EVENT_PATTERNS) {
    const m = re.exec(head);
    if (m === null || (best !== null && best.pos <= m.index)) continue;
    const n = m[1] ?? m[2] ?? m[3] ?? m[4];
    best = { type, pos: m.index, target: n === undefined ? null : Number(n) };
  }
  return best;
}

function findProfit(work: string, commaDecimal: boolean): string | null {
  for (const [re, sign] of PROFIT_PATTERNS) {
    const m = re.exec(work);
    if (m === null) continue;
    const read = readNumber(m[2] ?? "", commaDecimal);
    const value = read?.length === 1 ? read[0] : undefined;
    if (value === undefined || !PRICE.test(value)) return null;
    const negative = sign < 0 || m[1] === "-";
    return negative && compareDecimal(value, "0") !== 0 ? `-${value}` : value;
  }
  return null;
}

export function toEvent(event: TEventMatch, s: TSymbols, commaDecimal: boolean): TParseResult {
  if (s.symbols.length > 1) return ignored(`results for several pairs (${s.symbols.join(", ")})`);
  const symbol = s.symbols[0] ?? null;
  if (symbol === null && WEAK_AD.test(s.work)) return ignored("promotion");
  if (event.type === "TP_HIT" && (event.target === null || event.target < 1 || event.target > MAX_TARGETS)) {
    return unparsed(`target number out of range (${event.target ?? "none"})`);
  }
  const target = event.type === "TP_HIT" ? event.target : null;
  return { kind: "event", symbol, type: event.type, target, profitPct: findProfit(s.work, commaDecimal) };
}

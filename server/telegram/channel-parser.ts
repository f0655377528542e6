// Parser for posts in the operator's Telegram source channel (SPEC §5): a post becomes a new
// signal, an event on a signal, a recognised non-signal (ignored) or a near-miss (unparsed, with
// the reason so the listener can log it). Pure and total: no I/O, never throws.
//
// How: normalise the text once (markup, entities, emoji, unicode forms, dashes, case), replace
// trading pairs by a placeholder, cut the rest into number/word/punctuation tokens and read the
// labelled fields (entry, targets, stop loss, leverage) off the tokens. Events and non-signals
// are told apart by a few linear regexes on the normalised text. Prices stay decimal strings and
// are compared exactly. Every regex is compiled once here and has no nested quantifiers, so the
// cost is linear in the post's length.
import { normalizeSymbol } from "../signals/symbol";

export type TParsedSignal = {
  kind: "signal";
  symbol: string;
  direction: "LONG" | "SHORT";
  entryLow: string;
  entryHigh: string;
  targets: string[];
  stopLoss: string;
  leverage: number | null;
  marginMode: "CROSS" | "ISOLATED" | null;
};
export type TEventType = "TP_HIT" | "ALL_TP" | "SL_HIT" | "CANCELLED" | "CLOSED";
export type TParsedEvent = {
  kind: "event";
  symbol: string | null;
  type: TEventType;
  target: number | null;
  profitPct: string | null;
};
export type TParseResult =
  | TParsedSignal
  | TParsedEvent
  | { kind: "ignored"; reason: string }
  | { kind: "unparsed"; reason: string };

type TDirection = "LONG" | "SHORT";

/** Telegram caps a post at 4096 characters; anything far longer is not a channel post. */
const MAX_LENGTH = 16_384;
const MAX_TARGETS = 10;
const MAX_LEVERAGE = 200;

const ignored = (reason: string): TParseResult => ({ kind: "ignored", reason });
const unparsed = (reason: string): TParseResult => ({ kind: "unparsed", reason });

export function parseChannelMessage(text: string): TParseResult {
  try {
    if (typeof text !== "string") return unparsed("not a text message");
    if (text.length > MAX_LENGTH) return unparsed(`message too long (${text.length} characters)`);
    return classify(text);
  } catch (err) {
    return unparsed(`parser error: ${err instanceof Error ? err.message : "unknown"}`);
  }
}

// ---------------------------------------------------------------- normalisation

const MARKDOWN_ESCAPE = /\\([_*[\]()~`>#+\-=|{}.!\\])/g;
const HTML_BREAK = /<br\s*\/?>|<\/p>|<\/div>/gi;
const HTML_TAG = /<\/?[a-z][a-z0-9-]{0,20}(?:\s[^<>]{0,300})?>/gi;
const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]{2,8}));/gi;
const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", ndash: "-", mdash: "-" };
// 🎯/🏹 and ⛔/🛑/🚫 in front of a number are how some channels label targets and stops.
const TARGET_EMOJI = /(?:\u{1F3AF}|\u{1F3F9})\uFE0F? *(?=\.?\d)/gu;
const STOP_EMOJI = /(?:\u26D4|\u{1F6D1}|\u{1F6AB})\uFE0F? *(?=\.?\d)/gu;
const DECORATION =
  /(?:[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{1F1E6}-\u{1F1FF}\u{E0020}-\u{E007F}\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u00AD*`]|\u200D|\uFE0E|\uFE0F|\u20E3)+|~~|\|\|/gu;
const DASHES = /[\u2010-\u2015\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D]/g;
const QUOTES = /[\u2018\u2019\u201B\u2032]/g;
const STRAY_UNDERSCORE = /(?<![a-z0-9])_+|_+(?![a-z0-9])/g;
const ODD_SPACE = /[^\S \n]/g;
const SPACES = / {2,}/g;
const BLANK_LINES = / ?\n[ \n]*/g;
const NON_ASCII = /[\u0080-\uFFFF]/;

function decodeEntity(whole: string, dec?: string, hex?: string, name?: string): string {
  const code = dec ? Number(dec) : hex ? parseInt(hex, 16) : -1;
  if (code >= 0) return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : " ";
  return NAMED_ENTITIES[(name ?? "").toLowerCase()] ?? whole;
}

/** One line per non-empty line, single spaces, lower case, no markup or emoji. */
function normalizeText(raw: string): string {
  let s = raw.replace(/\r\n?/g, "\n").replace(MARKDOWN_ESCAPE, "$1");
  if (s.includes("<")) s = s.replace(HTML_BREAK, "\n").replace(HTML_TAG, " ");
  if (s.includes("&")) s = s.replace(ENTITY, decodeEntity);
  if (NON_ASCII.test(s)) s = s.replace(TARGET_EMOJI, " target ").replace(STOP_EMOJI, " sl ");
  s = s.replace(DECORATION, " ");
  // Most posts are ASCII once the emoji are gone; only the rest pays for NFKC (𝗟𝗢𝗡𝗚, ＥＮＴＲＹ, nbsp).
  if (NON_ASCII.test(s)) s = s.normalize("NFKC").replace(DASHES, "-").replace(QUOTES, "'").replace(ODD_SPACE, " ");
  else s = s.replace(ODD_SPACE, " ");
  s = s.toLowerCase().replace(STRAY_UNDERSCORE, " ").replace(SPACES, " ").replace(BLANK_LINES, "\n");
  return s.trim();
}

// ---------------------------------------------------------------- symbols

// A pair with a separator (btc/usdt, btc-usdt, 1000pepe_usdt, eth/btc) or glued to a stablecoin
// quote (btcusdt, btcusdt.p). The base must hold a letter, so "4.80 - btc" is not a pair and
// "1000usdt" is an amount.
const PAIR =
  /(?<![a-z0-9.,/])[#$]?(?:([a-z0-9]{1,20}) ?[/\-_] ?(usdt|usdc|busd|fdusd|usd|btc|eth)(?::usdt|:usdc)?|([a-z0-9]{1,20})(usdt|usdc|busd|fdusd))(?:\.p|[-_]?perp(?:etual)?)?(?![a-z0-9])/g;
const BARE_TICKER = /(?<![a-z0-9])\$([a-z][a-z0-9]{1,14})(?![a-z0-9/])/g;
const HAS_LETTER = /[a-z]/;
/** What a pair becomes in the text the rest of the parser reads. */
const SYMBOL_MARK = " § ";

type TSymbols = { work: string; symbols: string[]; bare: string[] };

function extractSymbols(text: string): TSymbols {
  const symbols: string[] = [];
  const bare: string[] = [];
  let work = text.replace(PAIR, (whole: string, base?: string, quote?: string, gluedBase?: string, gluedQuote?: string) => {
    const b = base ?? gluedBase ?? "";
    const symbol = HAS_LETTER.test(b) ? normalizeSymbol(`${b}/${quote ?? gluedQuote ?? ""}`) : null;
    if (!symbol) return whole;
    if (!symbols.includes(symbol)) symbols.push(symbol);
    return SYMBOL_MARK;
  });
  if (work.includes("$")) {
    work = work.replace(BARE_TICKER, (_whole: string, ticker: string) => {
      bare.push(ticker.toUpperCase());
      return SYMBOL_MARK;
    });
  }
  return { work, symbols, bare };
}

// ---------------------------------------------------------------- numbers

const CLEAR_DECIMAL_COMMA = /(?<![\d.,])(?:0,\d+|\d+,\d{1,2}|\d+,\d{4,})(?![\d.]|,\d)/;
const DOT_DECIMAL = /(?<![\d.,])\d+\.\d+(?![\d.]|,\d)/;
const THOUSANDS_COMMA = /^\d{1,3}(?:,\d{3})+$/;
const THOUSANDS_DOT = /^\d{1,3}(?:\.\d{3})+$/;
const GROUPED_DOT_DECIMAL = /^\d{1,3}(?:,\d{3})+\.\d+$/;
const GROUPED_COMMA_DECIMAL = /^\d{1,3}(?:\.\d{3})+,\d+$/;
const PLAIN = /^\d+(?:\.\d+)?$/;
const PRICE = /^\d{1,15}(?:\.\d{1,18})?$/;

/**
 * A number token as written → the decimal strings it stands for (a comma-joined token like
 * "0.44,0.45" is a list), or null when it cannot be read. A comma is a decimal separator only
 * when that is clear: "0,425", "4,81", "4,8125", or every comma in the post is one
 * (`commaDecimal`); otherwise "68,500" is 68500.
 */
function readNumber(raw: string, commaDecimal: boolean): string[] | null {
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
function compareDecimal(a: string, b: string): number {
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

// ---------------------------------------------------------------- tokens

const NUM = 0;
const WORD = 1;
const PUNCT = 2;
const EOL = 3;
type TTok = { k: number; s: string; p: number };
const TOKEN = /(\d[\d.,]*\d|\d|\.\d+)|([a-z]+)|(\n)|([^\s\da-z])/g;
const SMALL_INT = /^(?:[1-9]|1\d|20)$/;

function tokenize(work: string): TTok[] {
  const out: TTok[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(work); m !== null; m = TOKEN.exec(work)) {
    const k = m[1] !== undefined ? NUM : m[2] !== undefined ? WORD : m[3] !== undefined ? EOL : PUNCT;
    out.push({ k, s: m[0], p: m.index });
  }
  return out;
}

const isWord = (t: TTok | undefined, w: string) => t !== undefined && t.k === WORD && t.s === w;
const isPunct = (t: TTok | undefined, c: string) => t !== undefined && t.k === PUNCT && t.s === c;
const wordIn = (t: TTok | undefined, set: ReadonlySet<string>) => t !== undefined && t.k === WORD && set.has(t.s);
const punctIn = (t: TTok | undefined, set: ReadonlySet<string>) => t !== undefined && t.k === PUNCT && set.has(t.s);
const isSmallInt = (t: TTok | undefined) => t !== undefined && t.k === NUM && SMALL_INT.test(t.s);
const isNum = (t: TTok | undefined) => t !== undefined && t.k === NUM;

// ---------------------------------------------------------------- signal fields

type TFields = {
  commaDecimal: boolean;
  entries: string[];
  targets: string[];
  stops: string[];
  seen: { E: boolean; T: boolean; S: boolean };
  /** Offset of the first label that carried a price: where the signal starts. */
  firstPos: number;
  strongDir: Set<TDirection>;
  weakDir: Set<TDirection>;
  leverage: number | null;
  leverageError: string | null;
  margin: "CROSS" | "ISOLATED" | null;
  badNumber: string | null;
};
type TLabel = { kind: "E" | "T" | "S"; next: number; numberFirst: boolean; dir?: TDirection };

const set = (...words: string[]): ReadonlySet<string> => new Set(words);
const ENTRY_QUALIFIERS = set("zone", "zones", "price", "prices", "range", "area", "point", "points", "level", "levels", "target", "targets", "order", "orders", "limit", "between", "at", "around", "from");
const BUY_QUALIFIERS = set("zone", "price", "range", "area", "between", "at", "around", "from", "limit", "entry", "order", "orders", "near", "under", "above", "below");
const SIDE_ENTRY = set("at", "around", "between", "from", "entry", "zone", "near");
const TARGET_QUALIFIERS = set("price", "prices", "level", "levels", "zone", "zones", "point", "points", "target", "targets");
const PLURAL_TARGETS = set("targets", "tps", "tgts", "profits", "levels", "points", "prices", "zones");
const STOP_QUALIFIERS = set("price", "level", "zone", "at", "target", "targets");
const LOSS = set("loss", "lose", "losses");
const LEAD_PUNCT = set(":", "-", "=", "@", ">", "~", "#", "$", ".", "→", "•", "|");
const LEAD_WORDS = set("at", "around", "between", "from", "is", "are", "of", "near", "price", "zone", "level", "in");
const LIST_PUNCT = set("-", ",", "/", "|", ";", "~", "&", ">", "→", "$", "+", "•", "=");
const LIST_WORDS = set("to", "and", "or", "usdt", "usd", "usdc", "then");
const INDEX_PUNCT = set(":", ")", "=", "-", ".", "#");
const ENTRY_INDEX_PUNCT = set(":", ")", "=");
const NOT_DIRECTION_AFTER = set("term", "terms", "squeeze", "ratio");
const NOT_SIDE_AFTER = set("targets", "target", "tp", "tps", "tgt", "half", "some", "partial", "partials", "the", "all", "rest");
const NOT_DIRECTION_BEFORE = set("as", "how", "too", "so");
const MARGIN_WORDS = set("margin", "mode", "type", "leverage", "lev");
const MARGIN_MODES = set("cross", "isolated", "isolate");
const LEVERAGE_LEAD = set(":", "-", "=", "(");
const PROFIT_TARGET = set("target", "targets");

function skipWords(t: TTok[], j: number, words: ReadonlySet<string>, max: number): number {
  let k = j;
  while (k - j < max && wordIn(t[k], words)) k++;
  return k;
}

/** After a singular target label: "TP1", "TP 1:", "Target #2 -" carry the target's number. */
function skipTargetIndex(t: TTok[], j: number): number {
  const k = isPunct(t[j], "#") ? j + 1 : j;
  return isSmallInt(t[k]) ? k + 1 : j;
}

function matchTakeProfit(t: TTok[], i: number): TLabel | null {
  let j = isPunct(t[i + 1], "-") ? i + 2 : i + 1;
  if (!isWord(t[j], "profit") && !isWord(t[j], "profits")) return null;
  const plural = t[j]?.s === "profits" || wordIn(t[j + 1], PLURAL_TARGETS);
  j = skipWords(t, j + 1, TARGET_QUALIFIERS, 1);
  return { kind: "T", next: plural ? j : skipTargetIndex(t, j), numberFirst: false };
}

function matchLabel(t: TTok[], i: number): TLabel | null {
  const w = t[i]?.s ?? "";
  switch (w) {
    case "entry":
    case "entries":
    case "enter":
    case "entering": {
      const j = skipWords(t, i + 1, ENTRY_QUALIFIERS, 2);
      const indexed = isSmallInt(t[j]) && punctIn(t[j + 1], ENTRY_INDEX_PUNCT);
      return { kind: "E", next: indexed ? j + 1 : j, numberFirst: w.startsWith("enter") };
    }
    case "buy":
    case "sell":
      return { kind: "E", next: skipWords(t, i + 1, BUY_QUALIFIERS, 2), numberFirst: true, dir: w === "buy" ? "LONG" : "SHORT" };
    case "long":
    case "short": {
      // "Short @ 0.165", "Long entry 68000": the side word carries the entry.
      const j = isPunct(t[i + 1], "@") ? i + 2 : skipWords(t, i + 1, SIDE_ENTRY, 1);
      return j === i + 1 ? null : { kind: "E", next: j, numberFirst: true };
    }
    case "open":
    case "opening":
      return { kind: "E", next: isWord(t[i + 1], "price") ? i + 2 : i + 1, numberFirst: true };
    case "target":
    case "tp":
    case "tgt": {
      const plural = wordIn(t[i + 1], PLURAL_TARGETS);
      const j = skipWords(t, i + 1, TARGET_QUALIFIERS, 1);
      return { kind: "T", next: plural ? j : skipTargetIndex(t, j), numberFirst: false };
    }
    case "targets":
    case "tps":
    case "tgts":
      return { kind: "T", next: skipWords(t, i + 1, TARGET_QUALIFIERS, 1), numberFirst: false };
    case "t": {
      // "T1: 0.44" only — a lone "t" is too common ("don't") to be a label otherwise.
      const glued = isSmallInt(t[i + 1]) && t[i + 1]?.p === (t[i]?.p ?? 0) + 1;
      return glued && punctIn(t[i + 2], INDEX_PUNCT) ? { kind: "T", next: i + 2, numberFirst: false } : null;
    }
    case "take":
      return matchTakeProfit(t, i);
    case "profit":
      return wordIn(t[i + 1], PROFIT_TARGET) ? matchLabel(t, i + 1) : null;
    case "sl":
    case "stoploss":
      return { kind: "S", next: skipWords(t, i + 1, STOP_QUALIFIERS, 1), numberFirst: false };
    case "stop": {
      let j = i + 1;
      if (isPunct(t[j], "-") && wordIn(t[j + 1], LOSS)) j += 2;
      else if (wordIn(t[j], LOSS)) j += 1;
      return { kind: "S", next: skipWords(t, j, STOP_QUALIFIERS, 1), numberFirst: false };
    }
    case "s":
      return isPunct(t[i + 1], "/") && isWord(t[i + 2], "l") ? { kind: "S", next: i + 3, numberFirst: false } : null;
    default:
      return null;
  }
}

function skipGroup(t: TTok[], j: number): number {
  const close = t[j]?.s === "[" ? "]" : ")";
  for (let k = j + 1; k < t.length && k <= j + 16; k++) {
    const tok = t[k];
    if (tok === undefined || tok.k === EOL) return -1;
    if (tok.k === PUNCT && tok.s === close) return k;
  }
  return -1;
}

function skipLead(t: TTok[], j: number): number {
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
function startsWithPrice(t: TTok[], j: number): boolean {
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
function readValues(t: TTok[], j: number, kind: TLabel["kind"], f: TFields): { vals: string[]; end: number } {
  const vals: string[] = [];
  const first = readLine(t, skipLead(t, j), f, vals);
  let end = first.end;
  let clean = first.clean;
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

function setLeverage(f: TFields, tok: TTok | undefined): void {
  if (f.leverage !== null || f.leverageError !== null || tok?.k !== NUM) return;
  const n = Number(tok.s);
  if (Number.isInteger(n) && n >= 1 && n <= MAX_LEVERAGE && /^\d+$/.test(tok.s)) f.leverage = n;
  else f.leverageError = `leverage out of range (${tok.s})`;
}

/** "Lev x12", "Leverage: 10x", "Leverage: Cross 20x", "Cross 20x", "Isolated (10X)", "Long 20x". */
function noteLeverage(t: TTok[], i: number, f: TFields): void {
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
function noteBareLeverage(t: TTok[], i: number, f: TFields): void {
  const x = t[i + 1];
  if (!isWord(x, "x") || x?.p !== (t[i]?.p ?? 0) + (t[i]?.s.length ?? 0)) return;
  if (isPunct(t[i - 1], "(") ? isPunct(t[i + 2], ")") : t[i + 2]?.k !== WORD) setLeverage(f, t[i]);
}

function noteMargin(t: TTok[], i: number, f: TFields): void {
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

function noteDirection(t: TTok[], i: number, f: TFields): void {
  const w = t[i]?.s;
  if (w === "long" || w === "short") {
    const after = isPunct(t[i + 1], "-") ? t[i + 2] : t[i + 1];
    if (wordIn(after, NOT_DIRECTION_AFTER) || wordIn(t[i - 1], NOT_DIRECTION_BEFORE)) return;
    f.strongDir.add(w === "long" ? "LONG" : "SHORT");
    noteLeverage(t, i, f);
  } else if (w === "buy" || w === "sell") {
    // "Sell 50% at TP1", "sell targets" are about taking profit, not the side of the trade.
    if ((isNum(t[i + 1]) && isPunct(t[i + 2], "%")) || wordIn(t[i + 1], NOT_SIDE_AFTER)) return;
    f.weakDir.add(w === "buy" ? "LONG" : "SHORT");
  }
}

function noteWord(t: TTok[], i: number, f: TFields): void {
  switch (t[i]?.s) {
    case "long":
    case "short":
    case "buy":
    case "sell":
      return noteDirection(t, i, f);
    case "lev":
    case "leverage":
      return noteLeverage(t, i, f);
    case "cross":
    case "isolated":
    case "isolate":
      noteMargin(t, i, f);
      return noteLeverage(t, i, f);
  }
}

function extractFields(t: TTok[], commaDecimal: boolean): TFields {
  const f: TFields = {
    commaDecimal, entries: [], targets: [], stops: [], seen: { E: false, T: false, S: false }, firstPos: Infinity,
    strongDir: new Set(), weakDir: new Set(), leverage: null, leverageError: null, margin: null, badNumber: null,
  };
  for (let i = 0; i < t.length; i++) {
    const tok = t[i];
    if (tok === undefined) break;
    if (tok.k === NUM) noteBareLeverage(t, i, f);
    if (tok.k !== WORD) continue;
    noteWord(t, i, f);
    const label = matchLabel(t, i);
    if (label === null || (label.numberFirst && !startsWithPrice(t, skipLead(t, label.next)))) continue;
    const { vals, end } = readValues(t, label.next, label.kind, f);
    f.seen[label.kind] = true;
    if (vals.length > 0) f.firstPos = Math.min(f.firstPos, tok.p);
    if (label.kind === "E") f.entries.push(...vals);
    else if (label.kind === "T") f.targets.push(...vals);
    else if (vals[0] !== undefined) f.stops.push(vals[0]);
    if (label.dir && vals.length > 0) f.weakDir.add(label.dir);
    i = Math.max(i, end - 1);
  }
  return f;
}

// ---------------------------------------------------------------- signals

function pickSymbol(s: TSymbols): string | TParseResult {
  const [symbol, second] = s.symbols;
  if (second !== undefined) return unparsed(`several pairs in one post (${s.symbols.join(", ")})`);
  if (symbol !== undefined) return symbol;
  const ticker = s.bare[0];
  return unparsed(ticker ? `$${ticker} has no quote currency (no pair like ${ticker}/USDT)` : "no trading pair");
}

function missingField(f: TFields): string | null {
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

function toSignal(f: TFields, symbols: TSymbols): TParseResult {
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

// ---------------------------------------------------------------- events and non-signals

const EVENT_PATTERNS: ReadonlyArray<readonly [TEventType, RegExp]> = [
  [
    "ALL_TP",
    /\ball (?:the )?(?:take ?-?profits? |tp |profit )?(?:targets?|tps|take ?-?profits?) (?:are |were |have been |has been |got |is )?(?:hit|reached|achieved|done|completed|smashed|touched|filled|secured|booked)\b|\b(?:hit|reached|achieved|smashed|completed) all (?:the )?(?:targets|tps|take ?-?profits?)\b/,
  ],
  [
    "TP_HIT",
    /\b(?:target|tp|t|take ?-?profit) ?#?(\d{1,3}) (?:is |was |has been |got )?(?:reached|hit|achieved|done|touched|completed|smashed|filled|secured|booked)\b|\b(?:reached|hit|achieved|touched|smashed) (?:the )?(?:target|tp) ?#?(\d{1,3})\b|\btake ?-?profit target (\d{1,3})(?! ?[:=)-]? ?\.?\d)|\b(?:target|tp) ?#?(\d{1,2})(?=\n[^\d.]|$)/,
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

const SUMMARY =
  /\blast \d{1,3} ?(?:hours?|hrs?|h|days?|d|weeks?) (?:results?|performance|report|recap)|\b(?:daily|weekly|monthly|today's|yesterday's|today|yesterday) (?:results?|report|performance|recap|summary)\b|\bwin ?rate\b|\bsignal calls\b|\bresults? (?:summary|recap)\b|\btotal (?:profit|signals|calls)\b|\baccuracy ?:/;
const TEASER =
  /\bdetails (?:are )?(?:visible|available|shown|only) (?:for|to|in)\b|\bnew #?crypto #?signal open\b|\b(?:vip|premium) members only\b|\bunlock (?:the )?(?:full )?signal\b/;
const REMINDER =
  /\b(?:near|nearing|approaching|close to|reached|touched|hit|entering) (?:the |our )?entry\b|\bentry (?:zone |point |price )?(?:reached|hit|touched|filled|activated|triggered)\b/;
const STRONG_AD =
  /\b(?:giveaway|referral|ref link|promo ?code|discount|sign ?up|airdrop|free (?:vip|trial|signals?|access|membership)|limited (?:offer|time|spots|seats)|indicator|bonus|coupon)\b|\d ?% off\b/;
const WEAK_AD = /\b(?:join|subscribe|register|contact|dm (?:me|us)|link in bio|vip access)\b|t\.me\//;

const NUMBER = String.raw`(\d[\d.,]*\d|\d)`;
const PROFIT_PATTERNS: ReadonlyArray<readonly [RegExp, 1 | -1]> = [
  [new RegExp(String.raw`\bprofit(?: collected| secured| booked| made| gained| realized)?(?: of)? ?[:=]? ?([+-]?) ?${NUMBER} ?%`), 1],
  [new RegExp(String.raw`(?<![\w.,])([+-]?)${NUMBER} ?% (?:of )?(?:profit|gain)\b`), 1],
  [new RegExp(String.raw`\bloss(?: of)? ?[:=]? ?([+-]?) ?${NUMBER} ?%`), -1],
  [new RegExp(String.raw`(?<![\w.,])([+-]?)${NUMBER} ?% (?:of )?loss\b`), -1],
  [new RegExp(String.raw`\broi ?[:=]? ?([+-]?) ?${NUMBER} ?%`), 1],
  [new RegExp(String.raw`(?<![\w.,])([+-])${NUMBER} ?%`), 1],
];

type TEventMatch = { type: TEventType; pos: number; target: number | null };

function headEnd(work: string): number {
  let end = -1;
  for (let line = 0; line < EVENT_HEAD_LINES; line++) {
    end = work.indexOf("\n", end + 1);
    if (end < 0) return work.length;
  }
  return end;
}

function detectEvent(work: string): TEventMatch | null {
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

function toEvent(event: TEventMatch, s: TSymbols, commaDecimal: boolean): TParseResult {
  if (s.symbols.length > 1) return ignored(`results for several pairs (${s.symbols.join(", ")})`);
  const symbol = s.symbols[0] ?? null;
  if (symbol === null && WEAK_AD.test(s.work)) return ignored("promotion");
  if (event.type === "TP_HIT" && (event.target === null || event.target < 1 || event.target > MAX_TARGETS)) {
    return unparsed(`target number out of range (${event.target ?? "none"})`);
  }
  const target = event.type === "TP_HIT" ? event.target : null;
  return { kind: "event", symbol, type: event.type, target, profitPct: findProfit(s.work, commaDecimal) };
}

function whyNotASignal(f: TFields, s: TSymbols): string {
  if (s.symbols.length === 0) return s.bare[0] ? `$${s.bare[0]} has no quote currency` : "no trading pair";
  return missingField(f) ?? "incomplete signal";
}

function classify(text: string): TParseResult {
  const norm = normalizeText(text);
  if (norm === "") return ignored("empty message");
  const symbols = extractSymbols(norm);
  const work = symbols.work;
  if (SUMMARY.test(work)) return ignored("results summary");
  if (TEASER.test(work)) return ignored("TRIAL teaser (details for VIP only)");
  const commaDecimal = CLEAR_DECIMAL_COMMA.test(work) && !DOT_DECIMAL.test(work);
  const f = extractFields(tokenize(work), commaDecimal);
  const event = detectEvent(work);
  const hasE = f.entries.length > 0;
  const hasT = f.targets.length > 0;
  const hasS = f.stops.length > 0;
  const reminder = REMINDER.test(work.slice(0, headEnd(work)));
  const complete = (hasE && (hasT || hasS)) || (hasT && hasS);
  if (complete && !reminder && (event === null || f.firstPos < event.pos)) return toSignal(f, symbols);
  if (STRONG_AD.test(work)) return ignored("promotion");
  if (event !== null) return toEvent(event, symbols, commaDecimal);
  if (reminder) return ignored("entry reminder or fill notice");
  const sided = f.strongDir.size > 0 || f.weakDir.size > 0;
  if ((hasE || hasT || hasS) && (symbols.symbols.length > 0 || sided)) return unparsed(whyNotASignal(f, symbols));
  if (WEAK_AD.test(work)) return ignored("promotion");
  return ignored("no signal or event");
}

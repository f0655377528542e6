// Text clean-up, done once per post so every later step reads plain lower-case ASCII-ish lines:
// Markdown escapes, HTML tags and entities, emoji, invisible characters, unicode look-alikes
// (𝗟𝗢𝗡𝗚, ＥＮＴＲＹ, nbsp), dashes and quotes.

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
export function normalizeText(raw: string): string {
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

// Parser for posts in the operator's Telegram source channel (SPEC §5). Pure and total: no I/O,
// never throws — a post it cannot read comes back "unparsed" with the reason.
//
// How: normalise the text once (normalize-text), replace trading pairs by a placeholder
// (symbols), cut the rest into tokens (tokens) and read the labelled fields — entry, targets,
// stop loss, side, leverage — off them in one pass (read-fields). Events and non-signals are told
// apart by a few linear regexes (events, non-signals), a known layout adds its own rules (cornix),
// and classify decides. Prices stay decimal strings compared exactly (numbers). Every regex is
// compiled once at module load and has no nested quantifiers, so the cost is linear in the
// post's length.
import { classify } from "./classify";
import { type TParseResult, unparsed } from "./result";

export type { TParsedEvent, TParsedSignal, TParseResult } from "./result";

/** Telegram caps a post at 4096 characters; anything far longer is not a channel post. */
const MAX_LENGTH = 16_384;

export function parseChannelMessage(text: string): TParseResult {
  try {
    if (typeof text !== "string") return unparsed("not a text message");
    if (text.length > MAX_LENGTH) return unparsed(`message too long (${text.length} characters)`);
    return classify(text);
  } catch (err) {
    return unparsed(`parser error: ${err instanceof Error ? err.message : "unknown"}`);
  }
}

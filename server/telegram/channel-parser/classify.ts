// The decision over one post: which of signal, event, ignored or unparsed it is. The order of the
// checks is the policy — a complete signal beats an event phrase that comes after it, adverts
// beat events, and a near-miss (prices plus a pair or a side) is unparsed with its reason rather
// than ignored, so the operator sees what the parser could not read. A post in a known layout
// (cornix) gets that layout's own rules on top of the field readers.
import { cornixRefusal, detectCornix, explainForCornix, withCornixQuote } from "./cornix";
import { detectEvent, headEnd, toEvent } from "./events";
import type { TFields } from "./fields";
import { normalizeText } from "./normalize-text";
import { REMINDER, STRONG_AD, SUMMARY, TEASER, WEAK_AD } from "./non-signals";
import { usesDecimalComma } from "./numbers";
import { extractFields } from "./read-fields";
import { ignored, type TParseResult, unparsed } from "./result";
import { missingField, toSignal } from "./signal";
import { extractSymbols, type TSymbols } from "./symbols";
import { tokenize } from "./tokens";

function whyNotASignal(f: TFields, s: TSymbols): string {
  if (s.symbols.length === 0) return s.bare[0] ? `$${s.bare[0]} has no quote currency` : "no trading pair";
  return missingField(f) ?? "incomplete signal";
}

/** A complete post → a signal, or unparsed with the first reason (the layout's own rules first). */
function asSignal(f: TFields, s: TSymbols, work: string): TParseResult {
  const cornix = detectCornix(work);
  if (cornix === null) return toSignal(f, s);
  const refusal = cornixRefusal(cornix, work);
  if (refusal !== null) return unparsed(refusal);
  const result = toSignal(f, withCornixQuote(s));
  return result.kind === "unparsed" ? unparsed(explainForCornix(result.reason)) : result;
}

function nearMissReason(f: TFields, s: TSymbols, work: string): string {
  return detectCornix(work) === null ? whyNotASignal(f, s) : explainForCornix(whyNotASignal(f, withCornixQuote(s)));
}

export function classify(text: string): TParseResult {
  const norm = normalizeText(text);
  if (norm === "") return ignored("empty message");
  const symbols = extractSymbols(norm);
  const work = symbols.work;
  if (SUMMARY.test(work)) return ignored("results summary");
  if (TEASER.test(work)) return ignored("TRIAL teaser (details for VIP only)");
  const commaDecimal = usesDecimalComma(work);
  const f = extractFields(tokenize(work), commaDecimal);
  const event = detectEvent(work);
  const hasE = f.entries.length > 0;
  const hasT = f.targets.length > 0;
  const hasS = f.stops.length > 0;
  const reminder = REMINDER.test(work.slice(0, headEnd(work)));
  const complete = (hasE && (hasT || hasS)) || (hasT && hasS);
  if (complete && !reminder && (event === null || f.firstPos < event.pos)) return asSignal(f, symbols, work);
  if (STRONG_AD.test(work)) return ignored("promotion");
  if (event !== null) return toEvent(event, symbols, commaDecimal);
  if (reminder) return ignored("entry reminder or fill notice");
  const sided = f.strongDir.size > 0 || f.weakDir.size > 0;
  if ((hasE || hasT || hasS) && (symbols.symbols.length > 0 || sided)) return unparsed(nearMissReason(f, symbols, work));
  if (WEAK_AD.test(work)) return ignored("promotion");
  return ignored("no signal or event");
}

// What the field readers could read off a post the parser did not accept, for the review queue's
// pre-filled signal form: the first pair, the side if only one was written, the prices as
// labelled, the leverage. Nothing is checked here — the operator corrects the draft and the signal
// schema decides, as for any signal typed by hand.
import { normalizeText } from "./normalize-text";
import { usesDecimalComma } from "./numbers";
import { extractFields } from "./read-fields";
import type { TDirection } from "./result";
import { extractSymbols } from "./symbols";
import { tokenize } from "./tokens";

export type TSignalDraftFields = {
  symbol: string | null;
  direction: TDirection | null;
  entries: string[];
  targets: string[];
  stopLoss: string | null;
  leverage: number | null;
};

const EMPTY: TSignalDraftFields = { symbol: null, direction: null, entries: [], targets: [], stopLoss: null, leverage: null };

/** Total like the parser: any text gives a draft, possibly empty. */
export function draftSignalFields(text: string): TSignalDraftFields {
  try {
    if (typeof text !== "string" || text.length > 16_384) return EMPTY;
    const symbols = extractSymbols(normalizeText(text));
    const f = extractFields(tokenize(symbols.work), usesDecimalComma(symbols.work));
    const sides = f.strongDir.size > 0 ? f.strongDir : f.weakDir;
    return {
      symbol: symbols.symbols[0] ?? (symbols.bare[0] ? `${symbols.bare[0]}USDT` : null),
      direction: sides.size === 1 ? ([...sides][0] ?? null) : null,
      entries: f.entries.slice(0, 2),
      targets: f.targets.slice(0, 10),
      stopLoss: f.stops[0] ?? null,
      leverage: f.leverage,
    };
  } catch {
    return EMPTY;
  }
}

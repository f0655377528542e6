// One pass over a post's tokens that reads every signal field: labelled prices, side, leverage
// and margin mode.
import { noteDirection } from "./direction";
import { newFields, type TFields } from "./fields";
import { matchLabel } from "./labels";
import { noteBareLeverage, noteLeverage, noteMargin } from "./leverage";
import { readValues, skipLead, startsWithPrice } from "./prices";
import { NUM, type TTok, WORD } from "./tokens";

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

export function extractFields(t: TTok[], commaDecimal: boolean): TFields {
  const f = newFields(commaDecimal);
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
    // Go on after the prices just read: a number in a ladder is not bare leverage, nor a word in it a label.
    i = Math.max(i, end - 1);
  }
  return f;
}

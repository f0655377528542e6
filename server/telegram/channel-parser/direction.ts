// The side of the trade as the words say it: "long"/"short" (strong) or "buy"/"sell" (weak, as
// those also describe taking profit). Posts without either get their side from the ladder.
import type { TFields } from "./fields";
import { noteLeverage } from "./leverage";
import { isNum, isPunct, setOf, type TTok, wordIn } from "./tokens";

const NOT_DIRECTION_AFTER = setOf("term", "terms", "squeeze", "ratio");
const NOT_SIDE_AFTER = setOf("targets", "target", "tp", "tps", "tgt", "half", "some", "partial", "partials", "the", "all", "rest");
const NOT_DIRECTION_BEFORE = setOf("as", "how", "too", "so");

export function noteDirection(t: TTok[], i: number, f: TFields): void {
  const w = t[i]?.s;
  if (w === "long" || w === "short") {
    // "long term", "short squeeze", "as long as" are not the side of a trade.
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

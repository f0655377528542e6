// What the field readers collect from one post, before it is judged a signal or not.
import type { TDirection } from "./result";

export type TFields = {
  /** Every comma in the post is a decimal separator (see usesDecimalComma). */
  commaDecimal: boolean;
  entries: string[];
  targets: string[];
  stops: string[];
  /** A label was written, with or without a price: tells "no entry" from "entry has no price". */
  seen: { E: boolean; T: boolean; S: boolean };
  /** Offset of the first label that carried a price: where the signal starts. */
  firstPos: number;
  /** The side as written ("long", "short") wins over the side implied ("buy", "sell"). */
  strongDir: Set<TDirection>;
  weakDir: Set<TDirection>;
  leverage: number | null;
  leverageError: string | null;
  margin: "CROSS" | "ISOLATED" | null;
  /** The first number that could not be read; one is enough to refuse the post. */
  badNumber: string | null;
};

export function newFields(commaDecimal: boolean): TFields {
  return {
    commaDecimal, entries: [], targets: [], stops: [], seen: { E: false, T: false, S: false }, firstPos: Infinity,
    strongDir: new Set(), weakDir: new Set(), leverage: null, leverageError: null, margin: null, badNumber: null,
  };
}

// What a post becomes (SPEC §5): a new signal, an event on a signal, a recognised non-signal
// (ignored) or a near-miss (unparsed, with the reason so the listener can log it).

export type TDirection = "LONG" | "SHORT";

export type TParsedSignal = {
  kind: "signal";
  symbol: string;
  direction: TDirection;
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

export const ignored = (reason: string): TParseResult => ({ kind: "ignored", reason });
export const unparsed = (reason: string): TParseResult => ({ kind: "unparsed", reason });

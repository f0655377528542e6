// What the parser read off a refused post (server/telegram/channel-parser/draft.ts) → the signal
// form's fields. Only shaping: two entry prices make a zone, nothing read stays empty for the
// operator to fill in, and the form's own check decides what is valid.
import { EMPTY_FORM, MAX_TARGETS, type TSignalForm } from "../../signals/_lib/signal-form";

export type TDraft = {
  symbol: string | null;
  direction: "LONG" | "SHORT" | null;
  entries: string[];
  targets: string[];
  stopLoss: string | null;
  leverage: number | null;
};

export function draftToForm(d: TDraft): TSignalForm {
  const [low, high] = d.entries;
  const zone = low !== undefined && high !== undefined && low !== high;
  return {
    ...EMPTY_FORM,
    symbol: d.symbol ?? "",
    direction: d.direction ?? EMPTY_FORM.direction,
    entryMode: zone ? "zone" : "price",
    entry: low ?? "",
    entryHigh: zone ? high : "",
    targets: d.targets.length > 0 ? d.targets.slice(0, MAX_TARGETS) : [""],
    stopLoss: d.stopLoss ?? "",
    leverage: d.leverage !== null ? String(d.leverage) : EMPTY_FORM.leverage,
  };
}

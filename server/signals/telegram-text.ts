// A signal's and its events' Telegram texts (HTML parse mode), in the operator's own channel style
// (SPEC §5): the VIP group gets the full signal, the TRIAL group a teaser; events and results go to
// both. Everything that comes from data is escaped.
import { escapeHtml, splitSymbol } from "../telegram/format";
import { confidenceWord, type TSignalDraft } from "./schemas";

export type TSignalText = Pick<TSignalDraft, "symbol" | "direction" | "entryLow" | "entryHigh" | "targets" | "stopLoss" | "leverage"> &
  Partial<Pick<TSignalDraft, "confidence" | "confidenceLabel">>;

/** "Confidence: High" for a worded signal, "Confidence: 95%" for a numbered one, nothing without. */
function confidenceLine(s: TSignalText): string | null {
  const word = confidenceWord(s.confidenceLabel ?? null);
  if (word) return `Confidence: ${word}`;
  return s.confidence === null || s.confidence === undefined ? null : `Confidence: ${s.confidence}%`;
}

export function vipSignalText(s: TSignalText): string {
  const { base, pair } = splitSymbol(s.symbol);
  const side = s.direction === "LONG" ? "Long 🚀" : "Short 🩸";
  const entry = s.entryLow === s.entryHigh ? s.entryLow : `${s.entryLow} - ${s.entryHigh}`;
  return [
    `<b>#Signal #${escapeHtml(pair)} $${escapeHtml(base)}</b>`,
    `${side} Lev x${s.leverage} #Crypto`,
    `Entry: ${escapeHtml(entry)} - Stop Loss: ${escapeHtml(s.stopLoss)}`,
    `Targets: ${s.targets.map(escapeHtml).join(" - ")}`,
    confidenceLine(s),
  ]
    .filter((line) => line !== null)
    .join("\n");
}

export function trialTeaserText(s: Pick<TSignalText, "symbol">): string {
  const { base, pair } = splitSymbol(s.symbol);
  return [`<b>#${escapeHtml(pair)} / $${escapeHtml(base)}</b>`, "New #Crypto #Signal Open", "🔑 Details visible for #VIP members"].join("\n");
}

export type TEventText = {
  symbol: string;
  type: "TP_HIT" | "ALL_TP" | "SL_HIT" | "CANCELLED" | "CLOSED";
  targetIndex: number | null;
  profitPct: string | null;
};

const magnitude = (p: string) => `${p.replace(/^-/, "")}%`;

export function eventText(e: TEventText): string {
  const tag = `#${escapeHtml(e.symbol)}`;
  const p = e.profitPct;
  const lines: (string | false | null)[] = (() => {
    switch (e.type) {
      case "TP_HIT":
        return [`${tag} - 🚨 Target ${e.targetIndex ?? "?"} reached`, p !== null && `💸 Profit collected ${magnitude(p)}`];
      case "ALL_TP":
        return [`🏋️ Gained Profit on ${tag} in #VIP`, "All take-profit targets achieved 😎", p !== null && `Profit: ${magnitude(p)} 📈`];
      case "SL_HIT":
        return [`${tag} - Stop Loss ⛔️`, p !== null && `Loss: ${magnitude(p)}`];
      case "CANCELLED":
        return [`${tag} - Signal Cancelled ❎`];
      case "CLOSED":
        return [`${tag} - Closed! 🔘`, p !== null && `Trade closed with ${magnitude(p)} ${p.startsWith("-") ? "loss" : "profit"}.`];
    }
  })();
  return lines.filter(Boolean).join("\n");
}

// The glue between the signal form's fields and the server's schema (server/signals/schemas.ts):
// the form holds strings; the schema holds the rules. Nothing here decides whether a price is valid.
import type { z } from "zod";
import { ZSignalInput } from "@/server/signals/schemas";

export const MAX_TARGETS = 10;

export type TSignalForm = {
  symbol: string;
  direction: "LONG" | "SHORT";
  entryMode: "price" | "zone";
  entry: string;
  entryHigh: string;
  targets: string[];
  stopLoss: string;
  leverage: string;
  confidence: "" | "Low" | "Medium" | "High";
};

export const EMPTY_FORM: TSignalForm = { symbol: "", direction: "LONG", entryMode: "price", entry: "", entryHigh: "", targets: [""], stopLoss: "", leverage: "10", confidence: "" };

export type TRawSignal = z.input<typeof ZSignalInput>;

/** The request body the form stands for, in the API's `direction/targets/stop_loss` spelling. */
export function toRawSignal(f: TSignalForm): TRawSignal {
  const lev = f.leverage.trim();
  return {
    symbol: f.symbol.trim(),
    direction: f.direction,
    entry: f.entryMode === "zone" ? [f.entry.trim(), f.entryHigh.trim()] : f.entry.trim(),
    targets: f.targets.map((t) => t.trim()),
    stop_loss: f.stopLoss.trim(),
    ...(lev === "" ? {} : { leverage: /^\d+$/.test(lev) ? Number(lev) : (lev as unknown as number) }),
    ...(f.confidence ? { confidence: f.confidence } : {}),
  };
}

/** The form field each schema path belongs to: `entry.1` is the zone's high bound, `targets.2` the third target. */
export function fieldOf(path: PropertyKey[]): string {
  const [head, index] = path;
  if (head === "entry") return index === 1 ? "entryHigh" : "entry";
  if (head === "targets" || head === "tp") return typeof index === "number" ? `targets.${index}` : "targets";
  if (head === "stop_loss" || head === "sl") return "stopLoss";
  return String(head ?? "form");
}

export type TCheck = { ok: true; raw: TRawSignal; errors: Record<string, never> } | { ok: false; raw: TRawSignal; errors: Record<string, string> };

/** Runs the server's own schema (price order included) on the form; the first message per field. */
export function checkSignalForm(f: TSignalForm): TCheck {
  const raw = toRawSignal(f);
  const parsed = ZSignalInput.safeParse(raw);
  if (parsed.success) return { ok: true, raw, errors: {} };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = fieldOf(issue.path);
    errors[field] ??= issue.message;
  }
  return { ok: false, raw, errors };
}

/** Errors worth showing: fields the operator has touched, or all of them once they tried to send. */
export function visibleErrors(errors: Record<string, string>, touched: ReadonlySet<string>, submitted: boolean): Record<string, string> {
  if (submitted) return errors;
  return Object.fromEntries(Object.entries(errors).filter(([field]) => touched.has(field)));
}

// The settings groups' fields as the app edits them (the server's groups: /api/users/:id/<group>).
// The app converts what was typed to the wire type and leaves judging it to the server, whose
// message is shown under the field it names.
import type { TSettings, TSettingValue } from "../api/schemas";

export type TFieldKind = "text" | "optionalText" | "int" | "decimal" | "bool" | "list" | "choice";
export type TFieldSpec = { key: string; label: string; kind: TFieldKind; choices?: readonly string[] };
export type TDraft = Record<string, string | boolean>;

export const GENERAL_FIELDS: TFieldSpec[] = [
  { key: "username", label: "Username", kind: "text" },
  { key: "telegram_handle", label: "Telegram username (optional)", kind: "optionalText" },
  { key: "notify_signals", label: "Notify me of new signals", kind: "bool" },
  { key: "notify_trades", label: "Notify me of my trades", kind: "bool" },
  { key: "notify_payments", label: "Notify me of payments", kind: "bool" },
];

export const RISK_FIELDS: TFieldSpec[] = [
  { key: "capital_usdt", label: "Capital (USDT)", kind: "decimal" },
  { key: "per_trade_usdt", label: "Per trade (USDT)", kind: "decimal" },
  { key: "leverage", label: "Leverage", kind: "int" },
  { key: "sizing_mode", label: "Sizing", kind: "choice", choices: ["FIXED", "RISK"] },
  { key: "risk_per_trade_pct", label: "Risk per trade (% of capital)", kind: "decimal" },
  { key: "max_concurrent_trades", label: "Max open trades", kind: "int" },
  { key: "max_daily_trades", label: "Max trades per day", kind: "int" },
  { key: "per_symbol_limit", label: "Max open trades per symbol", kind: "int" },
  { key: "max_account_exposure_pct", label: "Max account exposure (%)", kind: "decimal" },
  { key: "daily_loss_limit_pct", label: "Daily loss limit (%)", kind: "decimal" },
  { key: "cooldown_minutes", label: "Cooldown after a loss (minutes)", kind: "int" },
  { key: "reduce_to_fit_exposure", label: "Reduce a trade to fit the exposure limit", kind: "bool" },
];

export const STRATEGY_FIELDS: TFieldSpec[] = [
  { key: "auto_trade_enabled", label: "Copy new signals automatically", kind: "bool" },
  { key: "tp_split", label: "Take-profit split (%, comma-separated; empty = even)", kind: "list" },
  { key: "move_sl_to_entry_after_tp1", label: "Move stop to entry after target 1", kind: "bool" },
  { key: "trailing_stop_enabled", label: "Trailing stop", kind: "bool" },
  { key: "trailing_stop_pct", label: "Trailing stop distance (%)", kind: "decimal" },
  { key: "trailing_stop_after_tp", label: "Trail after target number", kind: "int" },
  { key: "allowed_trade_types", label: "Trade types (SPOT, FUTURES)", kind: "list" },
];

export const DCA_FIELDS: TFieldSpec[] = [
  { key: "enabled", label: "DCA enabled", kind: "bool" },
  { key: "steps", label: "DCA steps", kind: "int" },
  { key: "step_pct", label: "Step distance (%)", kind: "decimal" },
  { key: "size_multiplier", label: "Size multiplier", kind: "decimal" },
];

export function toDraft(fields: readonly TFieldSpec[], values: TSettings): TDraft {
  return Object.fromEntries(fields.map((f) => [f.key, draftValue(f, values[f.key])]));
}

function draftValue(f: TFieldSpec, v: TSettingValue | undefined): string | boolean {
  if (f.kind === "bool") return v === true;
  if (Array.isArray(v)) return v.join(", ");
  return v === null || v === undefined ? "" : String(v);
}

/** The wire value of what was typed. A whole number that is not one goes as typed: the server says why. */
export function fromDraft(f: TFieldSpec, d: string | boolean): TSettingValue {
  if (typeof d === "boolean") return d;
  const s = d.trim();
  switch (f.kind) {
    case "int":
      return /^-?\d{1,9}$/.test(s) ? Number(s) : s;
    case "list":
      return s === "" ? [] : s.split(",").map((x) => x.trim()).filter((x) => x !== "");
    case "optionalText":
      return s === "" ? null : s;
    default:
      return s;
  }
}

/** Only the fields whose value differs from the server's. */
export function changedFields(fields: readonly TFieldSpec[], draft: TDraft, values: TSettings): TSettings {
  const out: TSettings = {};
  for (const f of fields) {
    const d = draft[f.key];
    if (d === undefined) continue;
    const next = fromDraft(f, d);
    if (JSON.stringify(next) !== JSON.stringify(wireNormal(f, values[f.key]))) out[f.key] = next;
  }
  return out;
}

function wireNormal(f: TFieldSpec, v: TSettingValue | undefined): TSettingValue | undefined {
  return v === undefined ? undefined : fromDraft(f, draftValue(f, v));
}

// The per-user settings groups of SPEC §6 (/api/users/:id/general|risk|strategy|dca): each wire
// field, its column and its validation, declared once. Decimals travel as strings.
import { z } from "zod";
import { Prisma } from "../db/client";

type TColumn = Exclude<keyof Prisma.UserSelect, "_count">;
/** aliases: other names a client sends for the field (the operator's runbook), accepted on input only. */
type TField = { column: TColumn; schema: z.ZodType; toWire?: (v: unknown) => unknown; aliases?: readonly string[] };

/**
 * A decimal given as a JSON number or a numeric string, checked against its column's scale
 * (never silently rounded by the database) and kept exact as a plain-notation string.
 */
export const zDecimal = (opts: { min?: number; max: number; gt?: number; scale: number }) =>
  z
    .union([z.number({ error: "must be a number" }), z.string({ error: "must be a number" })], {
      error: "must be a number",
    })
    .transform((v, ctx) => {
      const s = typeof v === "number" ? v : v.trim();
      if ((typeof s === "number" && !Number.isFinite(s)) || (typeof s === "string" && !/^-?\d{1,20}(\.\d{1,20})?$/.test(s))) {
        ctx.addIssue({ code: "custom", message: "must be a finite decimal number" });
        return z.NEVER;
      }
      const d = new Prisma.Decimal(s);
      if (d.decimalPlaces() > opts.scale) {
        ctx.addIssue({ code: "custom", message: `must have at most ${opts.scale} decimal places` });
        return z.NEVER;
      }
      if (opts.gt !== undefined && !d.gt(opts.gt)) ctx.addIssue({ code: "custom", message: `must be greater than ${opts.gt}` });
      if (opts.min !== undefined && d.lt(opts.min)) ctx.addIssue({ code: "custom", message: `must be at least ${opts.min}` });
      if (d.gt(opts.max)) ctx.addIssue({ code: "custom", message: `must be at most ${opts.max}` });
      return d.toFixed();
    });

const int = (min: number, max: number) =>
  z.number({ error: "must be a whole number" }).int("must be a whole number").min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);
const bool = z.boolean({ error: "must be true or false" });
const decimalOut = (v: unknown) => (v as Prisma.Decimal).toFixed();
const pct = (gt = 0) => zDecimal({ gt, max: 100, scale: 2 });

export const SETTINGS_GROUPS = {
  general: {
    username: {
      column: "username",
      schema: z.string({ error: "must be a string" }).trim().min(3, "must be at least 3 characters").max(32, "must be at most 32 characters").regex(/^[A-Za-z0-9_.-]+$/, "may contain only letters, digits, '_', '.' and '-'"),
    },
    telegram_handle: {
      column: "telegramHandle",
      schema: z.union([z.string({ error: "must be a string" }).trim().regex(/^@?[A-Za-z0-9_]{5,32}$/, "must be a Telegram username (5–32 letters, digits or _)").transform((h) => h.replace(/^@/, "")), z.null()], { error: "must be a string or null" }),
    },
    notify_signals: { column: "notifySignals", schema: bool },
    notify_trades: { column: "notifyTrades", schema: bool },
    notify_payments: { column: "notifyPayments", schema: bool },
  },
  risk: {
    capital_usdt: { column: "capitalUsdt", schema: zDecimal({ min: 0, max: 1e9, scale: 8 }), toWire: decimalOut },
    per_trade_usdt: { column: "perTradeUsdt", schema: zDecimal({ gt: 0, max: 1e9, scale: 8 }), toWire: decimalOut },
    leverage: { column: "leverage", schema: int(1, 125) },
    max_concurrent_trades: { column: "maxConcurrentTrades", schema: int(1, 50) },
    max_daily_trades: { column: "maxDailyTrades", schema: int(1, 500) },
    max_account_exposure_pct: { column: "maxAccountExposurePct", schema: pct(), toWire: decimalOut },
    per_symbol_limit: { column: "perSymbolLimit", schema: int(1, 50) },
    cooldown_minutes: { column: "cooldownMinutes", schema: int(0, 1440), aliases: ["cooldown_minutes_after_loss"] },
    daily_loss_limit_pct: { column: "dailyLossLimitPct", schema: pct(), toWire: decimalOut },
    reduce_to_fit_exposure: { column: "reduceToFitExposure", schema: bool },
    sizing_mode: { column: "sizingMode", schema: z.enum(["FIXED", "RISK"], { error: "must be FIXED or RISK" }) },
    risk_per_trade_pct: { column: "riskPerTradePct", schema: pct(), toWire: decimalOut },
  },
  strategy: {
    auto_trade_enabled: { column: "autoTradeEnabled", schema: bool },
    tp_split: {
      column: "tpSplit",
      schema: z
        .array(zDecimal({ gt: 0, max: 100, scale: 2 }), { error: "must be a list of percentages" })
        .max(10, "must have at most 10 entries")
        .refine((xs) => xs.length === 0 || xs.reduce((a, x) => a.plus(x), new Prisma.Decimal(0)).eq(100), "percentages must sum to 100 (or be empty for an even split)"),
      toWire: (v) => (v as Prisma.Decimal[]).map((d) => d.toFixed()),
    },
    move_sl_to_entry_after_tp1: { column: "moveSlToEntryAfterTp1", schema: bool },
    trailing_stop_enabled: { column: "trailingStopEnabled", schema: bool },
    trailing_stop_pct: { column: "trailingStopPct", schema: pct(), toWire: decimalOut },
    /** The trailing stop starts after this many take-profits (a signal has at most 10 targets). */
    trailing_stop_after_tp: { column: "trailingStopAfterTp", schema: int(1, 10) },
    allowed_trade_types: {
      column: "allowedTradeTypes",
      schema: z.array(z.enum(["SPOT", "FUTURES"], { error: "must be SPOT or FUTURES" })).min(1, "must name at least one trade type").max(2).transform((xs) => [...new Set(xs)]),
    },
  },
  dca: {
    enabled: { column: "dcaEnabled", schema: bool },
    steps: { column: "dcaSteps", schema: int(0, 10) },
    step_pct: { column: "dcaStepPct", schema: zDecimal({ gt: 0, max: 50, scale: 2 }), toWire: decimalOut },
    size_multiplier: { column: "dcaSizeMultiplier", schema: zDecimal({ gt: 0, max: 10, scale: 3 }), toWire: decimalOut },
  },
} as const satisfies Record<string, Record<string, TField>>;

export type TSettingsGroup = keyof typeof SETTINGS_GROUPS;
export const SETTINGS_GROUP_NAMES = Object.keys(SETTINGS_GROUPS) as TSettingsGroup[];

export function settingsSchema(group: TSettingsGroup) {
  const fields = SETTINGS_GROUPS[group] as Record<string, TField>;
  const shape = Object.fromEntries(
    Object.entries(fields).flatMap(([k, f]) => [k, ...(f.aliases ?? [])].map((name) => [name, f.schema.optional()] as const)),
  );
  const aliased = Object.entries(fields).filter(([, f]) => f.aliases?.length);
  return z
    .strictObject(shape, {
      error: (issue) => (issue.code === "unrecognized_keys" ? `unknown field(s): ${issue.keys.join(", ")}` : "must be a JSON object"),
    })
    .transform((input, ctx) => {
      const out: Record<string, unknown> = { ...input };
      for (const [name, f] of aliased) {
        for (const alias of f.aliases!) {
          if (out[alias] === undefined) continue;
          if (out[name] !== undefined) ctx.addIssue({ code: "custom", path: [alias], message: `is another name for ${name}: send one of them` });
          out[name] = out[alias];
          delete out[alias];
        }
      }
      return out;
    });
}

export function selectFor(group: TSettingsGroup): Prisma.UserSelect {
  const fields = SETTINGS_GROUPS[group] as Record<string, TField>;
  return Object.fromEntries(Object.values(fields).map((f) => [f.column, true]));
}

export function toWire(group: TSettingsGroup, row: Record<string, unknown>): Record<string, unknown> {
  const fields = SETTINGS_GROUPS[group] as Record<string, TField>;
  return Object.fromEntries(
    Object.entries(fields).map(([k, f]) => [k, f.toWire ? f.toWire(row[f.column]) : row[f.column]]),
  );
}

export function toColumns(group: TSettingsGroup, input: Record<string, unknown>): Record<string, unknown> {
  const fields = SETTINGS_GROUPS[group] as Record<string, TField>;
  return Object.fromEntries(
    Object.entries(input)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [fields[k]!.column, v]),
  );
}

// POST /api/signals accepts both payload spellings of SPEC §5 and normalises them to one draft:
//   {symbol, side, entry, tp:[…], sl, confidence, trade_type, duration}
//   {symbol, direction, entry, targets:[…], stop_loss, leverage, …}
// confidence is a number from 0 to 100 or the operator's word (Low / Medium / High, any case).
//
// The dashboard's signal form imports this file into the browser to check the price order as the
// operator types (one copy of the rule): keep it free of server-only imports (decimal.js is the
// library behind Prisma.Decimal).
import Decimal from "decimal.js";
import { z } from "zod";
import { normalizeSymbol } from "../lib/symbol";

const MAX_PRICE = new Decimal("1e12");

/** A positive price as a JSON number or a numeric string ("68,500" allowed), kept exact as a plain string. */
export const ZPrice = z
  .union([z.number({ error: "must be a price" }), z.string({ error: "must be a price" })], { error: "must be a price" })
  .transform((v, ctx) => {
    // A JSON number goes through Decimal, not String(): String(0.0000008) is "8e-7".
    const s = typeof v === "number" ? (Number.isFinite(v) ? new Decimal(v).toFixed() : "") : v.trim().replace(/,/g, "");
    if (!/^\d+(\.\d+)?$/.test(s) || s.length > 32) {
      ctx.addIssue({ code: "custom", message: "must be a positive price" });
      return z.NEVER;
    }
    const d = new Decimal(s);
    if (d.lte(0) || d.gt(MAX_PRICE)) {
      ctx.addIssue({ code: "custom", message: "must be a positive price below 1e12" });
      return z.NEVER;
    }
    return d.toFixed();
  });
const price = ZPrice;

/** A single price, a "low - high" string, [low, high] or {low, high}. */
const entry = z
  .union([
    price.transform((p) => [p, p] as const),
    z.string().regex(/^\s*[\d.,]+\s*[-–]\s*[\d.,]+\s*$/).transform((s) => s.split(/[-–]/).map((x) => x.trim())),
    z.tuple([price, price]),
    z.object({ low: price, high: price }).transform((o) => [o.low, o.high]),
  ], { error: "must be a price, a zone \"low - high\", [low, high] or {low, high}" })
  .transform((v, ctx) => {
    const parsed = v.map((x) => price.safeParse(x));
    if (parsed.some((p) => !p.success)) {
      ctx.addIssue({ code: "custom", message: "zone bounds must be positive prices" });
      return z.NEVER;
    }
    const [a, b] = parsed.map((p) => new Decimal(p.data!));
    return a!.lte(b!) ? { low: a!.toString(), high: b!.toString() } : { low: b!.toString(), high: a!.toString() };
  });

const direction = z
  .string({ error: "must be LONG or SHORT (BUY or SELL)" })
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.enum(["LONG", "SHORT", "BUY", "SELL"], { error: "must be LONG or SHORT (BUY or SELL)" }))
  .transform((d) => (d === "BUY" || d === "LONG" ? "LONG" : "SHORT"));

const targets = z.array(price, { error: "must be a list of 1 to 10 prices" }).min(1, "must have at least one target").max(10, "must have at most 10 targets");
const upper = <T extends string>(values: [T, ...T[]], message: string) =>
  z.string({ error: message }).transform((s) => s.trim().toUpperCase()).pipe(z.enum(values, { error: message }));

/**
 * The operator's confidence words and the number each stands for, so that every signal has a
 * number on one 0–100 scale (sorting, stats) while a worded one still reads back as its word.
 */
export const CONFIDENCE_LEVELS = { LOW: 30, MEDIUM: 60, HIGH: 90 } as const;
export type TConfidenceLevel = keyof typeof CONFIDENCE_LEVELS;
const CONFIDENCE_WORDS = { LOW: "Low", MEDIUM: "Medium", HIGH: "High" } as const;
/** HIGH → "High", as the operator writes it; null stays null. */
export const confidenceWord = (level: TConfidenceLevel | null) => (level ? CONFIDENCE_WORDS[level] : null);
const CONFIDENCE_RULE = "must be Low, Medium or High, or a number from 0 to 100";
const isLevel = (w: string): w is TConfidenceLevel => Object.hasOwn(CONFIDENCE_LEVELS, w);

/** 72.4 → {72, null}; " high " → {90, "HIGH"}; "80" / "80%" (a template's string) → {80, null}. */
const confidence = z
  .union([z.number(), z.string()], { error: CONFIDENCE_RULE })
  .transform((v, ctx): { value: number; label: TConfidenceLevel | null } => {
    const text = typeof v === "string" ? v.trim() : "";
    const word = text.toUpperCase();
    if (typeof v === "string" && isLevel(word)) return { value: CONFIDENCE_LEVELS[word], label: word };
    const n = typeof v === "number" ? v : /^\d+(\.\d+)?%?$/.test(text) ? Number(text.replace("%", "")) : NaN;
    if (!Number.isFinite(n) || n < 0 || n > 100) {
      ctx.addIssue({ code: "custom", message: `${CONFIDENCE_RULE} (got ${JSON.stringify(v).slice(0, 40)})` });
      return z.NEVER;
    }
    return { value: Math.round(n), label: null };
  });

const ZRawSignal = z.object({
  symbol: z.string({ error: "must be a symbol like BTCUSDT" }).max(40, "is too long"),
  direction: direction.optional(),
  side: direction.optional(),
  entry,
  targets: targets.optional(),
  tp: targets.optional(),
  stop_loss: price.optional(),
  sl: price.optional(),
  leverage: z.number({ error: "must be a whole number from 1 to 125" }).int("must be a whole number").min(1, "must be at least 1").max(125, "must be at most 125").optional(),
  confidence: confidence.optional(),
  trade_type: upper(["SPOT", "FUTURES"], "must be SPOT or FUTURES").optional(),
  duration: upper(["SHORT", "LONG"], "must be SHORT or LONG").optional(),
  /** The provider's own id (webhook); makes a resubmission a no-op. */
  id: z.union([z.string().min(1).max(100), z.number().int()]).transform(String).optional(),
});

export type TSignalDraft = {
  symbol: string;
  direction: "LONG" | "SHORT";
  entryLow: string;
  entryHigh: string;
  targets: string[];
  stopLoss: string;
  leverage: number;
  /** 0–100; a word's number when a word was given. */
  confidence: number | null;
  /** The word given ("HIGH"), else null: a number stays a number. */
  confidenceLabel: TConfidenceLevel | null;
  tradeType: "SPOT" | "FUTURES";
  duration: "SHORT" | "LONG";
  externalId: string | null;
};

/** The normalised draft, or a ZodError naming the field (and the rule that failed). */
export const ZSignalInput = ZRawSignal.transform((raw, ctx): TSignalDraft => {
  const fail = (path: string, message: string) => {
    ctx.addIssue({ code: "custom", path: [path], message });
    return z.NEVER;
  };
  const symbol = normalizeSymbol(raw.symbol);
  if (!symbol) return fail("symbol", "must be a USDⓈ-M pair like BTCUSDT, BTC/USDT or BTC-USDT");
  const dir = raw.direction ?? raw.side;
  if (!dir) return fail("direction", "is required (direction LONG/SHORT or side BUY/SELL)");
  const tps = raw.targets ?? raw.tp;
  if (!tps) return fail("targets", "is required (targets or tp: 1 to 10 prices)");
  const sl = raw.stop_loss ?? raw.sl;
  if (!sl) return fail("stop_loss", "is required (stop_loss or sl)");
  const draft: TSignalDraft = {
    symbol,
    direction: dir,
    entryLow: raw.entry.low,
    entryHigh: raw.entry.high,
    targets: tps,
    stopLoss: sl,
    leverage: raw.leverage ?? 1,
    confidence: raw.confidence?.value ?? null,
    confidenceLabel: raw.confidence?.label ?? null,
    tradeType: raw.trade_type ?? "FUTURES",
    duration: raw.duration ?? "SHORT",
    externalId: raw.id ?? null,
  };
  const broken = priceOrderViolation(draft);
  if (broken) return fail(broken.field, broken.message);
  return draft;
});

/** LONG: SL < entry < TP1 < TP2 < …; SHORT mirrored. The first rule broken, naming its field. */
export function priceOrderViolation(d: Pick<TSignalDraft, "direction" | "entryLow" | "entryHigh" | "targets" | "stopLoss">) {
  const D = (s: string) => new Decimal(s);
  const long = d.direction === "LONG";
  const beyond = (a: string, b: string) => (long ? D(a).gt(D(b)) : D(a).lt(D(b)));
  const rule = long ? "for LONG: stop_loss < entry < targets[0] < targets[1] < …" : "for SHORT: stop_loss > entry > targets[0] > targets[1] > …";
  if (!beyond(long ? d.entryLow : d.entryHigh, d.stopLoss)) {
    return { field: "stop_loss", message: `must be ${long ? "below" : "above"} the entry (${rule})` };
  }
  let previous = long ? d.entryHigh : d.entryLow;
  for (const [i, tp] of d.targets.entries()) {
    if (!beyond(tp, previous)) {
      const what = i === 0 ? "the entry" : `targets[${i - 1}]`;
      return { field: `targets.${i}`, message: `must be ${long ? "above" : "below"} ${what} (${rule})` };
    }
    previous = tp;
  }
  return null;
}

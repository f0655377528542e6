// Inputs of the trade confirmations the app posts (seed phase 2): POST /api/trades/execute and the
// list of GET /api/trades.
import { z } from "zod";
import { Prisma } from "../../db/client";
import { normalizeSymbol } from "../../lib/symbol";

/**
 * A positive decimal as a JSON number or a numeric string, kept exact as a plain string. The
 * columns are NUMERIC(30,12): more than 12 decimal places or a value past `max` is refused, never
 * silently rounded.
 */
export const positiveDecimal = (max: string) =>
  z
    .union([z.number(), z.string()], { error: "must be a positive number" })
    .transform((v, ctx) => {
      // A JSON number goes through Decimal, not String(): String(0.0000008) is "8e-7".
      const s = typeof v === "number" ? (Number.isFinite(v) ? new Prisma.Decimal(v).toFixed() : "") : v.trim();
      if (!/^\d{1,20}(\.\d{1,40})?$/.test(s)) {
        ctx.addIssue({ code: "custom", message: "must be a positive number" });
        return z.NEVER;
      }
      const d = new Prisma.Decimal(s);
      if (d.lte(0)) {
        ctx.addIssue({ code: "custom", message: "must be greater than 0" });
        return z.NEVER;
      }
      if (d.gt(max)) {
        ctx.addIssue({ code: "custom", message: `must be at most ${max}` });
        return z.NEVER;
      }
      if (d.decimalPlaces() > 12) {
        ctx.addIssue({ code: "custom", message: "must have at most 12 decimal places" });
        return z.NEVER;
      }
      return d.toFixed();
    });

export const ZSymbol = z
  .string({ error: "must be a symbol like BTCUSDT" })
  .max(40, "is too long")
  .transform((s, ctx) => {
    const symbol = normalizeSymbol(s);
    if (!symbol) {
      ctx.addIssue({ code: "custom", message: "must be a symbol like BTCUSDT" });
      return z.NEVER;
    }
    return symbol;
  });

const side = z
  .string({ error: "must be BUY or SELL" })
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.enum(["BUY", "SELL", "LONG", "SHORT"], { error: "must be BUY or SELL" }))
  .transform((s) => (s === "BUY" || s === "LONG" ? ("BUY" as const) : ("SELL" as const)));

/** Accepted up to 5 minutes ahead (phone clocks drift), and not before Binance futures existed. */
const executedAt = z.iso
  .datetime({ offset: true, error: "must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z" })
  .transform((s) => new Date(s))
  .refine((d) => d.getTime() <= Date.now() + 5 * 60_000, "must not be in the future")
  .refine((d) => d.getTime() >= Date.UTC(2019, 0, 1), "must be after 2019-01-01");

export const ZExecutedTradeInput = z.strictObject(
  {
    symbol: ZSymbol,
    side,
    qty: positiveDecimal("1000000000000"),
    price: positiveDecimal("1000000000000"),
    result: z
      .union([z.string(), z.number()], { error: "must be a short text or a number" })
      .transform((v) => (typeof v === "number" ? new Prisma.Decimal(v).toFixed() : v.trim()))
      .pipe(z.string().max(200, "must be at most 200 characters"))
      .optional()
      .nullable(),
    executed_at: executedAt.optional(),
  },
  { error: (i) => (i.code === "unrecognized_keys" ? `unknown field(s): ${i.keys.join(", ")}` : "must be a JSON object") },
);
export type TExecutedTradeInput = z.infer<typeof ZExecutedTradeInput>;

export const ZListExecutedTradesQuery = z.strictObject(
  {
    page: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(100_000, "is too large").default(1),
    per_page: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(100, "must be at most 100").default(50),
    /** Admin only: another user's log. */
    user_id: z.string().regex(/^[1-9]\d{0,9}$/, "must be a positive whole number").optional(),
  },
  { error: (i) => (i.code === "unrecognized_keys" ? `unknown parameter(s): ${i.keys.join(", ")}` : "invalid query") },
);
export type TListExecutedTradesQuery = z.infer<typeof ZListExecutedTradesQuery>;

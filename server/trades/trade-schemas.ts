// Inputs of POST /api/trade/preview, /execute, /market and /close. A trade is either a signal to
// copy ({signal_id}) or the user's own parameters in either spelling of the signals API
// ({symbol, direction|side, targets|tp, stop_loss|sl}), with optional per-trade overrides.
import { z } from "zod";
import type { TManualTrade } from "../trading/open-position";
import { ZPrice } from "../signals/schemas";
import { positiveDecimal, ZSymbol } from "./schemas";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = z.string({ error: "must be a UUID" }).regex(UUID, "must be a UUID").transform((s) => s.toLowerCase());
const strictMessage = { error: (i: { code: string; keys?: string[] }) => (i.code === "unrecognized_keys" ? `unknown field(s): ${(i.keys ?? []).join(", ")}` : "must be a JSON object") };

const direction = z
  .string({ error: "must be LONG or SHORT (BUY or SELL)" })
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.enum(["LONG", "SHORT", "BUY", "SELL"], { error: "must be LONG or SHORT (BUY or SELL)" }))
  .transform((d) => (d === "BUY" || d === "LONG" ? ("LONG" as const) : ("SHORT" as const)));
const targets = z.array(ZPrice, { error: "must be a list of up to 10 prices" }).max(10, "must have at most 10 targets");
const leverage = z.number({ error: "must be a whole number from 1 to 125" }).int("must be a whole number").min(1, "must be at least 1").max(125, "must be at most 125");

const ZRawTrade = z.strictObject(
  {
    signal_id: uuid.optional(),
    symbol: ZSymbol.optional(),
    direction: direction.optional(),
    side: direction.optional(),
    targets: targets.optional(),
    tp: targets.optional(),
    stop_loss: ZPrice.nullable().optional(),
    sl: ZPrice.nullable().optional(),
    /** The app may send the price it saw; the trade is sized at the market price when the feed answers. */
    entry: ZPrice.optional(),
    leverage: leverage.optional(),
    per_trade_usdt: positiveDecimal("1000000").optional(),
  },
  strictMessage,
);

export type TTradeRequest = { kind: "signal"; signalId: string } | { kind: "manual"; manual: TManualTrade; entry: string | null };

function conflict(ctx: z.RefinementCtx, a: string, b: string, present: boolean) {
  if (present) ctx.addIssue({ code: "custom", path: [b], message: `use either ${a} or ${b}, not both` });
}

/** {signal_id} alone, or a manual trade: symbol and direction required, targets and stop optional. */
export const ZTradeInput = ZRawTrade.transform((v, ctx): TTradeRequest => {
  if (v.signal_id !== undefined) {
    const extra = Object.keys(v).find((k) => k !== "signal_id" && v[k as keyof typeof v] !== undefined);
    if (extra) ctx.addIssue({ code: "custom", path: [extra], message: "a copy of a signal takes only signal_id (its prices and your settings decide the trade)" });
    return { kind: "signal", signalId: v.signal_id };
  }
  conflict(ctx, "direction", "side", v.direction !== undefined && v.side !== undefined);
  conflict(ctx, "targets", "tp", v.targets !== undefined && v.tp !== undefined);
  conflict(ctx, "stop_loss", "sl", v.stop_loss !== undefined && v.sl !== undefined);
  if (v.symbol === undefined) ctx.addIssue({ code: "custom", path: ["symbol"], message: "is required (or signal_id)" });
  const dir = v.direction ?? v.side;
  if (dir === undefined) ctx.addIssue({ code: "custom", path: ["direction"], message: "is required: LONG or SHORT (or signal_id)" });
  if (v.symbol === undefined || dir === undefined) return z.NEVER;
  return {
    kind: "manual",
    manual: {
      symbol: v.symbol,
      direction: dir,
      targets: v.targets ?? v.tp ?? [],
      stopLoss: v.stop_loss ?? v.sl ?? null,
      ...(v.leverage !== undefined ? { leverage: v.leverage } : {}),
      ...(v.per_trade_usdt !== undefined ? { perTradeUsdt: v.per_trade_usdt } : {}),
    },
    entry: v.entry ?? null,
  };
});
export type TTradeInput = z.infer<typeof ZTradeInput>;

/** POST /api/trade/close. */
export const ZCloseTradeInput = z.strictObject(
  {
    position_id: uuid,
    reason: z.string({ error: "must be a short text" }).trim().max(200, "must be at most 200 characters").optional().nullable(),
  },
  strictMessage,
);

/** POST /api/positions/:id/close: the body is optional. */
export const ZCloseBody = z.strictObject(
  { reason: z.string({ error: "must be a short text" }).trim().max(200, "must be at most 200 characters").optional().nullable() },
  strictMessage,
);

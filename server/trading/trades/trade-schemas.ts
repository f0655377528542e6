// Inputs of POST /api/trade/preview, /execute, /market and /close. A trade is either a signal to
// copy ({signal_id}) or the user's own parameters in either spelling of the signals API
// ({symbol, direction|side, targets|tp, stop_loss|sl}), with optional per-trade overrides, and in
// both cases the runbook's (SEED-EXAMPLES 5, 7.4) choice of account — `mode: PAPER|LIVE`, or phase
// 7's `live: true|false` — and `confirm` (false: show what would happen, execute nothing).
import { z } from "zod";
import type { TManualTrade } from "../open-position";
import type { TRequestedMode } from "../../exchange-connections/trading-mode";
import { ZPrice } from "../../signals/schemas";
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
const tradingMode = z
  .string({ error: "must be PAPER or LIVE" })
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.enum(["PAPER", "LIVE"], { error: "must be PAPER or LIVE" }));
const flag = (what: string) => z.boolean({ error: `must be true or false (${what})` });
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
    /** An exact quantity (base asset) instead of the user's sizing, rounded down to the market's step. */
    qty: positiveDecimal("1000000000").optional(),
    mode: tradingMode.optional(),
    /** Phase 7's spelling of mode: true = LIVE, false = PAPER. */
    live: flag("true = a live order, false = paper").optional(),
    confirm: flag("false shows the trade without executing it").optional(),
  },
  strictMessage,
);

export type TTradeRequest = ({ kind: "signal"; signalId: string } | { kind: "manual"; manual: TManualTrade }) & {
  mode: TRequestedMode;
  /** false: preview only. null when the request did not say (execute then executes). */
  confirm: boolean | null;
};

const CHOICE_FIELDS = new Set(["signal_id", "mode", "live", "confirm"]);

function requestedMode(v: { mode?: "PAPER" | "LIVE"; live?: boolean }, ctx: z.RefinementCtx): TRequestedMode {
  const fromLive = v.live === undefined ? undefined : v.live ? "LIVE" : "PAPER";
  if (v.mode !== undefined && fromLive !== undefined && v.mode !== fromLive) {
    ctx.addIssue({ code: "custom", path: ["live"], message: `says ${fromLive} but mode says ${v.mode}: send one of them` });
  }
  return v.mode ?? fromLive ?? null;
}

function conflict(ctx: z.RefinementCtx, a: string, b: string, present: boolean) {
  if (present) ctx.addIssue({ code: "custom", path: [b], message: `use either ${a} or ${b}, not both` });
}

/** {signal_id} alone, or a manual trade: symbol and direction required, targets and stop optional. */
export const ZTradeInput = ZRawTrade.transform((v, ctx): TTradeRequest => {
  const choice = { mode: requestedMode(v, ctx), confirm: v.confirm ?? null };
  if (v.signal_id !== undefined) {
    const extra = Object.keys(v).find((k) => !CHOICE_FIELDS.has(k) && v[k as keyof typeof v] !== undefined);
    if (extra) ctx.addIssue({ code: "custom", path: [extra], message: "a copy of a signal takes only signal_id, mode and confirm (its prices and your settings decide the trade)" });
    return { kind: "signal", signalId: v.signal_id, ...choice };
  }
  conflict(ctx, "direction", "side", v.direction !== undefined && v.side !== undefined);
  conflict(ctx, "targets", "tp", v.targets !== undefined && v.tp !== undefined);
  conflict(ctx, "stop_loss", "sl", v.stop_loss !== undefined && v.sl !== undefined);
  conflict(ctx, "per_trade_usdt", "qty", v.per_trade_usdt !== undefined && v.qty !== undefined);
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
      ...(v.qty !== undefined ? { qty: v.qty } : {}),
      ...(v.entry !== undefined ? { entry: v.entry } : {}),
    },
    ...choice,
  };
});

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

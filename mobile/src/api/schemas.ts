// The platform's REST responses (README "The API so far", server/*/…-dto.ts), checked at the
// boundary: a response of the wrong shape is an error, never an undefined deep in a screen.
import { z } from "zod";

export const ZPlan = z.enum(["TRIAL", "VIP", "PREMIUM"]);
export type TPlan = z.infer<typeof ZPlan>;

export const ZUser = z.object({
  id: z.number().int(),
  username: z.string(),
  email: z.string(),
  role: z.enum(["USER", "ADMIN"]),
  plan: ZPlan,
  plan_expires_at: z.string().nullable(),
  is_active: z.boolean(),
  telegram_handle: z.string().nullable(),
  created_at: z.string(),
});
export type TUser = z.infer<typeof ZUser>;

export const ZSession = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  user: ZUser,
});
export type TSession = z.infer<typeof ZSession>;

export const ZTokenPair = z.object({ access_token: z.string().min(1), refresh_token: z.string().min(1) });

export const ZMe = z.object({ user: ZUser });

export const ZSignalStatus = z.enum(["OPEN", "TP_PARTIAL", "HIT_TP", "HIT_SL", "CANCELLED", "CLOSED"]);
export type TSignalStatus = z.infer<typeof ZSignalStatus>;

/** A signal as the viewer may see it: a TRIAL viewer gets `locked: true` and no prices until `unlocks_at`. */
export const ZSignal = z.object({
  id: z.string(),
  symbol: z.string(),
  direction: z.enum(["LONG", "SHORT"]),
  entry: z.string().nullable(),
  entry_low: z.string().nullable(),
  entry_high: z.string().nullable(),
  targets: z.array(z.string()).nullable(),
  stop_loss: z.string().nullable(),
  leverage: z.number().int(),
  confidence: z.number().nullable(),
  trade_type: z.string(),
  duration: z.string(),
  source: z.string(),
  status: ZSignalStatus,
  outcome: z.enum(["WIN", "LOSS", "BREAKEVEN"]).nullable(),
  targets_count: z.number().int(),
  targets_hit: z.number().int(),
  realized_profit_pct: z.string(),
  locked: z.boolean(),
  unlocks_at: z.string().nullable(),
  created_at: z.string(),
  closed_at: z.string().nullable(),
});
export type TSignal = z.infer<typeof ZSignal>;

export const ZSignalEvent = z.object({
  id: z.string(),
  signal_id: z.string(),
  type: z.string(),
  target: z.number().int().nullable(),
  price: z.string().nullable(),
  profit_pct: z.string().nullable(),
  created_at: z.string(),
});
export type TSignalEvent = z.infer<typeof ZSignalEvent>;

export const ZSignalPage = z.object({ signals: z.array(ZSignal), next_cursor: z.string().nullable() });
export type TSignalPage = z.infer<typeof ZSignalPage>;

export const ZSignalDetail = z.object({ signal: ZSignal, events: z.array(ZSignalEvent) });
export type TSignalDetail = z.infer<typeof ZSignalDetail>;

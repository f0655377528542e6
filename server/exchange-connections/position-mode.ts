// The account's position mode (one-way or hedge) must match the connection's hedge_mode: the live
// adapter sends positionSide LONG/SHORT in hedge mode and reduceOnly in one-way mode, and Binance
// refuses an order whose shape does not match the account (-4061, -1106).
//
// It is set (1) when a live connection is saved with new keys, a new mode or a hedge_mode change,
// (2) when it is validated, and (3) before a live entry unless this process already set it for this
// connection — a per-process cache, so it costs one request per connection, not one per order.
// Binance answers -4059 "No need to change" when it already matches (success), and refuses a change
// while the account has open positions (-4068) or open orders (-4067) on any symbol: the adapter
// turns those into a CONFLICT naming the reason.
import { toAppError } from "../errors";
import type { TExchange, TExchangeMode } from "../exchange/types";
import { logger } from "../logger";

export type TPositionModeTarget = {
  userId: number;
  mode: TExchangeMode;
  hedgeMode: boolean;
  /** Which keys: a new key is a new account whose mode is unknown. */
  sealedApiKey: string | null;
};

/**
 * How long a mode we set is trusted without setting it again. A user may flip it in Binance's UI
 * meanwhile: the entry is then refused (-4061, the order's shape does not match the account) before
 * anything happened, and live-execution.ts sets the mode again and sends the entry once more.
 */
export const POSITION_MODE_TTL_MS = 6 * 60 * 60 * 1000;

const applied = new Map<string, { hedge: boolean; at: number }>();
const keyOf = (t: TPositionModeTarget) => `${t.userId}:${t.mode}:${t.sealedApiKey ?? ""}`;

/** True when this process set (or confirmed) the account's mode to `t.hedgeMode` within the TTL. */
export function isPositionModeKnown(t: TPositionModeTarget, now = Date.now()): boolean {
  const c = applied.get(keyOf(t));
  return c !== undefined && c.hedge === t.hedgeMode && now - c.at < POSITION_MODE_TTL_MS;
}

/** Sets the account's mode to the connection's and remembers it. Throws what the exchange said. */
export async function applyPositionMode(exchange: Pick<TExchange, "setPositionMode">, t: TPositionModeTarget): Promise<void> {
  applied.delete(keyOf(t));
  await exchange.setPositionMode(t.hedgeMode);
  applied.set(keyOf(t), { hedge: t.hedgeMode, at: Date.now() });
}

/** Before a live entry: sets the mode unless this process already did for this connection. */
export async function ensurePositionMode(exchange: Pick<TExchange, "setPositionMode">, t: TPositionModeTarget): Promise<void> {
  if (t.mode === "PAPER" || isPositionModeKnown(t)) return;
  await applyPositionMode(exchange, t);
}

export type TPositionModeResult = { applied: boolean; note?: string };

/**
 * For connect / validate: sets the mode and reports instead of throwing, except a CONFLICT (the
 * account has open positions or orders) when `strict` — the caller then keeps the old hedge_mode.
 * Keys the exchange refuses or an unreachable exchange leave it for the next live entry.
 */
export async function syncPositionMode(exchange: Pick<TExchange, "setPositionMode">, t: TPositionModeTarget, strict: boolean): Promise<TPositionModeResult> {
  try {
    await applyPositionMode(exchange, t);
    return { applied: true };
  } catch (err) {
    const e = toAppError(err);
    if (strict && e.code === "CONFLICT") throw e;
    logger.warn("exchange: position mode not set", { userId: t.userId, hedge: t.hedgeMode, error: e.message });
    return { applied: false, note: e.message };
  }
}

// The account's position mode (one-way or hedge) must match the connection's hedge_mode: the live
// adapter sends positionSide LONG/SHORT in hedge mode and reduceOnly in one-way mode, and Binance
// refuses an order whose shape does not match the account (-4061, -1106).
//
// It is set (1) when a live connection is saved with new keys, a new mode or a hedge_mode change,
// (2) when it is validated, and (3) before a live entry unless the account is known to be in that
// mode already (account-state.ts: stored with the connection, for every process and restart) — so
// it costs one request per account, not one per order or per process.
// Binance answers -4059 "No need to change" when it already matches (success), and refuses a change
// while the account has open positions (-4068) or open orders (-4067) on any symbol: the adapter
// turns those into a CONFLICT naming the reason.
import { toAppError } from "../errors";
import type { TAccountMemory } from "../exchange/account-memory";
import type { TExchange, TExchangeMode } from "../exchange/types";
import { logger } from "../logger";

export type TPositionModeTarget = {
  userId: number;
  mode: TExchangeMode;
  hedgeMode: boolean;
  /** Which keys: a new key is a new account whose mode is unknown. */
  sealedApiKey: string | null;
  /**
   * What is known of the account (account-state.ts). A user may flip the mode in Binance's UI: the
   * entry is then refused (-4061, the order's shape does not match the account) before anything
   * happened, and live-execution.ts sets the mode again and sends the entry once more.
   */
  memory?: Pick<TAccountMemory, "hedgeMode" | "rememberHedgeMode">;
};

/** True when the account is known to be in the connection's mode. */
export function isPositionModeKnown(t: TPositionModeTarget): boolean {
  return t.memory?.hedgeMode() === t.hedgeMode;
}

/** Sets the account's mode to the connection's and remembers it. Throws what the exchange said. */
export async function applyPositionMode(exchange: Pick<TExchange, "setPositionMode">, t: TPositionModeTarget): Promise<void> {
  try {
    await exchange.setPositionMode(t.hedgeMode);
  } catch (err) {
    await t.memory?.rememberHedgeMode(null); // refused or not answered: not known any more
    throw err;
  }
  await t.memory?.rememberHedgeMode(t.hedgeMode);
}

/** Before a live entry: sets the mode unless the account is known to be in it. */
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

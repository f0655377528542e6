// Which account one trade goes to (SPEC §6) — the one rule for the preview, a manual trade and the
// fan-out: paper unless the platform allows live trading and the user's connection is in a live
// mode. A request may force paper (mode PAPER: a rehearsal, even for a live user) or demand a
// live order (mode LIVE), which is refused with the reason when it cannot be placed — never
// quietly turned into a paper trade. The fan-out applies the same rule to thousands of users in
// SQL (liveConnectionSql); trading-mode.int.test.ts holds the two forms against each other.
import { env } from "../env";
import { AppError } from "../errors";
import type { TExchangeMode } from "../exchange/types";
import { findTradingConnection, type TLoadedConnection } from "./trading-connection";

/** PAPER forces a paper trade; LIVE demands a live order; null: the user's connection decides. */
export type TRequestedMode = "PAPER" | "LIVE" | null;

/** The live mode of a connection, or null when it trades on paper (or there is none). */
const liveModeOf = (conn: { mode: TExchangeMode } | null | undefined) => (conn && conn.mode !== "PAPER" ? conn.mode : null);

/** Whether this platform places live orders at all (ENABLE_LIVE_TRADING): off, every trade is paper. */
export function liveTradingEnabled(): boolean {
  return env().ENABLE_LIVE_TRADING;
}

export function tradingModeFor(conn: { mode: TExchangeMode } | null | undefined, requested: TRequestedMode): TExchangeMode {
  if (requested === "PAPER") return "PAPER";
  const liveEnabled = liveTradingEnabled();
  const liveMode = liveModeOf(conn);
  if (requested === "LIVE") {
    if (!liveEnabled) {
      throw new AppError("LIVE_TRADING_UNAVAILABLE", "Live trading is off on this platform: nothing was placed. Send mode PAPER for a paper trade.");
    }
    if (!liveMode) {
      throw new AppError("LIVE_TRADING_UNAVAILABLE", "Your exchange connection is in paper mode (or missing): connect a Binance testnet or mainnet account to trade live. Nothing was placed.");
    }
  }
  return liveEnabled && liveMode ? liveMode : "PAPER";
}

/** The account a user's trade goes to, with the connection it would be placed through. */
export async function getTradingMode(userId: number, requested: TRequestedMode): Promise<{ mode: TExchangeMode; conn: TLoadedConnection | null }> {
  const conn = await findTradingConnection(userId);
  return { mode: tradingModeFor(conn, requested), conn };
}

/**
 * tradingModeFor(conn, null) !== "PAPER" as SQL over the exchange_connections row `c` (LEFT JOINed:
 * its columns are NULL without a connection). With live trading off, no row trades live.
 */
export function liveConnectionSql(c: string): string {
  return liveTradingEnabled() ? `(${c}.mode IS NOT NULL AND ${c}.mode <> 'PAPER')` : "false";
}

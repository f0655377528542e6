// Which account one trade goes to (SPEC §6) — the one rule for the preview and for opening a
// position: paper unless the platform allows live trading and the user's connection is in a live
// mode. A request may force paper (mode PAPER: a rehearsal, even for a live user) or demand a
// live order (mode LIVE), which is refused with the reason when it cannot be placed — never
// quietly turned into a paper trade.
import { env } from "../env";
import { AppError } from "../errors";
import type { TExchangeMode } from "../exchange/types";

/** PAPER forces a paper trade; LIVE demands a live order; null: the user's connection decides. */
export type TRequestedMode = "PAPER" | "LIVE" | null;

export function tradingModeFor(conn: { mode: TExchangeMode } | null | undefined, requested: TRequestedMode): TExchangeMode {
  if (requested === "PAPER") return "PAPER";
  const liveEnabled = env().ENABLE_LIVE_TRADING;
  const liveMode = conn && conn.mode !== "PAPER" ? conn.mode : null;
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

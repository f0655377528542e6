// POST /api/trade/execute and its phase 7 alias POST /api/trade/market: one manual trade through the
// trading core (risk check, sizing, paper or live), answered with the position. PAPER unless live
// trading is enabled on the platform and the user's connection is in a live mode.
import { MODE_TO_WIRE } from "../exchanges/exchange-connection";
import { getPositionDto } from "../trading/position-dto";
import { openPosition } from "../trading/open-position";
import type { TTradingOptions } from "../trading/options";
import type { TTradeRequest } from "./trade-schemas";

const STATUS = { opened: 201, exists: 200, pending: 202, skipped: 200, failed: 200 } as const;

export async function executeTrade(userId: number, trade: TTradeRequest, options: TTradingOptions = {}) {
  const result = await openPosition({ userId, origin: "manual", ...(trade.kind === "signal" ? { signalId: trade.signalId } : { manual: trade.manual }) }, options);
  const position = result.positionId ? await getPositionDto(result.positionId) : null;
  const live = result.mode !== "PAPER";
  const message = {
    opened: live ? "Order placed on the exchange: position open" : "Paper trade opened",
    exists: "You already have a position for this signal",
    pending: "Order sent; the exchange has not confirmed the entry yet",
    skipped: result.reason ?? "Trade skipped",
    failed: result.reason ?? "Trade refused",
  }[result.outcome];
  return { status: STATUS[result.outcome], body: { message, outcome: result.outcome, mode: MODE_TO_WIRE[result.mode], live, reason: result.reason, position } };
}

/** Seed phase 7: the same trade, saying plainly whether it reached the exchange or was a dry run. */
export async function executeMarketTrade(userId: number, trade: TTradeRequest, options: TTradingOptions = {}) {
  const { status, body } = await executeTrade(userId, trade, options);
  const dryRun = !body.live;
  return {
    status,
    body: {
      ...body,
      dry_run: dryRun,
      message: dryRun ? `Dry run: recorded as a paper position (live trading is off or your exchange is in paper mode). ${body.message}` : body.message,
    },
  };
}

// POST /api/trade/execute and its phase 7 alias POST /api/trade/market: one manual trade through the
// trading pipeline once (openPosition: risk check, sizing, paper or live), answered with the position
// and its outcome (the route turns the outcome into an HTTP status). PREMIUM (SPEC §3). The account
// follows exchange-connections/trading-mode.ts (the request's mode, else the user's connection).
// `confirm: false` executes nothing and answers with the preview; a request that does not say
// confirm executes (the app and phase 7's market call send none).
import { db } from "../../db/client";
import { MODE_TO_WIRE } from "../../exchange-connections/exchange-connection";
import { getPositionDto, type TPositionDto } from "../position-dto";
import { openPosition, type TOpenPositionResult } from "../open-position";
import type { TTradingOptions } from "../options";
import { requireTargetPlan } from "../../subscriptions/require-plan";
import { dryRunTrade } from "./preview-trade";
import type { TTradeRequest } from "./trade-schemas";

export type TTradeOutcome = TOpenPositionResult["outcome"] | "not_confirmed";

export async function executeTrade(userId: number, trade: TTradeRequest, options: TTradingOptions = {}) {
  await requireTargetPlan(userId, "PREMIUM", "trade execution");
  return placeTrade(userId, trade, options);
}

async function placeTrade(userId: number, trade: TTradeRequest, options: TTradingOptions) {
  if (trade.confirm === false) return notConfirmed(userId, trade, options);
  const result = await openPosition(
    { userId, origin: "manual", mode: trade.mode, ...(trade.kind === "signal" ? { signalId: trade.signalId } : { manual: trade.manual }) },
    options,
  );
  const position = result.positionId ? await getPositionDto(result.positionId) : null;
  const live = result.mode !== "PAPER";
  const message = {
    opened: live ? "Order placed on the exchange: position open" : openedPaperMessage(position),
    exists: "You already have a position for this signal",
    pending: "Order sent; the exchange has not confirmed the entry yet",
    skipped: result.reason ?? "Trade skipped",
    failed: result.reason ?? "Trade refused",
  }[result.outcome];
  return {
    message,
    executed: true,
    outcome: result.outcome as TTradeOutcome,
    mode: MODE_TO_WIRE[result.mode],
    live,
    reason: result.reason,
    warnings: result.warnings ?? [],
    position_id: position?.id ?? null,
    order_id: position ? await entryOrderId(position.id) : null,
    status: position?.status ?? null,
    filled_at_signal_price: position?.filled_at_signal_price ?? false,
    position,
  };
}

function openedPaperMessage(position: TPositionDto | null): string {
  if (!position?.filled_at_signal_price) return "Paper trade opened";
  return `Paper trade opened at ${position.entry_price}, the requested entry: the price feed is unreachable`;
}

async function entryOrderId(positionId: string): Promise<string | null> {
  const order = await db().order.findFirst({ where: { positionId, kind: "ENTRY" }, select: { id: true }, orderBy: { createdAt: "asc" } });
  return order?.id ?? null;
}

async function notConfirmed(userId: number, trade: TTradeRequest, options: TTradingOptions) {
  const preview = await dryRunTrade(userId, trade, options);
  return {
    message: "Not executed: confirm is false. This is what the trade would do; send confirm: true to execute it.",
    executed: false,
    outcome: "not_confirmed" as TTradeOutcome,
    mode: preview.mode,
    live: preview.live,
    reason: null,
    warnings: preview.warnings,
    position_id: null,
    order_id: null,
    status: null,
    filled_at_signal_price: false,
    position: null,
    preview,
  };
}

/** Seed phase 7: the same trade, saying plainly whether it reached the exchange or was a dry run. */
export async function executeMarketTrade(userId: number, trade: TTradeRequest, options: TTradingOptions = {}) {
  const body = await executeTrade(userId, trade, options);
  const dryRun = !body.live;
  return {
    ...body,
    dry_run: dryRun,
    message: dryRun && body.executed ? `Dry run: recorded as a paper position (live trading is off or your exchange is in paper mode). ${body.message}` : body.message,
  };
}

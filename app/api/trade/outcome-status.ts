// The HTTP status of a manual trade's outcome (POST /api/trade/execute and /api/trade/market): the
// trading service answers with an outcome, the transport chooses the status.
import type { TTradeOutcome } from "@/server/trading/trades/execute-trade";

const STATUS: Record<TTradeOutcome, number> = { opened: 201, exists: 200, pending: 202, skipped: 200, failed: 200, not_confirmed: 200 };

export const tradeOutcomeStatus = (outcome: TTradeOutcome): number => STATUS[outcome];

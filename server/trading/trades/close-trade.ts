// POST /api/trade/close and POST /api/positions/:id/close: the trading core closes what remains at
// market (cancelling resting orders) and the answer is the closed position with its final P&L.
import type { TAuthUser } from "../../auth/authenticate";
import { getPositionDto } from "../position-dto";
import { authorizePosition } from "../positions/position-access";
import { closePosition } from "../close-position";
import type { TTradingOptions } from "../options";

export async function closeTrade(actor: TAuthUser, rawPositionId: string, reason: string | null | undefined, field = "id", options: TTradingOptions = {}) {
  const owned = await authorizePosition(actor, rawPositionId, field);
  const closed = await closePosition({ positionId: owned.id, reason, actor: { id: actor.id, role: actor.role } }, options);
  return {
    message: "Position closed",
    close: { price: closed.closePrice, price_source: closed.priceSource, reason: closed.closeReason, realized_pnl: closed.realizedPnl, pnl_pct: closed.pnlPct },
    position: await getPositionDto(owned.id),
  };
}

// An admin closes a user's open position from the dashboard (auto-trader screen): the same close
// service as POST /api/positions/:id/close and POST /api/trade/close (trading/close-position), then
// an audit event with the position before and after. The close itself may reach the exchange, so
// the audit is written once it is known to have happened, not inside its transaction.
import { z } from "zod";
import { db } from "../../db/client";
import { notFound } from "../../errors";
import { closePosition } from "../close-position";

export const ZAdminCloseInput = z.strictObject({
  position_id: z.uuid({ error: "must be a UUID" }),
  reason: z.string({ error: "must be a string" }).trim().min(1, "must not be empty").max(200, "must be at most 200 characters"),
});
export type TAdminCloseInput = z.infer<typeof ZAdminCloseInput>;

export async function closePositionForUser(admin: { id: number }, input: TAdminCloseInput) {
  const positionId = input.position_id.toLowerCase();
  const before = await db().position.findUnique({
    where: { id: positionId },
    select: { userId: true, symbol: true, mode: true, direction: true, status: true, remainingQty: true, realizedPnl: true, protected: true },
  });
  if (!before) throw notFound("Position");
  const closed = await closePosition({ positionId, reason: `ADMIN: ${input.reason}`, actor: { id: admin.id, role: "ADMIN" } });
  await db().auditEvent.create({
    data: {
      actorId: admin.id,
      action: "position.close",
      target: `position:${positionId}`,
      details: {
        user_id: before.userId,
        symbol: before.symbol,
        mode: before.mode,
        direction: before.direction,
        reason: input.reason,
        before: { status: before.status, remaining_qty: before.remainingQty.toFixed(), realized_pnl: before.realizedPnl.toFixed(), protected: before.protected },
        after: { status: closed.status, close_price: closed.closePrice, price_source: closed.priceSource, realized_pnl: closed.realizedPnl, pnl_pct: closed.pnlPct },
      },
    },
  });
  return { message: "Position closed", user_id: before.userId, close: closed };
}

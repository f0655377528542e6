// What the API says about an order. Decimals are plain strings (Decimal.toFixed(), never exponent
// notation). Positions have their DTO in the trading core (server/trading/position-dto.ts).
import type { Prisma } from "../../db/client";

const fixed = (d: Prisma.Decimal | null): string | null => (d === null ? null : d.toFixed());

export const ORDER_SELECT = {
  id: true,
  positionId: true,
  clientOrderId: true,
  exchangeOrderId: true,
  kind: true,
  side: true,
  type: true,
  targetIndex: true,
  qty: true,
  price: true,
  triggerPrice: true,
  reduceOnly: true,
  status: true,
  filledQty: true,
  avgPrice: true,
  error: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.OrderSelect;

export type TOrderRow = Prisma.OrderGetPayload<{ select: typeof ORDER_SELECT }>;

export function toOrderDto(row: TOrderRow) {
  return {
    id: row.id,
    position_id: row.positionId,
    client_order_id: row.clientOrderId,
    exchange_order_id: row.exchangeOrderId,
    kind: row.kind,
    side: row.side,
    type: row.type,
    target_index: row.targetIndex,
    qty: row.qty.toFixed(),
    price: fixed(row.price),
    trigger_price: fixed(row.triggerPrice),
    reduce_only: row.reduceOnly,
    status: row.status,
    filled_qty: row.filledQty.toFixed(),
    avg_price: fixed(row.avgPrice),
    error: row.error,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

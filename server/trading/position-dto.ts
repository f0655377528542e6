// The wire shape of a position (snake_case, decimals as strings) with its execution receipt and,
// while open, its unrealized P&L at the last mark price the paper monitor stored (mark_prices).
import { db, type Prisma } from "../db/client";
import { notFound } from "../errors";
import { dec, money } from "../decimal";
import { getMarkPrices } from "./market-data";

export const POSITION_SELECT = {
  id: true,
  userId: true,
  signalId: true,
  symbol: true,
  direction: true,
  mode: true,
  status: true,
  leverage: true,
  entryPrice: true,
  qty: true,
  remainingQty: true,
  notional: true,
  margin: true,
  stopLoss: true,
  targets: true,
  targetsHit: true,
  realizedPnl: true,
  pnlPct: true,
  fees: true,
  protected: true,
  protectedCheckedAt: true,
  filledAtSignalPrice: true,
  closeReason: true,
  failureCode: true,
  failureReason: true,
  signalEntryPrice: true,
  entryAckAt: true,
  entryLatencyMs: true,
  slippagePct: true,
  openedAt: true,
  closedAt: true,
} as const satisfies Prisma.PositionSelect;

export type TPositionRecord = Prisma.PositionGetPayload<{ select: typeof POSITION_SELECT }>;
const s = (d: { toFixed(): string } | null) => (d === null ? null : d.toFixed());

/** Unrealized P&L of the open remainder at `mark` (USDT, before exit fees). */
export function unrealizedPnl(p: Pick<TPositionRecord, "direction" | "entryPrice" | "remainingQty">, mark: string): string {
  if (!p.entryPrice) return "0";
  const move = dec(mark).sub(p.entryPrice.toFixed());
  return money(move.mul(p.remainingQty.toFixed()).mul(p.direction === "LONG" ? 1 : -1));
}

export function toPositionDto(p: TPositionRecord, mark?: { price: string; at: Date } | null) {
  const open = p.status === "OPEN" && p.entryPrice !== null;
  return {
    id: p.id,
    user_id: p.userId,
    signal_id: p.signalId,
    symbol: p.symbol,
    direction: p.direction,
    mode: p.mode.toLowerCase(),
    status: p.status,
    /** True once a take-profit filled and some quantity remains (the schema keeps status OPEN). */
    partial: open && p.remainingQty.lt(p.qty),
    leverage: p.leverage,
    entry_price: s(p.entryPrice),
    qty: p.qty.toFixed(),
    remaining_qty: p.remainingQty.toFixed(),
    notional: p.notional.toFixed(),
    margin: p.margin.toFixed(),
    stop_loss: s(p.stopLoss),
    targets: p.targets.map((t) => t.toFixed()),
    targets_hit: p.targetsHit,
    realized_pnl: p.realizedPnl.toFixed(),
    pnl_pct: p.pnlPct.toFixed(),
    fees: p.fees.toFixed(),
    mark_price: open && mark ? mark.price : null,
    unrealized_pnl: open && mark ? unrealizedPnl(p, mark.price) : null,
    /** Live: the stop and the take-profits still due rest on the exchange (as of protected_checked_at). */
    protected: p.protected,
    protected_checked_at: p.protectedCheckedAt?.toISOString() ?? null,
    filled_at_signal_price: p.filledAtSignalPrice,
    close_reason: p.closeReason,
    failure_code: p.failureCode,
    failure_reason: p.failureReason,
    receipt: {
      signal_entry_price: s(p.signalEntryPrice),
      entry_ack_at: p.entryAckAt?.toISOString() ?? null,
      signal_to_entry_ms: p.entryLatencyMs,
      slippage_pct: s(p.slippagePct),
    },
    opened_at: p.openedAt.toISOString(),
    closed_at: p.closedAt?.toISOString() ?? null,
  };
}
export type TPositionDto = ReturnType<typeof toPositionDto>;

/** Positions → DTOs, with the mark prices of their symbols read once. */
export async function toPositionDtos(rows: TPositionRecord[]): Promise<TPositionDto[]> {
  const marks = await getMarkPrices([...new Set(rows.filter((r) => r.status === "OPEN").map((r) => r.symbol))]);
  return rows.map((r) => toPositionDto(r, marks.get(r.symbol) ?? null));
}

export async function getPositionDto(positionId: string): Promise<TPositionDto> {
  const row = await db().position.findUnique({ where: { id: positionId }, select: POSITION_SELECT });
  if (!row) throw notFound("Position");
  return (await toPositionDtos([row]))[0]!;
}

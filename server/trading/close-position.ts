// Closing one position by hand (POST /api/trade/close, POST /api/positions/:id/close): resting orders
// are cancelled and what remains closes reduce-only at market — PAPER at the feed's price (else the
// last mark, else the entry), LIVE on the exchange — with the final P&L (USDT and % of margin, fees
// included) and the day's aggregate updated in the same transaction.
import { db } from "../db/client";
import { AppError, forbidden, notFound } from "../errors";
import { getMarkPrices, fetchMarketPrices } from "./market-data";
import { closeLivePosition, exchangeForUser } from "./live-positions";
import { feedOf, nowOf, type TTradingOptions } from "./options";
import { settlePositions } from "./settle-positions";

export type TClosePositionInput = {
  positionId: string;
  /** Why (free text from the app); stored as the close reason, default "MANUAL". */
  reason?: string | null;
  /** Who asks: the owner or an ADMIN may close; omit for system callers. */
  actor?: { id: number; role: "USER" | "ADMIN" };
};

export type TClosePositionResult = {
  positionId: string;
  status: "OPEN" | "CLOSED" | "FAILED";
  closeReason: string | null;
  /** Realized P&L of the whole trade, USDT (fees included), and in % of the margin. */
  realizedPnl: string;
  pnlPct: string;
  /** Where the rest closed, and where that price came from. */
  closePrice: string | null;
  priceSource: "market" | "mark" | "entry" | "exchange";
};

export async function closePosition(input: TClosePositionInput, options: TTradingOptions = {}): Promise<TClosePositionResult> {
  const pos = await db().position.findUnique({ where: { id: input.positionId }, select: { id: true, userId: true, status: true, mode: true, symbol: true, entryPrice: true } });
  if (!pos) throw notFound("Position");
  if (input.actor && input.actor.role !== "ADMIN" && input.actor.id !== pos.userId) throw forbidden("This position belongs to another user");
  if (pos.status !== "OPEN") throw new AppError("CONFLICT", `Position is already ${pos.status.toLowerCase()}`, { extra: { status: pos.status } });
  if (!pos.entryPrice) throw new AppError("CONFLICT", "The entry of this position is not confirmed yet; try again shortly");
  const reason = input.reason?.trim() ? input.reason.trim().slice(0, 200) : "MANUAL";

  let price: string;
  let source: TClosePositionResult["priceSource"];
  if (pos.mode === "PAPER") {
    const snap = await fetchMarketPrices(feedOf(options), [pos.symbol], nowOf(options));
    const mark = snap.ok ? undefined : (await getMarkPrices([pos.symbol])).get(pos.symbol)?.price;
    const market = snap.prices.get(pos.symbol);
    price = market ?? mark ?? pos.entryPrice.toFixed();
    source = market ? "market" : mark ? "mark" : "entry";
    // The status above was read outside the settlement's row lock: a concurrent close may have won.
    // Only the call whose settlement closed the position answers 200.
    const settled = await settlePositions([{ positionId: pos.id, actions: [{ type: "close", price, reason }] }], { now: nowOf(options) });
    if (!settled.closed.some((c) => c.positionId === pos.id)) throw new AppError("CONFLICT", "Position is already closed", { extra: { status: "CLOSED" } });
  } else {
    const live = await closeLivePosition(pos.id, await exchangeForUser(pos.userId, options), reason);
    if (live.skipped === "closed") throw new AppError("CONFLICT", "Position is already closed", { extra: { status: "CLOSED" } });
    if (live.skipped === "closing") throw new AppError("CONFLICT", "Position is already being closed", { extra: { status: "OPEN" } });
    source = "exchange";
    price = "";
  }
  const after = await db().position.findUniqueOrThrow({
    where: { id: pos.id },
    select: { status: true, closeReason: true, realizedPnl: true, pnlPct: true, orders: { where: { kind: "CLOSE" }, orderBy: { createdAt: "desc" }, take: 1, select: { avgPrice: true } } },
  });
  return {
    positionId: pos.id,
    status: after.status,
    closeReason: after.closeReason,
    realizedPnl: after.realizedPnl.toFixed(),
    pnlPct: after.pnlPct.toFixed(),
    closePrice: after.orders[0]?.avgPrice?.toFixed() ?? (price || null),
    priceSource: source,
  };
}

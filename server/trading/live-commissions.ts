// Exact commissions of live fills. Binance reports the commission per trade, not per order
// (GET /fapi/v1/userTrades?orderId=…), so once an order filled its trades are fetched and:
//   - USDT commissions are the fee, exactly; the fill rows become one row per trade (trade_id
//     "trade:<Binance id>", exact qty, price and fee) instead of the one estimated row;
//   - a commission in another asset (BNB, with Binance's BNB discount) cannot be priced in USDT
//     exactly here: that trade keeps the taker-rate estimate in the USDT P&L, and the commission is
//     recorded as charged (amount and asset) in an audit event ("live.commission_non_usdt") details;
//   - when the fee settled earlier was an estimate, the position's fees and realized P&L are
//     corrected by the difference — while it is OPEN. A closed position already counted its P&L
//     in the daily aggregates; its estimate stays (logged), which only happens when the trades
//     could not be fetched when the closing fill was settled (callers pass the exact fee then).
// Trades are taken as complete only when their quantities add up to the order's filled quantity.
import { db } from "../db/client";
import { toAppError } from "../errors";
import { dec, money, pct, str } from "../decimal";
import { DEFAULT_PAPER_FEE_RATE } from "../exchange/paper-exchange";
import type { TExchange, TExchangeTrade } from "../exchange/types";
import { logger } from "../logger";

/** The taker rate live fees are estimated at until the trades say otherwise. */
export const LIVE_FEE_ESTIMATE_RATE = DEFAULT_PAPER_FEE_RATE;
export const TRADE_FILL_PREFIX = "trade:";

export type TTradeFees = { qty: string; fee: string; fees: Map<string, string>; nonUsdt: TExchangeTrade[] };

/** USDT fee of each trade (exact for USDT, the estimate otherwise) and their totals. */
export function tradeFees(trades: TExchangeTrade[], estimateRate = LIVE_FEE_ESTIMATE_RATE): TTradeFees {
  const fees = new Map<string, string>();
  const nonUsdt: TExchangeTrade[] = [];
  let qty = dec(0);
  let fee = dec(0);
  for (const t of trades) {
    const usdt = t.commissionAsset === "USDT";
    if (!usdt) nonUsdt.push(t);
    const f = usdt ? dec(t.commission) : dec(money(dec(t.qty).mul(t.price).mul(estimateRate)));
    fees.set(t.tradeId, str(f));
    qty = qty.add(t.qty);
    fee = fee.add(f);
  }
  return { qty: str(qty), fee: str(fee), fees, nonUsdt };
}

/** The trades of an exchange order, or null when they cannot be fetched now (the estimate stays). */
export async function fetchOrderTrades(exchange: TExchange, symbol: string, exchangeOrderId: string | null | undefined): Promise<TExchangeTrade[] | null> {
  if (!exchangeOrderId || exchange.mode === "PAPER") return null;
  try {
    return await exchange.orderTrades({ symbol, exchangeOrderId });
  } catch (err) {
    logger.warn("live: trades not fetched, fee stays estimated", { symbol, exchangeOrderId, error: toAppError(err).message });
    return null;
  }
}

/**
 * The fee still to charge for an order whose cumulative filled quantity is now `filledQty`: the
 * trades' exact total minus what its fill rows already hold. Null when the trades do not cover it.
 */
export async function exactFeeDelta(orderId: string, filledQty: string, trades: TExchangeTrade[] | null): Promise<string | null> {
  if (!trades || trades.length === 0) return null;
  const t = tradeFees(trades);
  if (!dec(t.qty).eq(filledQty)) return null;
  const recorded = await db().fill.aggregate({ where: { orderId }, _sum: { fee: true } });
  const delta = dec(t.fee).sub(recorded._sum.fee?.toFixed() ?? "0");
  return delta.isNegative() ? null : money(delta);
}

export type TExactFillsResult = "recorded" | "already" | "incomplete" | "closed";

/**
 * Replaces the order's estimated fill rows by its trades and corrects an open position by the fee
 * difference, in one transaction with the position locked (settlement locks it the same way).
 */
export async function recordExactFills(orderId: string, trades: TExchangeTrade[]): Promise<TExactFillsResult> {
  const t = tradeFees(trades);
  const outcome = await db().$transaction(async (tx) => {
    const { positionId } = await tx.order.findUniqueOrThrow({ where: { id: orderId }, select: { positionId: true } });
    await tx.$queryRawUnsafe(`SELECT id FROM positions WHERE id = $1::uuid FOR UPDATE`, positionId);
    // Fills read only under the lock: a concurrent call (watchdog catch-up, a reconcile) that already
    // replaced the estimate must be seen, or its fee correction would be applied twice.
    const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, select: { positionId: true, filledQty: true, fills: { select: { tradeId: true, fee: true } } } });
    if (trades.length === 0 || !dec(t.qty).eq(order.filledQty.toFixed())) return "incomplete" as const;
    if (order.fills.length > 0 && order.fills.every((f) => f.tradeId.startsWith(TRADE_FILL_PREFIX))) return "already" as const;
    const position = await tx.position.findUniqueOrThrow({ where: { id: order.positionId }, select: { status: true, fees: true, realizedPnl: true, margin: true, userId: true } });
    const recorded = order.fills.reduce((sum, f) => sum.add(f.fee.toFixed()), dec(0));
    const diff = dec(t.fee).sub(recorded);
    if (!diff.isZero() && position.status !== "OPEN") return "closed" as const;
    await tx.fill.deleteMany({ where: { orderId, NOT: { tradeId: { startsWith: TRADE_FILL_PREFIX } } } });
    await tx.fill.createMany({
      data: trades.map((x) => ({ orderId, tradeId: `${TRADE_FILL_PREFIX}${x.tradeId}`, qty: x.qty, price: x.price, fee: t.fees.get(x.tradeId) ?? "0", createdAt: x.time })),
      skipDuplicates: true,
    });
    if (!diff.isZero()) {
      const realized = dec(position.realizedPnl.toFixed()).sub(diff);
      const margin = dec(position.margin.toFixed());
      await tx.position.update({
        where: { id: order.positionId },
        data: { fees: money(dec(position.fees.toFixed()).add(diff)), realizedPnl: money(realized), pnlPct: margin.gt(0) ? pct(realized.div(margin).mul(100)) : "0" },
      });
    }
    if (t.nonUsdt.length > 0) {
      await tx.auditEvent.create({
        data: {
          actorId: null,
          action: "live.commission_non_usdt",
          target: `order:${orderId}`,
          details: {
            user_id: position.userId,
            position_id: order.positionId,
            note: "commission charged in another asset; the USDT P&L keeps the taker-rate estimate for these trades",
            trades: t.nonUsdt.map((x) => ({ trade_id: x.tradeId, commission: x.commission, commission_asset: x.commissionAsset, usdt_estimate: t.fees.get(x.tradeId) ?? null })),
          },
        },
      });
    }
    return "recorded" as const;
  }, { timeout: 30_000, maxWait: 30_000 });
  if (outcome === "closed") logger.warn("live: exact commission differs on a closed position; its estimate stays", { orderId, exactFee: t.fee });
  return outcome;
}

/**
 * The watchdog's catch-up: every filled order of an open live position whose fills are still
 * estimates gets its trades fetched and recorded (one request per such order, once).
 */
export async function settleExactCommissions(positionId: string, symbol: string, exchange: TExchange): Promise<number> {
  const orders = await db().order.findMany({
    where: { positionId, filledQty: { gt: 0 }, exchangeOrderId: { not: null }, fills: { some: { NOT: { tradeId: { startsWith: TRADE_FILL_PREFIX } } } } },
    select: { id: true, kind: true, exchangeOrderId: true },
  });
  let recorded = 0;
  for (const o of orders) {
    // A triggered stop's exchangeOrderId is its algo id; its trades belong to the order it spawned,
    // which only findOrder reports (fillOrderId) — the reconcile that saw the fill records those.
    if (o.kind === "STOP_LOSS") continue;
    const trades = await fetchOrderTrades(exchange, symbol, o.exchangeOrderId);
    if (trades && (await recordExactFills(o.id, trades)) === "recorded") recorded += 1;
  }
  return recorded;
}

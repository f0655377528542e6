// Live positions after the entry: what the exchange did with the resting orders (fills of take-
// profits and the stop), the follow-ups that decides (cancel what a close left, place a moved stop),
// and closing the rest reduce-only at market. Every database change goes through settle-positions.
//
// Reading the exchange costs one open-orders snapshot per symbol (normal + conditional) instead of
// one look-up per order; only the orders missing from it (filled, cancelled, expired) are looked up.
// A fill's trades are fetched so the settlement charges the exact commission (live-commissions.ts).
// An order the exchange cancelled or expired is left resting in the database for live-protection to
// replace — after any take-profit fill or such a disappearance the position's protection is checked.
import { db } from "../db/client";
import { AppError, toAppError } from "../errors";
import { clientOrderId } from "../exchange/client-order-id";
import { createExchange } from "../exchange/create-exchange";
import { dec } from "../decimal";
import { isOutcomeUnknown, isWouldTriggerNow } from "../exchange/errors";
import type { TExchange, TExchangeOrder, TExchangeTrade } from "../exchange/types";
import { findTradingConnection } from "../exchange-connections/trading-connection";
import { logger } from "../logger";
import type { TTradingOptions } from "./options";
import type { TSettleAction } from "./position-math";
import { exactFeeDelta, fetchOrderTrades, recordExactFills } from "./live-commissions";
import { alertUnconfirmed, placeProtectiveOrder, verifyProtection, type TProtectionCheck } from "./live-protection";
import { settlePositions, type TLiveFollowUp, type TSettleSummary } from "./settle-positions";

const RESTING = ["OPEN", "PARTIALLY_FILLED"] as const;
const GONE = new Set(["CANCELED", "EXPIRED", "REJECTED"]);

export type TReconcileOptions = {
  /** The symbol's open orders, already fetched (the watchdog reads them once per symbol and user). */
  openOrders?: TExchangeOrder[];
  /** Check the protection afterwards whatever happened (default: after a TP fill or a vanished order). */
  verify?: boolean;
  now?: Date;
};
export type TReconcileResult = TSettleSummary & { protection: TProtectionCheck | null };
type TFilled = { orderId: string; kind: string; trades: TExchangeTrade[] | null };

/** The exchange of a position's owner (FORBIDDEN when live trading is off or the keys are gone). */
export async function exchangeForUser(userId: number, options: TTradingOptions = {}): Promise<TExchange> {
  const conn = await findTradingConnection(userId);
  if (!conn) throw new AppError("FORBIDDEN", "the exchange connection was deleted: this live position is no longer managed by the platform");
  return createExchange(conn, options.exchangeOptions);
}

/** Reads the position's resting orders from the exchange, records what happened, checks its protection. */
export async function reconcileLivePosition(positionId: string, exchange: TExchange, extra: TSettleAction[] = [], opts: TReconcileOptions = {}): Promise<TReconcileResult> {
  await resolveInDoubtCloses(positionId, exchange, opts.now ?? new Date());
  const position = await db().position.findUniqueOrThrow({ where: { id: positionId }, select: { id: true, userId: true, symbol: true, direction: true, mode: true, failureCode: true } });
  const orders = await db().order.findMany({ where: { positionId, kind: { in: ["TAKE_PROFIT", "STOP_LOSS", "CLOSE"] }, status: { in: [...RESTING] }, exchangeOrderId: { not: null } } });
  const snapshot = opts.openOrders ?? (orders.length > 0 || opts.verify ? await exchange.openOrders(position.symbol) : []);
  const known = new Map(snapshot.map((o) => [o.clientOrderId, o]));
  const actions: TSettleAction[] = [];
  const filled: TFilled[] = [];
  const unconfirmed: string[] = [];
  let vanished = false;
  for (const o of orders) {
    const live = known.get(o.clientOrderId) ?? (await exchange.findOrder({ symbol: position.symbol, clientOrderId: o.clientOrderId, conditional: o.kind === "STOP_LOSS" }));
    if (!live) {
      vanished = true; // accepted once, unknown now: live-protection replaces it
      continue;
    }
    known.set(o.clientOrderId, live);
    if (live.fillUnknown) {
      unconfirmed.push(`${o.kind === "STOP_LOSS" ? "stop" : o.kind.toLowerCase()} ${o.clientOrderId} fired on the exchange, but what it filled cannot be read yet`);
      continue;
    }
    const gone = GONE.has(live.status);
    vanished ||= gone && o.kind !== "CLOSE";
    if (dec(live.filledQty).gt(o.filledQty.toFixed()) && live.avgPrice) {
      const trades = await fetchOrderTrades(exchange, position.symbol, live.fillOrderId ?? live.exchangeOrderId);
      const fee = (await exactFeeDelta(o.id, live.filledQty, trades)) ?? live.fee;
      // A partly filled order the exchange then cancelled: record the fill, keep the rest for live-protection.
      actions.push({ type: "exchange", orderId: o.id, status: gone && o.kind !== "CLOSE" ? "PARTIALLY_FILLED" : live.status, filledQty: live.filledQty, avgPrice: live.avgPrice, fee });
      filled.push({ orderId: o.id, kind: o.kind, trades });
    } else if (!gone || o.kind === "CLOSE") {
      actions.push({ type: "exchange", orderId: o.id, status: live.status, filledQty: live.filledQty, avgPrice: live.avgPrice, fee: live.fee });
    }
  }
  const summary = await settlePositions([{ positionId, actions: [...actions, ...extra] }]);
  await recordTrades(filled);
  for (const placed of await applyLiveFollowUps(summary.liveFollowUps, exchange)) known.set(placed.clientOrderId, placed);
  if (unconfirmed.length > 0 || position.failureCode === FILL_UNCONFIRMED) await recordUnconfirmed(position, unconfirmed, opts.now);
  if (unconfirmed.length > 0) return { ...summary, protection: null };
  const tpFilled = filled.some((f) => f.kind === "TAKE_PROFIT");
  const verify = opts.verify ?? (tpFilled || vanished);
  const protection = verify ? await verifyProtection(positionId, exchange, known, opts.now) : null;
  if (protection?.stopCrossed) {
    // What the missing stop would have done by now: sell (or buy back) the rest reduce-only at market.
    logger.warn("live: the price is past the stop that could not rest, closing at market", { positionId });
    const closed = await closeLivePosition(positionId, exchange, STOP_CROSSED_REASON);
    return { ...summary, closed: [...summary.closed, ...closed.closed], protection };
  }
  return { ...summary, protection };
}

export const FILL_UNCONFIRMED = "FILL_UNCONFIRMED";

/**
 * A stop that fired with a fill we cannot read leaves the position neither closed nor trusted: it is
 * flagged (failure_code FILL_UNCONFIRMED, not protected) and the admin alerted, until a later reconcile
 * reads the fill and clears the flag. Nothing is settled, re-placed or closed on a guess.
 */
async function recordUnconfirmed(pos: { id: string; userId: number; symbol: string; direction: string; mode: string }, problems: string[], now = new Date()): Promise<void> {
  if (problems.length === 0) {
    await db().position.updateMany({ where: { id: pos.id, failureCode: FILL_UNCONFIRMED }, data: { failureCode: null, failureReason: null } });
    return;
  }
  logger.error("live: a fill is not confirmed by the exchange", { positionId: pos.id, problems });
  await db().position.updateMany({ where: { id: pos.id, status: "OPEN" }, data: { failureCode: FILL_UNCONFIRMED, failureReason: problems.join("; ").slice(0, 500), protected: false, protectedCheckedAt: now } });
  await alertUnconfirmed(pos, problems, now);
}

/** Replaces estimated fill rows by the trades just fetched (the settlement already charged their exact fee). */
async function recordTrades(filled: TFilled[]): Promise<void> {
  for (const f of filled) {
    if (!f.trades) continue;
    await recordExactFills(f.orderId, f.trades).catch((err: unknown) => logger.warn("live: exact fills not recorded", { orderId: f.orderId, error: toAppError(err).message }));
  }
}

/**
 * Carries a settlement's decisions to the exchange; returns the orders it placed. A moved stop (trail
 * or breakeven) is placed BEFORE the old one is cancelled, so the position is never without a stop:
 *   - the new stop is refused → the old one keeps protecting: its row is restored, the new row is
 *     dropped (the next mark tries again); refused because the price is already past it (-2021) →
 *     the rest is closed at market, as the stop would have done;
 *   - the old stop turns out to have FILLED before it could be cancelled → the position is flat on
 *     the exchange: the new stop is cancelled and the old one's fill settled by a reconcile.
 * Other orders a settlement cancelled (a closed position's take-profits) are simply cancelled.
 */
export async function applyLiveFollowUps(followUps: TLiveFollowUp[], exchange: TExchange): Promise<TExchangeOrder[]> {
  const placedOrders: TExchangeOrder[] = [];
  for (const f of followUps) {
    const oldStops = f.toCancel.filter((o) => o.kind === "STOP_LOSS" && f.toPlace.length > 0);
    const placed: TExchangeOrder[] = [];
    let refused: { crossed: boolean; message: string } | null = null;
    for (const o of f.toPlace) {
      try {
        placed.push(await placeProtectiveOrder(f.symbol, exchange, o));
      } catch (err) {
        refused = { crossed: isWouldTriggerNow(err), message: toAppError(err).message };
        await db().order.update({ where: { id: o.id }, data: { status: "CANCELED", error: `not placed: ${refused.message}`.slice(0, 500) } });
      }
    }
    for (const o of f.toCancel.filter((x) => !oldStops.includes(x))) await cancelQuietly(exchange, f, o);
    if (refused) {
      await restoreStops(f, oldStops);
      logger.error("live: moving the stop failed, the old stop stays", { positionId: f.positionId, error: refused.message });
      if (refused.crossed) await closeLivePosition(f.positionId, exchange, STOP_CROSSED_REASON);
      continue;
    }
    const oldFilled = await cancelOldStops(exchange, f, oldStops);
    if (oldFilled) {
      logger.warn("live: the old stop filled before it could be cancelled; cancelling the new one", { positionId: f.positionId });
      for (const o of f.toPlace) await cancelQuietly(exchange, f, o);
      await db().order.updateMany({ where: { id: { in: f.toPlace.map((o) => o.id) } }, data: { status: "CANCELED", error: "the previous stop filled first" } });
      await restoreStops(f, oldStops);
      await reconcileLivePosition(f.positionId, exchange, [], { verify: false });
      continue;
    }
    placedOrders.push(...placed);
  }
  return placedOrders;
}

async function cancelQuietly(exchange: TExchange, f: TLiveFollowUp, o: { clientOrderId: string; kind: string }): Promise<void> {
  await exchange.cancelOrder({ symbol: f.symbol, clientOrderId: o.clientOrderId, conditional: o.kind === "STOP_LOSS" }).catch((err: unknown) => {
    logger.warn("live: cancel failed", { positionId: f.positionId, order: o.clientOrderId, error: toAppError(err).message });
  });
}

/** Cancels the replaced stops; true when one of them had (partly) filled instead — "unknown order" on cancel hides that. */
async function cancelOldStops(exchange: TExchange, f: TLiveFollowUp, oldStops: TLiveFollowUp["toCancel"]): Promise<boolean> {
  let filled = false;
  for (const o of oldStops) {
    await cancelQuietly(exchange, f, o);
    let after: TExchangeOrder | null = null;
    try {
      after = await exchange.findOrder({ symbol: f.symbol, clientOrderId: o.clientOrderId, conditional: true });
    } catch {
      after = null; // cannot tell: the next reconcile reads the order again
    }
    // A stop that fired with an unreadable fill counts as filled: the reconcile flags it unconfirmed.
    if (after && (after.fillUnknown === true || dec(after.filledQty).gt(o.filledQty))) filled = true;
  }
  return filled;
}

/** The settlement marked these stops cancelled; they are still (or were last) resting on the exchange. */
async function restoreStops(f: TLiveFollowUp, oldStops: TLiveFollowUp["toCancel"]): Promise<void> {
  if (oldStops.length === 0) return;
  await db().order.updateMany({ where: { id: { in: oldStops.map((o) => o.id) } }, data: { status: "OPEN" } });
  const trigger = oldStops.at(-1)!.triggerPrice;
  if (trigger !== null) await db().position.update({ where: { id: f.positionId }, data: { stopLoss: trigger } });
}

export const STOP_CROSSED_REASON = "stop crossed while it could not rest on the exchange: closed at market";

const IN_DOUBT = "outcome unknown: ";
const IN_DOUBT_GRACE_MS = 30_000;

/**
 * Close orders whose placement ended without an answer (still NEW, no exchange id, marked in doubt)
 * are looked up by their client id at every reconcile (the watchdog's and a close's): found, they
 * become the position's resting close and are settled by that reconcile; unknown to Binance after
 * IN_DOUBT_GRACE_MS (a look-up right after a timeout can precede the order), the claim is released.
 * A look-up that fails leaves them as they are (and throws): no second close is sent on a guess.
 */
async function resolveInDoubtCloses(positionId: string, exchange: TExchange, now: Date): Promise<void> {
  const inDoubt = await db().order.findMany({
    where: { positionId, kind: "CLOSE", status: "NEW", exchangeOrderId: null, error: { startsWith: IN_DOUBT } },
    include: { position: { select: { symbol: true } } },
  });
  for (const o of inDoubt) {
    const live = await exchange.findOrder({ symbol: o.position.symbol, clientOrderId: o.clientOrderId, conditional: false });
    if (live) {
      await db().order.update({ where: { id: o.id }, data: { exchangeOrderId: live.exchangeOrderId, status: "OPEN", error: null } });
    } else if (now.getTime() - o.createdAt.getTime() >= IN_DOUBT_GRACE_MS) {
      await db().order.update({ where: { id: o.id }, data: { status: "REJECTED", error: `never reached Binance (${o.error ?? ""})`.slice(0, 500) } });
    }
  }
}

/** Why a close call placed nothing: the position was already closed, or another call's close order is in flight. */
export type TLiveCloseResult = TSettleSummary & { skipped?: "closed" | "closing" };

const IN_FLIGHT = new Set(["NEW", "OPEN", "PARTIALLY_FILLED"]);

/**
 * Closes a live position: records fills the exchange already made, sells (or buys back) the rest
 * reduce-only at market with its own client order id, and only then cancels the resting take-profits
 * and stop — so a close that fails leaves the position still protected.
 * Concurrent calls: the CLOSE order row is the claim. Its client order id counts the earlier attempts,
 * so racing calls collide on its unique key, and a later call sees the first one's order in flight —
 * either way only one market order is sent; the others place nothing and say why (`skipped`).
 */
export async function closeLivePosition(positionId: string, exchange: TExchange, reason: string): Promise<TLiveCloseResult> {
  const first = await reconcileLivePosition(positionId, exchange, [], { verify: false });
  const pos = await db().position.findUniqueOrThrow({ where: { id: positionId }, include: { orders: true } });
  if (pos.status !== "OPEN") return { ...first, skipped: "closed" };
  if (pos.failureCode === FILL_UNCONFIRMED) {
    // A stop or take-profit fired and what it filled cannot be read: a close now would be sized on a
    // guess. The position is settled as soon as the fill can be read (the watchdog keeps looking).
    throw new AppError(
      "CONFLICT",
      "an order of this position fired on Binance and what it filled cannot be read yet; the position is settled as soon as it can be — to get out sooner, close what is left on Binance itself",
    );
  }
  if (pos.orders.some((o) => o.kind === "CLOSE" && IN_FLIGHT.has(o.status))) return { ...first, skipped: "closing" };
  const resting = pos.orders.filter((x) => x.kind !== "ENTRY" && x.kind !== "CLOSE" && (x.status === "OPEN" || x.status === "PARTIALLY_FILLED" || x.status === "NEW"));
  const cancelResting = async () => {
    for (const o of resting) {
      if (o.exchangeOrderId) await exchange.cancelOrder({ symbol: pos.symbol, clientOrderId: o.clientOrderId, conditional: o.kind === "STOP_LOSS" });
      await db().order.update({ where: { id: o.id }, data: { status: "CANCELED" } });
    }
  };
  if (pos.remainingQty.lte(0)) {
    await cancelResting();
    const settled = await settlePositions([{ positionId, actions: [{ type: "close", price: pos.entryPrice?.toFixed() ?? "0", reason }] }]);
    return settled.closed.some((c) => c.positionId === positionId) ? settled : { ...settled, skipped: "closed" };
  }
  const scope = pos.signalId ? { signalId: pos.signalId } : { positionId };
  // The claim is made under the position's row lock, from what is true then: the reads above are not
  // one snapshot (a racing close could settle between them), and a claim made from a stale view
  // once sent a second market order (Binance refused it as reduce-only, -2022).
  const close = await db()
    .$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<{ status: string; remaining_qty: string }[]>`
        SELECT status::text AS status, remaining_qty::text AS remaining_qty FROM positions WHERE id = ${positionId}::uuid FOR UPDATE`;
      if (row?.status !== "OPEN" || dec(row.remaining_qty).lte(0)) return "closed" as const;
      const closes = await tx.order.findMany({ where: { positionId, kind: "CLOSE" }, select: { status: true } });
      if (closes.some((o) => IN_FLIGHT.has(o.status))) return "closing" as const;
      return tx.order.create({
        data: {
          positionId,
          userId: pos.userId,
          clientOrderId: clientOrderId({ userId: pos.userId, ...scope, leg: "close", attempt: closes.length }),
          kind: "CLOSE",
          side: pos.direction === "LONG" ? "SELL" : "BUY",
          type: "MARKET",
          qty: row.remaining_qty,
          reduceOnly: true,
          status: "NEW",
        },
      });
    })
    .catch((err: unknown) => {
      if (toAppError(err).code === "CONFLICT") return "closing" as const; // a racing call claimed this attempt
      throw err;
    });
  if (close === "closed" || close === "closing") return { ...first, skipped: close };
  let order: TExchangeOrder;
  try {
    order = await exchange.marketOrder({ symbol: pos.symbol, side: close.side, qty: close.qty.toFixed(), clientOrderId: close.clientOrderId, reduceOnly: true });
  } catch (err) {
    if (isOutcomeUnknown(err)) {
      // Binance may have taken it (a timeout after sending): the claim stays, so no second market
      // order goes out; the next close call looks the order up first (resolveInDoubtCloses).
      await db().order.update({ where: { id: close.id }, data: { error: `${IN_DOUBT}${toAppError(err).message}`.slice(0, 500) } });
      throw err;
    }
    // Refused: the claim is released so that a later close can try again.
    await db().order.update({ where: { id: close.id }, data: { status: "REJECTED", error: `not placed: ${toAppError(err).message}`.slice(0, 500) } });
    throw err;
  }
  await db().order.update({ where: { id: close.id }, data: { exchangeOrderId: order.exchangeOrderId } });
  await cancelResting();
  const trades = dec(order.filledQty).gt(0) ? await fetchOrderTrades(exchange, pos.symbol, order.exchangeOrderId) : null;
  const fee = (await exactFeeDelta(close.id, order.filledQty, trades)) ?? order.fee;
  const summary = await settlePositions([{ positionId, actions: [{ type: "exchange", orderId: close.id, status: order.status, filledQty: order.filledQty, avgPrice: order.avgPrice, fee, reason }] }]);
  await recordTrades([{ orderId: close.id, kind: "CLOSE", trades }]);
  return { ...summary, closed: [...first.closed, ...summary.closed] };
}

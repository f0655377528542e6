// What happens to a position when its orders fill (SPEC §6 "Events"), pure and exact. The database
// layer (settle-positions.ts) loads positions and orders, asks settlePosition what changes, and
// writes the answer back in bulk — for one manual close or ten thousand copies of a signal alike.
//
// Rules:
// - An exit fill of q at price x realizes (x − entry) × q (× −1 for a SHORT) minus the fee on q × x;
//   the entry fee was realized when the position opened, so realizedPnl is always net of fees.
// - A take-profit closes its share; the stop and a close take whatever remains. remainingQty reaches
//   0 → CLOSED, the other resting orders are cancelled, and the P&L % (of the margin) is final.
// - "Move stop to entry after TP1" (user setting): once a take-profit filled and some quantity
//   remains, the stop is replaced (cancelled, and a new stop with the next client order id) at the
//   entry price — never moved backwards.
// - Trailing stop (the owner's setting copied on the position): once `trailingAfterTp` take-profits
//   filled, every observed price (a take-profit's fill, the monitor's price, a "mark") may move the
//   stop the same way (trailing-stop.ts: pct behind the best price, by steps, never backwards).
// - Paper fills at market (a stop crossed, a close) are `slippageBps` worse for the trader; limit
//   take-profits fill at their price.
// - Paper resting orders rest in the database (status OPEN); live ones on the exchange, so for a live
//   position the orders to cancel and to place are handed back to the caller.
import { clientOrderId } from "../exchange/client-order-id";
import { dec, money, pct, str, type TDecimal } from "../decimal";
import { crossedOrders, slippedPrice } from "../exchange/paper-exchange";
import type { TExchangeMode } from "../exchange/types";
import { trailOnPrice } from "./trailing-stop";

export type TOrderKind = "ENTRY" | "TAKE_PROFIT" | "STOP_LOSS" | "CLOSE";
export type TOrderStatus = "NEW" | "OPEN" | "PARTIALLY_FILLED" | "FILLED" | "CANCELED" | "REJECTED" | "EXPIRED";

export type TPositionRow = {
  id: string;
  userId: number;
  signalId: string | null;
  symbol: string;
  direction: "LONG" | "SHORT";
  mode: TExchangeMode;
  status: "OPEN" | "CLOSED" | "FAILED";
  leverage: number;
  entryPrice: string | null;
  qty: string;
  remainingQty: string;
  margin: string;
  realizedPnl: string;
  fees: string;
  targetsHit: number;
  stopLoss: string | null;
  nextTpPrice: string | null;
  pnlPct: string;
  closeReason: string | null;
  closedAt: Date | null;
  /** The owner's strategy setting. */
  moveSlToEntryAfterTp1: boolean;
  /** Trailing stop distance in % (null = no trailing), active once `trailingAfterTp` take-profits filled. */
  trailingStopPct: string | null;
  trailingAfterTp: number | null;
  /** The best price seen since the trail became active. */
  trailExtreme: string | null;
};

export type TOrderRow = {
  id: string;
  clientOrderId: string;
  exchangeOrderId: string | null;
  kind: TOrderKind;
  side: "BUY" | "SELL";
  type: string;
  targetIndex: number | null;
  qty: string;
  price: string | null;
  triggerPrice: string | null;
  reduceOnly: boolean;
  status: TOrderStatus;
  filledQty: string;
  avgPrice: string | null;
};

export type TFillRow = { id: string; orderId: string; tradeId: string; qty: string; price: string; fee: string };

export type TSettleAction =
  /** Paper monitor: every resting take-profit / stop this market price crossed fills, then the trail follows it. */
  | { type: "cross"; price: string }
  /** A market price observation: an active trailing stop follows it (nothing fills). */
  | { type: "mark"; price: string }
  /** Signal event "TP n": resting take-profits 1..n fill at their own prices. */
  | { type: "targets"; upTo: number }
  /** Signal event "stop loss": the resting stop fills at `price` (default: its trigger). */
  | { type: "stop"; price?: string; reason?: string }
  /** Whatever remains closes at market `price`; resting orders are cancelled. */
  | { type: "close"; price: string; reason: string }
  /** Live: an order's state as the exchange reports it (cumulative filled quantity, average price). */
  | { type: "exchange"; orderId: string; status: TOrderStatus; filledQty: string; avgPrice: string | null; fee?: string | null; reason?: string };

export type TSettleContext = {
  feeRate: string;
  now: Date;
  newId: () => string;
  /** Paper market fills (stops, closes) this many basis points worse for the trader (default 0). */
  slippageBps?: number;
};

/** The price columns' scale: a slipped price never carries more decimals than the database keeps. */
const PRICE_PLACES = 12;

export type TSettlement = {
  position: TPositionRow;
  changed: boolean;
  /** Existing orders whose status or fill changed. */
  updatedOrders: TOrderRow[];
  /** Orders created here: a moved stop, a market close. */
  newOrders: TOrderRow[];
  fills: TFillRow[];
  /** True when this settlement closed the position. */
  closed: boolean;
  /** Live positions: resting orders to cancel on the exchange, and new orders to place there. */
  toCancel: TOrderRow[];
  toPlace: TOrderRow[];
};

const RESTING: ReadonlySet<TOrderStatus> = new Set(["OPEN", "PARTIALLY_FILLED"]);
const LIVE_PENDING: ReadonlySet<TOrderStatus> = new Set(["NEW", "OPEN", "PARTIALLY_FILLED"]);

/** Applies `actions` in order to a copy of the position and its orders; inputs are not mutated. */
export function settlePosition(position: TPositionRow, orders: TOrderRow[], actions: TSettleAction[], ctx: TSettleContext): TSettlement {
  const p: TPositionRow = { ...position };
  const list = orders.map((o) => ({ ...o }));
  const changedIds = new Set<string>();
  const out: TSettlement = { position: p, changed: false, updatedOrders: [], newOrders: [], fills: [], closed: false, toCancel: [], toPlace: [] };
  if (p.status !== "OPEN" || p.entryPrice === null) return out;
  const live = p.mode !== "PAPER";
  const entry = dec(p.entryPrice);
  const sign = p.direction === "LONG" ? 1 : -1;
  const exitSide = p.direction === "LONG" ? "SELL" : "BUY";
  const remaining = () => dec(p.remainingQty);
  const scope = p.signalId ? { signalId: p.signalId } : { positionId: p.id };
  const slippageBps = live ? 0 : (ctx.slippageBps ?? 0);
  /** A paper market exit at `price`: BUY pays up, SELL gets less. */
  const atMarket = (price: string) => str(dec(slippedPrice(price, exitSide, slippageBps)).toDecimalPlaces(PRICE_PLACES));

  const touch = (o: TOrderRow) => {
    if (!out.newOrders.includes(o)) changedIds.add(o.id);
  };

  function fill(o: TOrderRow, price: string, qty: TDecimal, fee: string | null, tradeId: string, reason: string) {
    const q = qty.gt(remaining()) ? remaining() : qty;
    if (q.lte(0)) return;
    const f = fee ?? money(q.mul(price).mul(ctx.feeRate));
    const gross = dec(price).sub(entry).mul(q).mul(sign);
    p.realizedPnl = money(dec(p.realizedPnl).add(gross).sub(f));
    p.fees = money(dec(p.fees).add(f));
    p.remainingQty = str(remaining().sub(q));
    const before = dec(o.filledQty);
    o.avgPrice = str(before.mul(o.avgPrice ?? 0).add(q.mul(price)).div(before.add(q)));
    o.filledQty = str(before.add(q));
    o.status = dec(o.filledQty).gte(o.qty) || remaining().isZero() ? "FILLED" : "PARTIALLY_FILLED";
    touch(o);
    out.fills.push({ id: ctx.newId(), orderId: o.id, tradeId, qty: str(q), price: str(dec(price)), fee: f });
    out.changed = true;
    if (o.kind === "TAKE_PROFIT" && o.targetIndex !== null) p.targetsHit = Math.max(p.targetsHit, o.targetIndex);
    if (remaining().isZero()) return close(reason);
    if (o.kind === "TAKE_PROFIT") {
      moveStopToEntry();
      trail(price);
    }
  }

  const unfilled = (o: TOrderRow) => dec(o.qty).sub(o.filledQty);
  const paperTrade = (o: TOrderRow) => `paper-${o.id}-${o.filledQty}`;
  const tpReason = (o: TOrderRow) => (o.kind === "TAKE_PROFIT" ? `TP${o.targetIndex ?? ""}` : o.kind === "STOP_LOSS" ? "SL" : "CLOSE");

  function cancel(o: TOrderRow) {
    if (live && o.exchangeOrderId !== null && LIVE_PENDING.has(o.status)) out.toCancel.push(o);
    o.status = "CANCELED";
    touch(o);
  }

  function close(reason: string) {
    p.status = "CLOSED";
    p.remainingQty = "0";
    p.closeReason = reason;
    p.closedAt = ctx.now;
    for (const o of list) if (o.kind !== "ENTRY" && (RESTING.has(o.status) || o.status === "NEW")) cancel(o);
    out.closed = true;
    out.changed = true;
  }

  const pendingStop = () => list.find((o) => o.kind === "STOP_LOSS" && LIVE_PENDING.has(o.status));

  function moveStopToEntry() {
    if (!p.moveSlToEntryAfterTp1 || p.targetsHit < 1 || remaining().lte(0)) return;
    const stop = pendingStop();
    if (stop?.triggerPrice && (sign > 0 ? dec(stop.triggerPrice).gte(entry) : dec(stop.triggerPrice).lte(entry))) return;
    moveStop(p.entryPrice!);
  }

  const trailing = () =>
    p.status === "OPEN" && p.trailingStopPct !== null && dec(p.trailingStopPct).gt(0) && p.targetsHit >= (p.trailingAfterTp ?? 1) && remaining().gt(0);

  function trail(price: string) {
    if (!trailing()) return;
    const next = trailOnPrice({ direction: p.direction, pct: p.trailingStopPct!, extreme: p.trailExtreme, stop: p.stopLoss }, price);
    if (p.trailExtreme === null || !dec(next.extreme).eq(p.trailExtreme)) {
      p.trailExtreme = next.extreme;
      out.changed = true;
    }
    if (next.stop !== null) moveStop(next.stop);
  }

  /** Replaces the working stop by one at `trigger` (the caller decided it is better for the trader). */
  function moveStop(trigger: string) {
    const stop = pendingStop();
    p.stopLoss = trigger;
    out.changed = true;
    if (stop && out.newOrders.includes(stop)) {
      // Created by this very settlement and not on the exchange yet: aim it again instead of
      // cancelling an order nobody has seen (a TP fill can move it twice: to the entry, then the trail).
      stop.triggerPrice = trigger;
      stop.qty = str(remaining());
      return;
    }
    if (stop) cancel(stop);
    const attempt = list.filter((o) => o.kind === "STOP_LOSS").length;
    const moved: TOrderRow = {
      id: ctx.newId(),
      clientOrderId: clientOrderId({ userId: p.userId, ...scope, leg: "sl", attempt }),
      exchangeOrderId: null,
      kind: "STOP_LOSS",
      side: exitSide,
      type: "STOP_MARKET",
      targetIndex: null,
      qty: str(remaining()),
      price: null,
      triggerPrice: trigger,
      reduceOnly: true,
      status: live ? "NEW" : "OPEN",
      filledQty: "0",
      avgPrice: null,
    };
    list.push(moved);
    out.newOrders.push(moved);
    if (live) out.toPlace.push(moved);
  }

  const byTarget = (a: TOrderRow, b: TOrderRow) => (a.targetIndex ?? 0) - (b.targetIndex ?? 0);
  for (const action of actions) {
    if (p.status !== "OPEN") break;
    switch (action.type) {
      case "cross": {
        const resting = list.filter((o) => RESTING.has(o.status) && (o.kind === "TAKE_PROFIT" || o.kind === "STOP_LOSS"));
        const view = resting.map((o) => ({ order: o, side: o.side, kind: o.kind === "TAKE_PROFIT" ? ("limit" as const) : ("stop_market" as const), price: o.price, triggerPrice: o.triggerPrice }));
        const crossed = crossedOrders(view, action.price).map((v) => v.order);
        for (const o of [...crossed.filter((x) => x.kind === "TAKE_PROFIT").sort(byTarget), ...crossed.filter((x) => x.kind === "STOP_LOSS")]) {
          if (!RESTING.has(o.status)) continue; // a take-profit's close may have cancelled it
          const at = o.kind === "TAKE_PROFIT" && o.price !== null ? o.price : atMarket(action.price);
          fill(o, at, unfilled(o), null, paperTrade(o), tpReason(o));
        }
        // The trail follows after the fills: a price that is a new best cannot cross the stop trailing
        // pct behind it, and a price that crosses the stop is no new best — so the order matters only
        // for the take-profits this price filled, which may be the ones that activate the trail.
        trail(action.price);
        break;
      }
      case "mark":
        trail(action.price);
        break;
      case "targets": {
        const due = list.filter((o) => o.kind === "TAKE_PROFIT" && RESTING.has(o.status) && (o.targetIndex ?? 0) <= action.upTo).sort(byTarget);
        for (const o of due) if (RESTING.has(o.status) && o.price) fill(o, o.price, unfilled(o), null, paperTrade(o), tpReason(o));
        break;
      }
      case "stop": {
        const stop = list.find((o) => o.kind === "STOP_LOSS" && RESTING.has(o.status));
        const at = action.price ?? stop?.triggerPrice ?? p.stopLoss;
        if (stop && at) fill(stop, atMarket(at), remaining(), null, paperTrade(stop), action.reason ?? "SL");
        else if (at) closeAtMarket(at, action.reason ?? "SL");
        break;
      }
      case "close":
        closeAtMarket(action.price, action.reason);
        break;
      case "exchange": {
        const o = list.find((x) => x.id === action.orderId);
        if (!o) break;
        const delta = dec(action.filledQty).sub(o.filledQty);
        const trade = `${o.exchangeOrderId ?? o.clientOrderId}-${str(dec(action.filledQty))}`;
        if (delta.gt(0) && action.avgPrice) fill(o, action.avgPrice, delta, action.fee ?? null, trade, action.reason ?? tpReason(o));
        // Fills set FILLED / PARTIALLY_FILLED themselves; other news (acknowledged, cancelled, expired) is recorded as is.
        const settled = o.status === "FILLED" || o.status === "CANCELED";
        if (!settled && o.status !== action.status && action.status !== "FILLED" && action.status !== "PARTIALLY_FILLED") {
          o.status = action.status;
          touch(o);
          out.changed = true;
        }
        break;
      }
    }
  }

  /** Paper: a filled market order for the rest. (Live closes arrive as "exchange" fills of their CLOSE order.) */
  function closeAtMarket(price: string, reason: string) {
    if (remaining().lte(0)) return close(reason);
    const attempt = list.filter((o) => o.kind === "CLOSE").length;
    const order: TOrderRow = {
      id: ctx.newId(),
      clientOrderId: clientOrderId({ userId: p.userId, ...scope, leg: "close", attempt }),
      exchangeOrderId: null,
      kind: "CLOSE",
      side: exitSide,
      type: "MARKET",
      targetIndex: null,
      qty: p.remainingQty,
      price: null,
      triggerPrice: null,
      reduceOnly: true,
      status: "FILLED",
      filledQty: "0",
      avgPrice: null,
    };
    list.push(order);
    out.newOrders.push(order);
    fill(order, atMarket(price), remaining(), null, `paper-${order.id}`, reason);
  }

  const tps = list.filter((o) => o.kind === "TAKE_PROFIT" && LIVE_PENDING.has(o.status) && o.price !== null).map((o) => dec(o.price!));
  p.nextTpPrice = p.status !== "OPEN" || tps.length === 0 ? null : str(sign > 0 ? tps.reduce((a, b) => (b.lt(a) ? b : a)) : tps.reduce((a, b) => (b.gt(a) ? b : a)));
  p.pnlPct = dec(p.margin).gt(0) ? pct(dec(p.realizedPnl).div(p.margin).mul(100)) : "0";
  const same = (a: string | null, b: string | null) => a === b || (a !== null && b !== null && dec(a).eq(b));
  out.changed ||= !same(p.nextTpPrice, position.nextTpPrice);
  out.updatedOrders = list.filter((o) => changedIds.has(o.id));
  return out;
}

// Conditional orders (the Algo Order API): POST/GET/DELETE /fapi/v1/algoOrder, GET openAlgoOrders,
// DELETE algoOpenOrders, and their lifecycle NEW → TRIGGERING → TRIGGERED (a child market order) →
// FINISHED when the watched price crosses the trigger, scriptable per order (scriptAlgo/advanceAlgo).
import type { TAccountBook } from "./account";
import { CONDITIONAL_TYPES, type TOrderBook } from "./orders";
import { D, algoKey, fail, watched, type TAccount, type TAnswer, type TDec, type TFakeAlgoOrder, type TFakeOrder, type TFakeSymbol, type TParams, type TState } from "./state";

export function createAlgoBook(st: TState, book: TAccountBook, orderBook: TOrderBook) {
  const { symbols, orders, algoOrders, algoScripts, defaultKey, maxOpenAlgo, symbolOf, accountOf } = st;
  const { position, reduces, fillOrder } = book;
  const { positionSideFor, checkQty, checkPrice, checkClientId } = orderBook;

  function newAlgoOrder(a: TAccount, p: TParams): ReturnType<typeof algoWire> {
    if (p.algoType !== "CONDITIONAL") fail(-1102, "Mandatory parameter 'algoType' was not sent, was empty/null, or malformed.");
    const s = symbolOf(p.symbol);
    const type = p.type ?? "";
    if (!CONDITIONAL_TYPES.has(type)) fail(-1116, "Invalid orderType.");
    const side = p.side === "BUY" || p.side === "SELL" ? p.side : fail(-1117, "Invalid side.");
    const positionSide = positionSideFor(a, p);
    const clientAlgoId = checkClientId(p.clientAlgoId, a.algoOrders.filter((o) => o.algoStatus === "NEW").map((o) => o.clientAlgoId));
    const closePosition = p.closePosition === "true";
    if (closePosition) checkClosePosition(a, s.symbol, type, side, positionSide, p);
    if (a.algoOrders.filter((o) => o.algoStatus === "NEW").length >= maxOpenAlgo) fail(-4045, "Reach max stop order limit.");
    const qty = closePosition ? null : checkQty(s, p.quantity, s.maxQty);
    const triggerAt = checkPrice(s, p.triggerPrice, "triggerPrice");
    const limitPrice = type === "STOP" || type === "TAKE_PROFIT" ? checkPrice(s, p.price, "price") : null;
    const workingType = p.workingType ?? "CONTRACT_PRICE";
    if (workingType !== "MARK_PRICE" && workingType !== "CONTRACT_PRICE") fail(-1116, "Invalid workingType.");
    const crossed = wouldTrigger(type, side, triggerAt, watched(s, workingType));
    if (crossed && st.immediateTrigger === "reject") fail(-2021, "Order would immediately trigger.");
    const now = Date.now();
    const order: TFakeAlgoOrder = {
      apiKey: a.apiKey,
      algoId: st.nextAlgoId++,
      clientAlgoId,
      symbol: s.symbol,
      side,
      orderType: type,
      positionSide,
      quantity: qty ? qty.toFixed() : "0",
      triggerPrice: triggerAt.toFixed(),
      price: limitPrice ? limitPrice.toFixed() : "0",
      workingType,
      reduceOnly: p.reduceOnly === "true",
      closePosition,
      priceProtect: p.priceProtect === "true",
      timeInForce: p.timeInForce ?? "GTC",
      algoStatus: "NEW",
      actualOrderId: null,
      createTime: now,
      updateTime: now,
      triggerTime: 0,
    };
    algoOrders.push(order);
    a.algoOrders.push(order);
    const wire = algoWire(order); // the answer shows it NEW, as accepted, even if it fires right away
    if (crossed) trigger(order, new D(s.price));
    return wire;
  }

  /** closePosition: STOP_MARKET / TAKE_PROFIT_MARKET only, without quantity or reduceOnly, one per direction. */
  function checkClosePosition(a: TAccount, symbol: string, type: string, side: string, positionSide: string, p: TParams) {
    if (type !== "STOP_MARKET" && type !== "TAKE_PROFIT_MARKET") fail(-1106, "Parameter 'closePosition' sent when not required.");
    if (p.quantity !== undefined) fail(-1106, "Parameter 'quantity' sent when not required.");
    if (p.reduceOnly !== undefined) fail(-1106, "Parameter 'reduceOnly' sent when not required.");
    const taken = a.algoOrders.some(
      (o) => o.symbol === symbol && o.algoStatus === "NEW" && o.closePosition && o.side === side && o.positionSide === positionSide && o.orderType === type,
    );
    if (taken) fail(-4130, "An open stop or take profit order with GTE and closePosition in the direction is existing.");
  }

  /** STOP types trigger when the price moves against the side; TAKE_PROFIT types when it moves in favour. */
  function wouldTrigger(type: string, side: "BUY" | "SELL", trigger: TDec, price: TDec): boolean {
    const isStop = type === "STOP" || type === "STOP_MARKET" || type === "TRAILING_STOP_MARKET";
    const up = price.gte(trigger);
    const down = price.lte(trigger);
    if (isStop) return side === "BUY" ? up : down;
    return side === "BUY" ? down : up;
  }

  function trigger(o: TFakeAlgoOrder, price: TDec) {
    const a = accountOf(o.apiKey);
    const held = position(a, o.symbol, o.positionSide).amt.abs();
    o.triggerTime = Date.now();
    o.updateTime = o.triggerTime;
    if ((o.reduceOnly || o.closePosition) && (held.isZero() || !reduces(a, o.symbol, o.side, o.positionSide))) {
      o.algoStatus = "REJECTED";
      return;
    }
    o.algoStatus = "TRIGGERING";
    if (algoScripts.get(algoKey(o.apiKey, o.clientAlgoId))?.holdAt === "TRIGGERING") return;
    placeChild(o, price);
  }

  /** The market (or limit) order a triggered conditional order sends to the matching engine. */
  function placeChild(o: TFakeAlgoOrder, price: TDec, hold = false) {
    const a = accountOf(o.apiKey);
    const held = position(a, o.symbol, o.positionSide).amt.abs();
    const qty = o.closePosition ? held : new D(o.quantity);
    const now = Date.now();
    const child: TFakeOrder = {
      apiKey: o.apiKey,
      orderId: st.nextOrderId++,
      clientOrderId: `algo_${o.algoId}`,
      symbol: o.symbol,
      side: o.side,
      type: "MARKET",
      status: "NEW",
      price: "0",
      avgPrice: "0",
      origQty: qty.toFixed(),
      executedQty: "0",
      cumQuote: "0",
      timeInForce: "GTC",
      reduceOnly: o.reduceOnly || o.closePosition,
      positionSide: o.positionSide,
      commission: "0",
      time: now,
      updateTime: now,
    };
    orders.push(child);
    accountOf(o.apiKey).orders.push(child);
    o.algoStatus = "TRIGGERED";
    o.actualOrderId = child.orderId;
    o.updateTime = now;
    if (hold || algoScripts.get(algoKey(o.apiKey, o.clientAlgoId))?.holdAt === "TRIGGERED") return;
    finishChild(o, child, price);
  }

  function finishChild(o: TFakeAlgoOrder, child: TFakeOrder, price: TDec) {
    const script = algoScripts.get(algoKey(o.apiKey, o.clientAlgoId));
    const at = o.orderType === "STOP" || o.orderType === "TAKE_PROFIT" ? new D(o.price) : price;
    if (script?.childFill !== undefined) {
      const part = new D(script.childFill);
      if (part.gt(0)) fillOrder(accountOf(o.apiKey), child, at, false, part);
      child.status = script.childEnd ?? "CANCELED";
      child.updateTime = Date.now();
    } else {
      fillOrder(accountOf(o.apiKey), child, at);
    }
    o.algoStatus = "FINISHED";
    o.updateTime = Date.now();
  }

  function advanceAlgo(clientAlgoId: string, apiKey = defaultKey) {
    const o = algoOrders.find((x) => x.apiKey === apiKey && x.clientAlgoId === clientAlgoId);
    if (!o) throw new Error(`fake Binance: no conditional order ${clientAlgoId}`);
    const script = algoScripts.get(algoKey(apiKey, clientAlgoId));
    if (script) delete script.holdAt;
    const price = new D(symbols.get(o.symbol)!.price);
    if (o.algoStatus === "TRIGGERING") placeChild(o, price, true);
    else if (o.algoStatus === "TRIGGERED") finishChild(o, orders.find((x) => x.orderId === o.actualOrderId)!, price);
    else throw new Error(`fake Binance: ${clientAlgoId} is ${o.algoStatus}, not held`);
  }

  /** Conditional orders fire on the price their workingType watches; the child market order fills at the last price. */
  function triggerCrossed(s: TFakeSymbol) {
    for (const o of algoOrders) {
      if (o.symbol === s.symbol && o.algoStatus === "NEW" && wouldTrigger(o.orderType, o.side, new D(o.triggerPrice), watched(s, o.workingType))) trigger(o, new D(s.price));
    }
  }
  const algoWire = (o: TFakeAlgoOrder) => ({
    algoId: o.algoId,
    clientAlgoId: o.clientAlgoId,
    algoType: "CONDITIONAL",
    orderType: o.orderType,
    symbol: o.symbol,
    side: o.side,
    positionSide: o.positionSide,
    timeInForce: o.timeInForce,
    quantity: o.quantity,
    algoStatus: o.algoStatus,
    actualOrderId: o.actualOrderId === null ? "" : String(o.actualOrderId),
    triggerPrice: o.triggerPrice,
    price: o.price,
    icebergQuantity: null,
    selfTradePreventionMode: "EXPIRE_MAKER",
    workingType: o.workingType,
    priceMatch: "NONE",
    closePosition: o.closePosition,
    priceProtect: o.priceProtect,
    reduceOnly: o.reduceOnly,
    createTime: o.createTime,
    updateTime: o.updateTime,
    triggerTime: o.triggerTime,
    goodTillDate: 0,
  });
  function findAlgo(a: TAccount, p: TParams): TFakeAlgoOrder | undefined {
    if (p.algoId === undefined && p.clientAlgoId === undefined) fail(-1102, "Param 'clientAlgoId' or 'algoId' must be sent, but both were empty/null!");
    return a.algoOrders.find((o) => (p.algoId !== undefined ? String(o.algoId) === p.algoId : o.clientAlgoId === p.clientAlgoId));
  }

  function route(a: TAccount, route: string, p: TParams): TAnswer | undefined {
    const ok = (body: unknown): TAnswer => ({ status: 200, body });
    switch (route) {
      case "POST /fapi/v1/algoOrder":
        return ok(newAlgoOrder(a, p));
      case "GET /fapi/v1/algoOrder": {
        const o = findAlgo(a, p);
        return o ? ok(algoWire(o)) : fail(-2013, "Order does not exist.");
      }
      case "DELETE /fapi/v1/algoOrder": {
        const o = findAlgo(a, p);
        if (!o || o.algoStatus !== "NEW") fail(-2011, "Unknown order sent.");
        o!.algoStatus = "CANCELED";
        o!.updateTime = Date.now();
        return ok({ algoId: o!.algoId, clientAlgoId: o!.clientAlgoId, code: "200", msg: "success" });
      }
      case "GET /fapi/v1/openAlgoOrders": {
        const s = p.symbol !== undefined ? symbolOf(p.symbol).symbol : undefined;
        return ok(a.algoOrders.filter((o) => o.algoStatus === "NEW" && (s === undefined || o.symbol === s)).map(algoWire));
      }
      case "DELETE /fapi/v1/algoOpenOrders": {
        const s = symbolOf(p.symbol).symbol;
        for (const o of a.algoOrders) if (o.symbol === s && o.algoStatus === "NEW") Object.assign(o, { algoStatus: "CANCELED", updateTime: Date.now() });
        return ok({ code: 200, msg: "The operation of cancel all open order is done." });
      }
      default:
        return undefined;
    }
  }

  return { advanceAlgo, triggerCrossed, route };
}

export type TAlgoBook = ReturnType<typeof createAlgoBook>;

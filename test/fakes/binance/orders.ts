// Normal orders: placement checks as Binance makes them (filters, precision, position side, client
// ids, margin, PERCENT_PRICE, timeInForce), and POST/GET/DELETE /fapi/v1/order, GET openOrders,
// DELETE allOpenOrders. Conditional types answer -4120: they moved to the Algo Order API (Dec 2025).
import type { TAccountBook } from "./account";
import { D, decimals, fail, isMultiple, markOf, places, type TAccount, type TAnswer, type TDec, type TFakeOrder, type TFakeSymbol, type TParams, type TState } from "./state";

export const CONDITIONAL_TYPES = new Set(["STOP", "STOP_MARKET", "TAKE_PROFIT", "TAKE_PROFIT_MARKET", "TRAILING_STOP_MARKET"]);
const CLIENT_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;
const TIME_IN_FORCE = new Set(["GTC", "IOC", "FOK", "GTX", "GTD"]);
const PERCENT_PRICE_UP = "1.05";
const PERCENT_PRICE_DOWN = "0.95";

export function createOrderBook(st: TState, book: TAccountBook) {
  const { orders, symbolOf } = st;
  const { position, leverageOf, available, reduces, isOpen, fillOrder } = book;
  function positionSideFor(a: TAccount, p: TParams): "BOTH" | "LONG" | "SHORT" {
    const ps = p.positionSide ?? "BOTH";
    if (a.dualSide) {
      if (ps !== "LONG" && ps !== "SHORT") fail(-4061, "Order's position side does not match user's setting.");
      if (p.reduceOnly !== undefined) fail(-1106, "Parameter 'reduceonly' sent when not required.");
    } else if (ps !== "BOTH") {
      fail(-4061, "Order's position side does not match user's setting.");
    }
    return ps as "BOTH" | "LONG" | "SHORT";
  }

  function checkQty(s: TFakeSymbol, raw: string | undefined, max: string): TDec {
    if (raw === undefined || raw === "") fail(-1102, "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed.");
    const qty = new D(raw!);
    if (qty.lte(0)) fail(-4003, "Quantity less than or equal to zero.");
    if (decimals(raw!) > places(s.stepSize)) fail(-1111, "Precision is over the maximum defined for this asset.");
    if (!isMultiple(qty, s.stepSize)) fail(-4023, "Quantity not increased by step size.");
    if (qty.lt(s.minQty)) fail(-4004, "Quantity less than min quantity.");
    if (qty.gt(max)) fail(-4005, "Quantity greater than max quantity.");
    return qty;
  }

  function checkPrice(s: TFakeSymbol, raw: string | undefined, name: string): TDec {
    if (raw === undefined || raw === "") fail(-1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
    const price = new D(raw!);
    if (price.lte(0)) fail(-4001, "Price less than 0.");
    if (decimals(raw!) > places(s.tickSize)) fail(-1111, "Precision is over the maximum defined for this asset.");
    if (!isMultiple(price, s.tickSize)) fail(-4014, "Price not increased by tick size.");
    return price;
  }

  /** `open`: the ids of the account's open orders of the same kind. */
  function checkClientId(id: string | undefined, open: string[]): string {
    if (id === undefined) return `web_${Math.random().toString(36).slice(2, 18)}`;
    if (!CLIENT_ID.test(id)) fail(-4015, "Client order id length should be less than 36 chars");
    if (open.includes(id)) fail(-4116, "ClientOrderId is duplicated.");
    return id;
  }

  function checkOpeningOrder(a: TAccount, s: TFakeSymbol, qty: TDec, price: TDec, opening: boolean) {
    if (!opening) return;
    const notional = qty.mul(price);
    if (notional.lt(s.minNotional)) fail(-4164, `Order's notional must be no smaller than ${s.minNotional} (unless you choose reduce only).`);
    if (notional.div(leverageOf(a, s.symbol)).gt(available(a))) fail(-2019, "Margin is insufficient.");
  }

  function newOrder(a: TAccount, p: TParams): TFakeOrder {
    const s = symbolOf(p.symbol);
    const type = p.type ?? fail(-1102, "Mandatory parameter 'type' was not sent, was empty/null, or malformed.");
    if (CONDITIONAL_TYPES.has(type)) fail(-4120, "Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.");
    if (type !== "MARKET" && type !== "LIMIT") return fail(-1116, "Invalid orderType.");
    const side = p.side === "BUY" || p.side === "SELL" ? p.side : fail(-1117, "Invalid side.");
    const positionSide = positionSideFor(a, p);
    const clientOrderId = checkClientId(p.newClientOrderId, a.orders.filter(isOpen).map((o) => o.clientOrderId));
    const qty = checkQty(s, p.quantity, type === "MARKET" ? s.marketMaxQty : s.maxQty);
    const market = new D(s.price);
    const limit = type === "LIMIT" ? checkPrice(s, p.price, "price") : null;
    const tif = type === "LIMIT" ? checkTimeInForce(p) : "GTC";
    if (limit) checkPercentPrice(s, side, limit);
    const reduceOnly = p.reduceOnly === "true";
    const reducing = reduces(a, s.symbol, side, positionSide);
    if (reduceOnly && !reducing) fail(-2022, "ReduceOnly Order is rejected.");
    if (positionSide !== "BOTH" && reducing && position(a, s.symbol, positionSide).amt.isZero()) fail(-2022, "ReduceOnly Order is rejected.");
    checkOpeningOrder(a, s, qty, limit ?? market, !reducing);
    const now = Date.now();
    const order: TFakeOrder = {
      apiKey: a.apiKey,
      orderId: st.nextOrderId++,
      clientOrderId,
      symbol: s.symbol,
      side,
      type,
      status: "NEW",
      price: limit ? limit.toFixed() : "0",
      avgPrice: "0",
      origQty: qty.toFixed(),
      executedQty: "0",
      cumQuote: "0",
      timeInForce: tif,
      reduceOnly,
      positionSide,
      commission: "0",
      time: now,
      updateTime: now,
    };
    orders.push(order);
    a.orders.push(order);
    const crosses = limit !== null && (side === "BUY" ? limit.gte(market) : limit.lte(market));
    if (tif === "GTX" && crosses) {
      orders.pop();
      a.orders.pop();
      fail(-5022, "Due to the order could not be executed as maker, the Post Only order will be rejected.");
    }
    if (type === "MARKET" || crosses) fillOrder(a, order, market);
    else if (tif === "IOC" || tif === "FOK") Object.assign(order, { status: "EXPIRED", updateTime: Date.now() }); // nothing to take now
    return order;
  }

  /** LIMIT orders need one of Binance's timeInForce values; GTD also needs goodTillDate. */
  function checkTimeInForce(p: TParams): string {
    const tif = p.timeInForce ?? fail(-1102, "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed.");
    if (!TIME_IN_FORCE.has(tif)) fail(-1115, "Invalid timeInForce.");
    if (tif === "GTD" && !p.goodTillDate) fail(-1102, "Mandatory parameter 'goodTillDate' was not sent, was empty/null, or malformed.");
    return tif;
  }

  /** PERCENT_PRICE: a BUY limit at most mark × 1.05, a SELL limit at least mark × 0.95. */
  function checkPercentPrice(s: TFakeSymbol, side: "BUY" | "SELL", price: TDec) {
    const mark = new D(markOf(s));
    const cap = mark.mul(PERCENT_PRICE_UP).toDecimalPlaces(places(s.tickSize), D.ROUND_DOWN);
    const floor = mark.mul(PERCENT_PRICE_DOWN).toDecimalPlaces(places(s.tickSize), D.ROUND_UP);
    if (side === "BUY" && price.gt(cap)) fail(-4016, `Limit price can't be higher than ${cap.toFixed()}.`);
    if (side === "SELL" && price.lt(floor)) fail(-4024, `Limit price can't be lower than ${floor.toFixed()}.`);
  }

  const orderWire = (o: TFakeOrder) => ({
    orderId: o.orderId,
    symbol: o.symbol,
    status: o.status,
    clientOrderId: o.clientOrderId,
    price: o.price,
    avgPrice: o.avgPrice,
    origQty: o.origQty,
    executedQty: o.executedQty,
    cumQty: o.executedQty,
    cumQuote: o.cumQuote,
    timeInForce: o.timeInForce,
    type: o.type,
    reduceOnly: o.reduceOnly,
    closePosition: false,
    side: o.side,
    positionSide: o.positionSide,
    stopPrice: "0",
    workingType: "CONTRACT_PRICE",
    priceProtect: false,
    origType: o.type,
    priceMatch: "NONE",
    selfTradePreventionMode: "EXPIRE_MAKER",
    goodTillDate: 0,
    time: o.time,
    updateTime: o.updateTime,
  });
  function findOrder(a: TAccount, p: TParams): TFakeOrder {
    const s = symbolOf(p.symbol);
    const found = a.orders.find(
      (o) => o.symbol === s.symbol && (p.orderId !== undefined ? String(o.orderId) === p.orderId : o.clientOrderId === p.origClientOrderId),
    );
    if (p.orderId === undefined && p.origClientOrderId === undefined) fail(-1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
    return found ?? fail(-2013, "Order does not exist.");
  }

  function route(a: TAccount, route: string, p: TParams): TAnswer | undefined {
    const ok = (body: unknown): TAnswer => ({ status: 200, body });
    switch (route) {
      case "POST /fapi/v1/order":
        return ok(orderWire(newOrder(a, p)));
      case "GET /fapi/v1/order":
        return ok(orderWire(findOrder(a, p)));
      case "DELETE /fapi/v1/order": {
        const o = (() => {
          try {
            return findOrder(a, p);
          } catch {
            return fail(-2011, "Unknown order sent.");
          }
        })();
        if (!isOpen(o)) fail(-2011, "Unknown order sent.");
        o.status = "CANCELED";
        o.updateTime = Date.now();
        return ok(orderWire(o));
      }
      case "GET /fapi/v1/openOrders": {
        const s = p.symbol !== undefined ? symbolOf(p.symbol).symbol : undefined;
        return ok(a.orders.filter((o) => isOpen(o) && (s === undefined || o.symbol === s)).map(orderWire));
      }
      case "DELETE /fapi/v1/allOpenOrders": {
        const s = symbolOf(p.symbol).symbol;
        for (const o of a.orders) if (o.symbol === s && isOpen(o)) Object.assign(o, { status: "CANCELED", updateTime: Date.now() });
        return ok({ code: 200, msg: "The operation of cancel all open order is done." });
      }
      default:
        return undefined;
    }
  }

  return { positionSideFor, checkQty, checkPrice, checkClientId, route };
}

export type TOrderBook = ReturnType<typeof createOrderBook>;

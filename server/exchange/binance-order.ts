// Binance's order objects (normal orders from /fapi/v1/order, conditional ones from the Algo Order API)
// → TExchangeOrder. Read from ccxt's `info` (Binance's raw strings), so no float ever touches a quantity.
import { dec, str } from "../decimal";
import type { TExchangeOrder, TOrderSide, TOrderState } from "./types";

type TRaw = Record<string, unknown>;

const NORMAL_STATUS: Record<string, TOrderState> = {
  NEW: "OPEN",
  PARTIALLY_FILLED: "PARTIALLY_FILLED",
  FILLED: "FILLED",
  CANCELED: "CANCELED",
  PENDING_CANCEL: "OPEN",
  REJECTED: "REJECTED",
  EXPIRED: "EXPIRED",
  EXPIRED_IN_MATCH: "EXPIRED",
};
// TRIGGERING, TRIGGERED and FINISHED say the trigger fired, not what filled: that is the child
// order's (actualOrderId) to tell, so they stay OPEN with fillUnknown until the child is read.
const ALGO_STATUS: Record<string, TOrderState> = {
  NEW: "OPEN",
  TRIGGERING: "OPEN",
  TRIGGERED: "OPEN",
  FINISHED: "OPEN",
  CANCELED: "CANCELED",
  CANCELLED: "CANCELED",
  REJECTED: "REJECTED",
  EXPIRED: "EXPIRED",
};

function text(raw: TRaw, key: string): string | null {
  const v = raw[key];
  if (typeof v === "number") return String(v);
  return typeof v === "string" && v !== "" ? v : null;
}
/** A positive decimal, or null for Binance's "0" / "0.00000" placeholders. */
function positive(raw: TRaw, key: string): string | null {
  const v = text(raw, key);
  if (v === null) return null;
  const d = dec(v);
  return d.gt(0) ? str(d) : null;
}

/** Algo statuses after the trigger fired: the fill lives in the child order. */
export const ALGO_FIRED = new Set(["TRIGGERING", "TRIGGERED", "FINISHED"]);

export function toOrder(info: unknown, hedge = false): TExchangeOrder {
  const raw = (info ?? {}) as TRaw;
  const algo = "algoId" in raw;
  const side: TOrderSide = raw.side === "SELL" ? "SELL" : "BUY";
  const positionSide = text(raw, "positionSide");
  const closing = hedge && ((positionSide === "LONG" && side === "SELL") || (positionSide === "SHORT" && side === "BUY"));
  const reduceOnly = raw.reduceOnly === true || raw.reduceOnly === "true" || closing;
  if (algo) {
    const qty = positive(raw, "quantity") ?? "0";
    const algoStatus = text(raw, "algoStatus") ?? "";
    const status = ALGO_STATUS[algoStatus] ?? "OPEN";
    return {
      exchangeOrderId: text(raw, "algoId") ?? "",
      clientOrderId: text(raw, "clientAlgoId") ?? "",
      symbol: text(raw, "symbol") ?? "",
      side,
      kind: "stop_market",
      conditional: true,
      status,
      qty,
      filledQty: "0",
      avgPrice: null,
      price: positive(raw, "price"),
      triggerPrice: positive(raw, "triggerPrice"),
      reduceOnly,
      fee: null,
      fillUnknown: ALGO_FIRED.has(algoStatus),
    };
  }
  const type = text(raw, "origType") ?? text(raw, "type") ?? "MARKET";
  const kind = type === "MARKET" ? "market" : type === "LIMIT" ? "limit" : "stop_market";
  const rawStatus = text(raw, "status") ?? "NEW";
  const filled = positive(raw, "executedQty") ?? "0";
  return {
    exchangeOrderId: text(raw, "orderId") ?? "",
    clientOrderId: text(raw, "clientOrderId") ?? "",
    symbol: text(raw, "symbol") ?? "",
    side,
    kind,
    conditional: false,
    status: rawStatus === "NEW" && kind === "market" ? "NEW" : (NORMAL_STATUS[rawStatus] ?? "OPEN"),
    qty: positive(raw, "origQty") ?? "0",
    filledQty: filled,
    avgPrice: filled === "0" ? null : positive(raw, "avgPrice"),
    price: kind === "market" ? null : positive(raw, "price"),
    triggerPrice: positive(raw, "stopPrice"),
    reduceOnly,
    fee: null,
  };
}

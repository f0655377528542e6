// The USDT balance of a user's trading account (phase 7 GET /api/users/:id/balance/:exchange, and
// what POST /api/exchanges/validate shows): the exchange's answer in a live mode, the simulated
// account in paper mode (capital + realized P&L, which the trading core keeps net of fees; free =
// total − margin of open positions).
import { db } from "../db/client";
import { requireTargetPlan } from "../subscriptions/require-plan";
import { MODE_TO_WIRE } from "./exchange-connection";
import { AppError, toAppError } from "../errors";
import { createAccountReader } from "../exchange/create-exchange";
import { dec, money } from "../decimal";
import { findTradingConnection, type TLoadedConnection } from "./trading-connection";

export type TBalanceDto = { exchange: "binance_futures"; mode: string; currency: "USDT"; total_usdt: string; free_usdt: string; source: "exchange" | "paper" };

export async function paperBalance(userId: number): Promise<{ totalUsdt: string; freeUsdt: string }> {
  const [user, realized, open] = await Promise.all([
    db().user.findUniqueOrThrow({ where: { id: userId }, select: { capitalUsdt: true } }),
    db().position.aggregate({ where: { userId, mode: "PAPER" }, _sum: { realizedPnl: true } }),
    db().position.findMany({ where: { userId, mode: "PAPER", status: "OPEN" }, select: { margin: true, qty: true, remainingQty: true } }),
  ]);
  const total = dec(user.capitalUsdt.toFixed()).add(dec(realized._sum.realizedPnl?.toFixed() ?? "0"));
  // The margin still in use: a position's margin in proportion to what remains open after take-profits.
  const used = open.reduce((sum, p) => (p.qty.isZero() ? sum : sum.add(dec(p.margin.toFixed()).mul(p.remainingQty.toFixed()).div(p.qty.toFixed()))), dec(0));
  const free = total.sub(used);
  return { totalUsdt: money(total), freeUsdt: money(free.isNegative() ? dec(0) : free) };
}

/**
 * A live account's balance through the user's keys. Keys the exchange refuses (unknown key, bad
 * signature, no futures permission, IP not whitelisted) are the user's input at fault: 400 naming
 * api_key, not a 403 the app would read as "not your account". Other exchange errors pass through.
 */
export async function liveBalance(conn: TLoadedConnection): Promise<{ totalUsdt: string; freeUsdt: string }> {
  try {
    return await createAccountReader(conn).balance();
  } catch (err) {
    const e = toAppError(err);
    if (e.code === "FORBIDDEN") throw new AppError("INVALID_INPUT", `api_key: ${e.message}`, { field: "api_key", cause: e });
    throw e;
  }
}

export async function getExchangeBalance(userId: number): Promise<TBalanceDto> {
  await requireTargetPlan(userId, "PREMIUM", "exchange connection");
  const conn = await findTradingConnection(userId);
  const mode = conn?.mode ?? "PAPER";
  if (mode !== "PAPER" && (!conn?.apiKey || !conn.apiSecret)) {
    throw new AppError("CONFLICT", "The live exchange connection has no API keys: connect again with api_key and api_secret");
  }
  const b = mode === "PAPER" ? await paperBalance(userId) : await liveBalance(conn!);
  return {
    exchange: "binance_futures",
    mode: MODE_TO_WIRE[mode],
    currency: "USDT",
    total_usdt: b.totalUsdt,
    free_usdt: b.freeUsdt,
    source: mode === "PAPER" ? "paper" : "exchange",
  };
}

// The protective-order watchdog (job watch-live-positions, every minute): for every OPEN live
// position whose entry filled, record what the exchange did with its orders (take-profit and stop
// fills, at their exact commissions), then make sure the stop and every take-profit still due rest on
// the exchange — re-placing what is missing (live-protection.ts) — and write `protected` and
// `protected_checked_at`. A position that cannot be protected alerts the admin chat once an hour.
//
// Cost: per user and symbol ONE open-orders snapshot (two requests: normal and conditional orders);
// an order missing from it is looked up by its client id, and a fill's trades are fetched once.
// Each user is handled on their own, with their own keys: one user's bad keys or an exchange error
// on one position never stops the others; every error is returned per position (and logged).
import { db } from "../db/client";
import { toAppError } from "../errors";
import type { TExchange, TExchangeOrder } from "../exchange/types";
import { liveTradingEnabled } from "../exchange-connections/trading-mode";
import { logger } from "../logger";
import { settleExactCommissions } from "./live-commissions";
import { exchangeForUser, reconcileLivePosition } from "./live-positions";
import { alertUnprotected } from "./live-protection";
import { feedOf, nowOf, type TTradingOptions } from "./options";
import { trailLivePositions } from "./trail-live-positions";

/** Users whose positions are checked at the same time (each makes its own requests with its own keys). */
export const WATCHDOG_USER_CONCURRENCY = 5;

export type TWatchedPosition = {
  id: string;
  userId: number;
  symbol: string;
  direction: string;
  mode: string;
  targetsHit: number;
  trailingStopPct: { toFixed(): string } | null;
  trailingAfterTp: number | null;
};

export type TWatchdogSummary = {
  positions: number;
  users: number;
  protected: number;
  unprotected: number;
  /** Positions the opener was still placing orders for, or closed by this run. */
  undecided: number;
  replaced: number;
  closed: number;
  errors: Array<{ positionId: string; userId: number; error: string }>;
  /** Why nothing was checked (live trading is off on this platform: no exchange may be created). */
  skipped?: string;
};

export type TWatchdogOptions = TTradingOptions & { userIds?: number[] };

export async function watchLivePositions(options: TWatchdogOptions = {}): Promise<TWatchdogSummary> {
  const now = nowOf(options);
  if (!liveTradingEnabled()) {
    return { positions: 0, users: 0, protected: 0, unprotected: 0, undecided: 0, replaced: 0, closed: 0, errors: [], skipped: "live trading is disabled on this platform" };
  }
  const rows = await db().position.findMany({
    where: { status: "OPEN", mode: { not: "PAPER" }, entryPrice: { not: null }, ...(options.userIds ? { userId: { in: options.userIds } } : {}) },
    select: { id: true, userId: true, symbol: true, direction: true, mode: true, targetsHit: true, trailingStopPct: true, trailingAfterTp: true },
    orderBy: [{ userId: "asc" }, { symbol: "asc" }],
  });
  const byUser = new Map<number, TWatchedPosition[]>();
  for (const r of rows) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r]);
  const summary: TWatchdogSummary = { positions: rows.length, users: byUser.size, protected: 0, unprotected: 0, undecided: 0, replaced: 0, closed: 0, errors: [] };
  const users = [...byUser.entries()];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < users.length; i = next++) await watchUser(users[i]![1], options, now, summary);
  };
  await Promise.all(Array.from({ length: Math.min(WATCHDOG_USER_CONCURRENCY, users.length) }, worker));
  // After the reconcile: a stop that filled since the last run is settled (the position closed)
  // before any trail could try to replace it.
  await feedTrailingPrices(withActiveTrail(rows), options);
  if (summary.errors.length > 0) logger.warn("watchdog: positions not checked", { count: summary.errors.length, first: summary.errors[0] });
  return summary;
}

async function watchUser(positions: TWatchedPosition[], options: TWatchdogOptions, now: Date, summary: TWatchdogSummary): Promise<void> {
  let exchange: TExchange;
  try {
    exchange = await exchangeForUser(positions[0]!.userId, options);
  } catch (err) {
    return failAll(positions, toAppError(err).message, now, summary);
  }
  for (const symbol of new Set(positions.map((p) => p.symbol))) {
    const mine = positions.filter((p) => p.symbol === symbol);
    let snapshot: TExchangeOrder[];
    try {
      snapshot = await exchange.openOrders(symbol);
    } catch (err) {
      await failAll(mine, toAppError(err).message, now, summary);
      continue;
    }
    for (const p of mine) await watchPosition(p, exchange, snapshot, now, summary);
  }
}

async function watchPosition(p: TWatchedPosition, exchange: TExchange, snapshot: TExchangeOrder[], now: Date, summary: TWatchdogSummary): Promise<void> {
  try {
    const r = await reconcileLivePosition(p.id, exchange, [], { openOrders: snapshot, verify: true, now });
    summary.closed += r.closed.length;
    if (r.closed.length === 0) await settleExactCommissions(p.id, p.symbol, exchange);
    const verdict = r.protection?.protected ?? null;
    if (verdict === true) summary.protected += 1;
    else if (verdict === false) summary.unprotected += 1;
    else summary.undecided += 1;
    summary.replaced += r.protection?.placed.length ?? 0;
  } catch (err) {
    const error = toAppError(err).message;
    summary.errors.push({ positionId: p.id, userId: p.userId, error });
    await alertUnprotected(p, [`could not be checked on the exchange: ${error}`], now).catch(() => undefined);
  }
}

/** The user's keys or the exchange failed before any position could be checked: each records the error. */
async function failAll(positions: TWatchedPosition[], error: string, now: Date, summary: TWatchdogSummary): Promise<void> {
  for (const p of positions) {
    summary.errors.push({ positionId: p.id, userId: p.userId, error });
    await alertUnprotected(p, [`could not be checked on the exchange: ${error}`], now).catch(() => undefined);
  }
}

/** Positions whose trailing stop is active: trailing_stop_pct set and targets_hit ≥ trailing_after_tp. */
export function withActiveTrail(positions: TWatchedPosition[]): TWatchedPosition[] {
  return positions.filter((p) => p.trailingStopPct !== null && p.targetsHit >= (p.trailingAfterTp ?? 1));
}

/**
 * Trailing stops of live positions: ONE batched public ticker request for the symbols of `trailing`,
 * handed to trailLivePositions, which moves the stops that are due (settled `mark` actions, the moved
 * stop placed on the owner's exchange). Binance's demo trading runs on the live market's prices, so
 * the public feed serves testnet positions too. It runs after the reconcile and protection checks
 * (a moved stop is verified by the next run); a feed that is down only delays the trail.
 */
async function feedTrailingPrices(trailing: TWatchedPosition[], options: TWatchdogOptions): Promise<void> {
  if (trailing.length === 0) return;
  let prices: Map<string, string>;
  try {
    prices = await feedOf(options).lastPrices([...new Set(trailing.map((p) => p.symbol))]);
  } catch (err) {
    logger.warn("watchdog: no prices for trailing stops this run", { error: toAppError(err).message });
    return;
  }
  const moved = await trailLivePositions(prices, options);
  if (moved.failed > 0) logger.warn("watchdog: trailing stops not moved", { ...moved });
}

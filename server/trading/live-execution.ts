// Placing a live position's orders on Binance (SPEC §8): leverage and margin mode first (only where
// they differ from the account's; over an open position Binance keeps them), the market
// entry, then one reduce-only take-profit limit per target and the reduce-only STOP_MARKET (Algo
// Order API). The position and its orders were written first with their client order ids, so a
// re-run resumes exactly the orders not yet acknowledged: each is looked up on the exchange by its
// client id before it is placed again, and an order the exchange already has is never sent twice.
//
// Outcomes: entry refused → position FAILED with the reason; entry outcome unknown (timeout and the
// look-ups could not tell) → the position stays OPEN with failure_code ENTRY_UNCONFIRMED for a
// re-run to resolve; a take-profit or stop that could not be placed → the position is OPEN but
// `protected = false`, and the admin chat is alerted.
// Position mode: unless the account is known to be in the connection's hedge_mode (learned when it
// was validated, stored with it: exchange-connections/account-state.ts), it is set before the entry
// (server/exchange-connections/position-mode.ts).
// What the entry costs on the IP's shared weight (a fan-out of 1,000 users spends it together):
// position mode, margin type and leverage are set only where the stored state does not already say
// so — for every process and restart (an entry refused with -4061 / -2027 shows they changed
// outside: set again, sent once more; a leverage over a lowered cap, -4028, reads the caps again).
// Live fees: Binance reports commissions per trade, not per order. The entry is recorded at the
// taker-rate estimate (0.04 %); once its protective orders rest its trades are fetched and charged
// exactly (live-commissions.ts) when the IP's minute has weight to spare — except for a fan-out's
// copies (exactFee "watchdog") — otherwise the watchdog does it on its next pass (every minute, for
// an OPEN position; one that closed before keeps the estimate, logged, as live-commissions.ts says).
import { randomUUID } from "node:crypto";
import { db, type Prisma } from "../db/client";
import { writeBatcher } from "../db/write-batcher";
import { toAppError } from "../errors";
import { dec, money, pct, str } from "../decimal";
import { ExchangeAppError, isOutcomeUnknown, isWouldTriggerNow } from "../exchange/errors";
import type { TAccountMemory } from "../exchange/account-memory";
import type { TExchange, TExchangeOrder, TExchangeMode } from "../exchange/types";
import { applyPositionMode, ensurePositionMode } from "../exchange-connections/position-mode";
import { logger } from "../logger";
import { LIVE_FEE_ESTIMATE_RATE, settleExactCommissions } from "./live-commissions";
import { closeLivePosition, reconcileLivePosition, STOP_CROSSED_REASON } from "./live-positions";
import { alertUnprotected, asProtective, placeProtectiveOrder, storeProtectionAcks } from "./live-protection";
import { slippagePct } from "./paper-entries";
import { insertFills } from "./position-store";

export type TLiveExecution = { outcome: "opened" | "failed" | "pending"; positionId: string; reason: string | null; protected: boolean };

export { LIVE_FEE_ESTIMATE_RATE };

/**
 * The connection the position trades through. open-position passes the loaded connection, whose
 * userId / mode / hedgeMode / sealedApiKey and what is known of the account (memory) let the
 * position mode be set once per account.
 */
export type TLiveAccount = { marginMode: "ISOLATED" | "CROSSED"; userId?: number; mode?: TExchangeMode; hedgeMode?: boolean; sealedApiKey?: string | null; memory?: TAccountMemory };

const LIVE_POSITION_INCLUDE = { orders: { orderBy: { createdAt: "asc" } }, signal: { select: { createdAt: true } } } satisfies Prisma.PositionInclude;

export type TLivePosition = NonNullable<Awaited<ReturnType<typeof loadLivePosition>>>;

/** Send the entry; or refuse it (the position FAILS with the code); or leave it to the run that took it over. */
export type TEntryVerdict = { send: true } | { send: false; fail: { code: string; reason: string } } | { send: false; pending: string };

/** An entry not sent, on purpose (beforeEntry). */
class EntryWithheld extends Error {
  constructor(readonly verdict: Exclude<TEntryVerdict, { send: true }>) {
    super("fail" in verdict ? verdict.fail.reason : verdict.pending);
  }
}

function loadLivePosition(positionId: string) {
  return db().position.findUnique({ where: { id: positionId }, include: LIVE_POSITION_INCLUDE });
}

/** GET /fapi/v1/userTrades' weight on the IP. */
const FEE_LOOKUP_WEIGHT = 5;

/** Places (or resumes) every order of a live position not yet acknowledged by the exchange. */
export async function executeLivePosition(
  positionId: string,
  exchange: TExchange,
  account: TLiveAccount,
  opts: {
    resume: boolean;
    now?: () => Date;
    /**
     * "now": the entry's exact fee is read once its protective orders rest (a user's own trade).
     * "watchdog": left to the watchdog's next pass — a fan-out's copies, whose 1,000 look-ups (weight
     * 5 each) would take the IP's minute from the users still waiting for their entry.
     */
    exactFee?: "now" | "watchdog";
    /** The position as just written (live-entries.ts): not read back (nothing else writes a copy being opened). */
    loaded?: TLivePosition;
    /**
     * Asked right before the entry order is sent (after its settings): a batch's risk check and
     * signal were read before its first entry, and another run may have taken the copy over since.
     */
    beforeEntry?: (pos: TLivePosition) => Promise<TEntryVerdict>;
  },
): Promise<TLiveExecution> {
  const now = () => opts.now?.() ?? new Date();
  const pos = opts.loaded ?? (await loadLivePosition(positionId));
  if (!pos) throw new Error(`position ${positionId} vanished`);
  if (pos.status !== "OPEN") return { outcome: pos.status === "FAILED" ? "failed" : "opened", positionId, reason: pos.failureReason, protected: pos.protected };

  const entry = pos.orders.find((o) => o.kind === "ENTRY");
  if (entry && entry.status !== "FILLED") {
    const result = await placeEntry(pos, entry, exchange, account, opts.resume, now, opts.beforeEntry);
    if (result.outcome !== "opened") return result;
    // Not read again: the entry's fill touched only the entry row and the position's amounts, and
    // what follows uses the protective rows (unchanged) and who / what the position is.
    entry.status = "FILLED";
  }
  const result = await placeProtection(pos, exchange, opts.resume, now());
  // Off the critical path: the entry is acknowledged and protected before its exact fee is asked for.
  if (entry && result.outcome === "opened" && opts.exactFee !== "watchdog") await settleEntryFee(pos.id, pos.symbol, exchange);
  return result;
}

/**
 * The entry's exact commission (its trades), once its protective orders rest. Not fetched here when
 * the IP's weight is short (a fan-out of many users): the watchdog catches it up within minutes.
 */
async function settleEntryFee(positionId: string, symbol: string, exchange: TExchange): Promise<void> {
  if (exchange.mode === "PAPER" || !exchange.hasWeightToSpare?.(FEE_LOOKUP_WEIGHT)) return;
  await settleExactCommissions(positionId, symbol, exchange).catch((err: unknown) => logger.warn("live: entry fee left to the watchdog", { positionId, error: toAppError(err).message }));
}

/**
 * The entry's exact commission before a close that follows it at once: the watchdog corrects only
 * open positions, so an estimate still there at the close would stay in the P&L for good. Rare
 * (the market crossed the stop within the entry's round trip), so the lookup's weight is spent.
 */
async function settleFeeBeforeClose(pos: TLivePosition, exchange: TExchange): Promise<void> {
  await settleExactCommissions(pos.id, pos.symbol, exchange).catch((err: unknown) => logger.warn("live: entry fee left at the estimate", { positionId: pos.id, error: toAppError(err).message }));
}

async function placeEntry(
  pos: TLivePosition,
  entry: TLivePosition["orders"][number],
  exchange: TExchange,
  account: TLiveAccount,
  resume: boolean,
  now: () => Date,
  beforeEntry?: (pos: TLivePosition) => Promise<TEntryVerdict>,
): Promise<TLiveExecution> {
  const ref = { symbol: pos.symbol, clientOrderId: entry.clientOrderId, conditional: false };
  let order: TExchangeOrder | null = null;
  try {
    if (resume || entry.exchangeOrderId) order = await exchange.findOrder(ref);
    if (!order) {
      try {
        order = await prepareAndSend(pos, entry, exchange, account, false, beforeEntry);
      } catch (err) {
        // Refused before anything happened, with an answer that shows what is remembered of the
        // account is stale (the user changed it in Binance's app): learn it again, send once more.
        if (!isStaleAccountState(err)) throw err;
        logger.warn("live: the account's settings changed outside the platform, setting them again", { positionId: pos.id, error: toAppError(err).message });
        order = await prepareAndSend(pos, entry, exchange, account, true, beforeEntry);
      }
    }
    // A market order acknowledged before its fill was reported: ask once more.
    if (dec(order.filledQty).isZero() && (order.status === "NEW" || order.status === "OPEN")) order = (await exchange.findOrder(ref)) ?? order;
  } catch (err) {
    if (err instanceof EntryWithheld) {
      const v = err.verdict;
      return "fail" in v ? failPosition(pos, v.fail.code, v.fail.reason) : { outcome: "pending", positionId: pos.id, reason: v.pending, protected: pos.protected };
    }
    const e = toAppError(err);
    if (isOutcomeUnknown(err)) return markUnconfirmed(pos, `entry not confirmed by the exchange: ${e.message}`);
    return failPosition(pos, "EXCHANGE_ERROR", e.message);
  }
  if (dec(order.filledQty).isZero()) {
    if (order.status === "REJECTED" || order.status === "EXPIRED" || order.status === "CANCELED") return failPosition(pos, "EXCHANGE_ERROR", `entry ${order.status.toLowerCase()} by the exchange`);
    return markUnconfirmed(pos, "entry acknowledged but not filled yet");
  }
  // The fee is the taker-rate estimate here: the exact one (userTrades, weight 5 on the IP every user
  // shares) is read after the protective orders rest (executeLivePosition) or by the watchdog.
  await recordEntryFill(pos, entry.id, order, now());
  return { outcome: "opened", positionId: pos.id, reason: null, protected: pos.protected };
}

/** Binance codes that mean the account is not as remembered. */
const STALE_ACCOUNT_CODES = new Set([
  -4061, // the order's position side does not match the account's position mode
  -2027, // more than the leverage in force allows: the leverage differs from the one we set
]);

function isStaleAccountState(err: unknown): boolean {
  return err instanceof ExchangeAppError && STALE_ACCOUNT_CODES.has(err.exchangeCode ?? 0);
}

/** Position mode and symbol settings (skipped where the account is known to have them), then the market entry. */
async function prepareAndSend(
  pos: TLivePosition,
  entry: TLivePosition["orders"][number],
  exchange: TExchange,
  account: TLiveAccount,
  fresh: boolean,
  beforeEntry?: (pos: TLivePosition) => Promise<TEntryVerdict>,
): Promise<TExchangeOrder> {
  if (account.hedgeMode !== undefined && account.userId !== undefined) {
    const target = { userId: account.userId, mode: account.mode ?? pos.mode, hedgeMode: account.hedgeMode, sealedApiKey: account.sealedApiKey ?? null, memory: account.memory };
    await (fresh ? applyPositionMode(exchange, target) : ensurePositionMode(exchange, target));
  }
  const settings = await exchange.prepareSymbol(pos.symbol, { leverage: pos.leverage, marginMode: account.marginMode }, { fresh });
  if (settings.kept.length > 0) logger.warn("live: the account's symbol settings stay for this entry", { positionId: pos.id, kept: settings.kept });
  if (settings.leverage !== pos.leverage) {
    // The margin this entry takes follows the leverage Binance actually applies.
    await db().position.update({ where: { id: pos.id }, data: { leverage: settings.leverage } });
    pos.leverage = settings.leverage;
  }
  const verdict = (await beforeEntry?.(pos)) ?? { send: true };
  if (!verdict.send) throw new EntryWithheld(verdict);
  return exchange.marketOrder({ symbol: pos.symbol, side: entry.side, qty: entry.qty.toFixed(), clientOrderId: entry.clientOrderId });
}

async function recordEntryFill(pos: TLivePosition, entryId: string, order: TExchangeOrder, at: Date) {
  const qty = dec(order.filledQty);
  const price = order.avgPrice ?? "0";
  const fee = order.fee ?? money(qty.mul(price).mul(LIVE_FEE_ESTIMATE_RATE));
  const notional = qty.mul(price);
  const margin = notional.div(pos.leverage);
  await storeEntryFill({
    positionId: pos.id,
    entryId,
    exchangeOrderId: order.exchangeOrderId,
    qty: str(qty),
    price,
    fee,
    notional: money(notional),
    margin: money(margin),
    pnlPct: margin.gt(0) ? pct(dec(fee).neg().div(margin).mul(100)) : "0",
    at: at.toISOString(),
    latencyMs: pos.signal ? Math.max(0, at.getTime() - pos.signal.createdAt.getTime()) : null,
    slippagePct: slippagePct(pos.direction, price, pos.signalEntryPrice?.toFixed() ?? null),
  });
}

type TEntryFill = {
  positionId: string; entryId: string; exchangeOrderId: string; qty: string; price: string; fee: string; notional: string; margin: string;
  pnlPct: string; at: string; latencyMs: number | null; slippagePct: string | null;
};

/**
 * The entry's fill on its order, its fill row and the position's amounts — batched (write-batcher.ts):
 * a fan-out's entries are acknowledged hundreds a second, and one transaction per entry queued for
 * the pool ahead of the next users' preparation.
 */
const storeEntryFill: (f: TEntryFill) => Promise<void> = writeBatcher(async (sql, fills) => {
  const c = <K extends keyof TEntryFill>(k: K) => fills.map((f) => f[k]);
  await sql.exec(
    `UPDATE orders o SET exchange_order_id = v.xid, status = 'FILLED', filled_qty = v.qty::numeric, avg_price = v.price::numeric, error = NULL, updated_at = (now() AT TIME ZONE 'UTC')
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS v(id, xid, qty, price) WHERE o.id = v.id`,
    c("entryId"), c("exchangeOrderId"), c("qty"), c("price"),
  );
  await insertFills(sql, fills.map((f) => ({ id: randomUUID(), orderId: f.entryId, tradeId: f.exchangeOrderId || f.entryId, qty: f.qty, price: f.price, fee: f.fee })), new Date());
  await sql.exec(
    `UPDATE positions p SET entry_price = v.price::numeric, qty = v.qty::numeric, remaining_qty = v.qty::numeric, notional = v.notional::numeric,
       margin = v.margin::numeric, fees = v.fee::numeric, realized_pnl = -(v.fee::numeric), pnl_pct = v.pnl_pct::numeric,
       entry_ack_at = (v.at::timestamptz AT TIME ZONE 'UTC'), entry_latency_ms = v.latency, slippage_pct = v.slippage::numeric,
       failure_code = NULL, failure_reason = NULL
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::text[])
       AS v(id, price, qty, notional, margin, fee, pnl_pct, at, latency, slippage) WHERE p.id = v.id`,
    c("positionId"), c("price"), c("qty"), c("notional"), c("margin"), c("fee"), c("pnlPct"), c("at"), c("latencyMs"), c("slippagePct"),
  );
});

async function markUnconfirmed(pos: TLivePosition, reason: string): Promise<TLiveExecution> {
  await db().position.update({ where: { id: pos.id }, data: { failureCode: "ENTRY_UNCONFIRMED", failureReason: reason.slice(0, 500) } });
  logger.warn("live entry unconfirmed", { positionId: pos.id, reason });
  return { outcome: "pending", positionId: pos.id, reason, protected: pos.protected };
}

async function failPosition(pos: TLivePosition, code: string, reason: string): Promise<TLiveExecution> {
  await db().$transaction([
    db().order.updateMany({ where: { positionId: pos.id, kind: "ENTRY", status: "NEW" }, data: { status: "REJECTED", error: reason.slice(0, 500) } }),
    db().order.updateMany({ where: { positionId: pos.id, kind: { not: "ENTRY" }, status: "NEW" }, data: { status: "CANCELED" } }),
    db().position.update({ where: { id: pos.id }, data: { status: "FAILED", failureCode: code, failureReason: reason.slice(0, 500), remainingQty: 0, closedAt: new Date() } }),
  ]);
  return { outcome: "failed", positionId: pos.id, reason, protected: pos.protected };
}

/** Take-profits and the stop: each placed once (looked up first on a resume). */
async function placeProtection(pos: TLivePosition, exchange: TExchange, resume: boolean, at: Date): Promise<TLiveExecution> {
  const pending = pos.orders.filter((o) => (o.kind === "TAKE_PROFIT" || o.kind === "STOP_LOSS") && o.status === "NEW");
  const failures: string[] = [];
  let stopCrossed = false;
  let stopFired = false;
  // The take-profits and the stop are independent reduce-only orders: all go at once (one round
  // trip of latency for the position's protection, not four in a row; they weigh 0 on the IP and
  // the account's order budget paces them). Failures are reported in the orders' own order.
  const acks: { orderId: string; live: TExchangeOrder }[] = [];
  const outcomes = await Promise.all(
    pending.map(async (o): Promise<string | null> => {
      const conditional = o.kind === "STOP_LOSS";
      try {
        const found = resume || o.error ? await exchange.findOrder({ symbol: pos.symbol, clientOrderId: o.clientOrderId, conditional }) : null;
        // A stop placed right after the entry is not read back when the mark was checked just before
        // (weight the whole fan-out shares); the watchdog's next check sees one that fired meanwhile.
        const live = found ?? (await placeProtectiveOrder(pos.symbol, exchange, asProtective(o), { stopReadBack: "unless-mark-checked", store: false }));
        acks.push({ orderId: o.id, live });
        if (conditional && (live.fillUnknown === true || live.status !== "OPEN")) stopFired = true;
        return null;
      } catch (err) {
        const message = toAppError(err).message;
        await db().order.update({ where: { id: o.id }, data: { error: message.slice(0, 500) } });
        if (conditional && isWouldTriggerNow(err)) stopCrossed = true;
        return `${o.kind === "STOP_LOSS" ? "stop" : `TP${o.targetIndex}`}: ${message}`;
      }
    }),
  );
  for (const f of outcomes) if (f !== null) failures.push(f);
  // An order left NEW is exactly one that failed (each acknowledged one is stored here); every
  // order was just acknowledged by the exchange (or refused): that is a check of the protection.
  const unprotected = failures.length > 0;
  const settled = !stopCrossed && !stopFired;
  // The acknowledgements (and, unless a close follows, the protection) before anything below reads them back.
  await storeProtectionAcks({ acks, ...(settled ? { protection: { positionId: pos.id, protected: !unprotected, at } } : {}) });
  if (stopCrossed) {
    // The market moved past the stop between the entry and its placement: do what the stop would have.
    logger.warn("live: the price is already past the stop after the entry, closing at market", { positionId: pos.id });
    await settleFeeBeforeClose(pos, exchange);
    await closeLivePosition(pos.id, exchange, STOP_CROSSED_REASON);
    return { outcome: "opened", positionId: pos.id, reason: `${failures.join("; ")}; closed at market`, protected: true };
  }
  if (stopFired) {
    // Accepted, but it fired at once (the mark crossed it meanwhile): settle what it did now.
    logger.warn("live: the stop fired as soon as it was placed, reading its fill", { positionId: pos.id });
    await settleFeeBeforeClose(pos, exchange);
    await reconcileLivePosition(pos.id, exchange, [], { verify: false });
    const after = await db().position.findUniqueOrThrow({ where: { id: pos.id }, select: { protected: true } });
    return { outcome: "opened", positionId: pos.id, reason: "the stop fired as soon as it was placed", protected: after.protected };
  }
  if (failures.length > 0) await alertUnprotected(pos, failures, at);
  return { outcome: "opened", positionId: pos.id, reason: failures.length > 0 ? failures.join("; ") : null, protected: !unprotected };
}


// Is a live position protected? Its stop and every take-profit still due must be resting on the
// exchange. Checked after each entry fill, after each take-profit fill a reconcile notices, and every
// minute by the watchdog (protective-watchdog.ts). For each order the database says should rest:
//   - resting on the exchange → fine (an order that was never acknowledged gets its exchange id);
//   - never accepted (no exchange id, unknown to the exchange) → placed again with the SAME client
//     order id: if an earlier attempt did land, Binance refuses the duplicate and placeOnce finds it;
//   - accepted once but now cancelled / expired / rejected / unknown on the exchange → replaced by a
//     new order with the leg's NEXT attempt id (as moving the stop to entry does), for what remains.
// The position's `protected` and `protected_checked_at` are written; when something could not be
// placed the admin chat is alerted, at most once per position per clock hour (outbox dedupe key).
import { db } from "../db/client";
import { writeBatcher } from "../db/write-batcher";
import { toAppError } from "../errors";
import { clientOrderId } from "../exchange/client-order-id";
import { dec, str } from "../decimal";
import { isWouldTriggerNow } from "../exchange/errors";
import { announceChange } from "../live-updates/live-updates";
import type { TExchange, TExchangeOrder } from "../exchange/types";
import { logger } from "../logger";
import { enqueueOutbox } from "../notifications/outbox";
import { nudgeOutbox } from "../notifications/nudge-outbox";
import { escapeHtml } from "../telegram/format";

/** Orders of a position opened less than this long ago may still be being placed by its opener. */
export const PLACEMENT_GRACE_MS = 60_000;
export const UNPROTECTED_ALERT_EVERY_MS = 60 * 60 * 1000;

const RESTING_HERE = ["NEW", "OPEN", "PARTIALLY_FILLED"] as const;
const RESTING_THERE = new Set(["NEW", "OPEN", "PARTIALLY_FILLED"]);
const GONE_THERE = new Set(["CANCELED", "EXPIRED", "REJECTED"]);

export type TProtectionCheck = {
  positionId: string;
  /** null: not decided this time (the position is closed, or its opener is still placing orders). */
  protected: boolean | null;
  /** Client order ids placed by this check. */
  placed: string[];
  problems: string[];
  /** The stop could not rest because the price is already past it (Binance -2021): the caller closes the rest at market. */
  stopCrossed: boolean;
};

type TAlertPosition = { id: string; userId: number; symbol: string; direction: string; mode: string };

/** One admin alert per position per clock hour, whoever notices (the opener or the watchdog). */
export async function alertUnprotected(pos: TAlertPosition, failures: string[], now = new Date()): Promise<void> {
  await alertAdmin(pos, "position_unprotected", "⚠️ UNPROTECTED live position", failures, now);
}

/** A fill the exchange has not told us yet (a stop that fired): the position is not closed, nor trusted open. */
export async function alertUnconfirmed(pos: TAlertPosition, problems: string[], now = new Date()): Promise<void> {
  await alertAdmin(pos, "position_unconfirmed", "⚠️ UNCONFIRMED fill on a live position — check it on Binance", problems, now);
}

async function alertAdmin(pos: TAlertPosition, kind: string, title: string, lines: string[], now: Date): Promise<void> {
  const body = [title, `User #${pos.userId} · ${escapeHtml(pos.symbol)} ${pos.direction} (${pos.mode})`, ...lines.map((f) => `• ${escapeHtml(f)}`)].join("\n");
  const hour = Math.floor(now.getTime() / UNPROTECTED_ALERT_EVERY_MS);
  const key = kind === "position_unprotected" ? "unprotected" : "unconfirmed";
  const queued = await db().$transaction((tx) => enqueueOutbox(tx, [{ audience: "admin", kind, body, dedupeKey: `${key}:${pos.id}:${hour}`, payload: { position_id: pos.id } }]), { timeout: 30_000, maxWait: 30_000 });
  if (queued > 0) await nudgeOutbox();
}

type TOrderRow = { id: string; clientOrderId: string; exchangeOrderId: string | null; kind: string; side: "BUY" | "SELL"; targetIndex: number | null; qty: { toFixed(): string }; filledQty: { toFixed(): string }; price: { toFixed(): string } | null; triggerPrice: { toFixed(): string } | null; status: string; error: string | null };

const legName = (o: Pick<TOrderRow, "kind" | "targetIndex">) => (o.kind === "STOP_LOSS" ? "stop" : `TP${o.targetIndex ?? ""}`);

/** Checks (and repairs) one open live position against the exchange; `known` holds orders already read (by client id). */
export async function verifyProtection(positionId: string, exchange: TExchange, known: Map<string, TExchangeOrder> = new Map(), now = new Date()): Promise<TProtectionCheck> {
  const pos = await db().position.findUniqueOrThrow({
    where: { id: positionId },
    select: {
      id: true, userId: true, signalId: true, symbol: true, direction: true, mode: true, status: true, remainingQty: true, stopLoss: true, openedAt: true, protected: true,
      orders: { where: { kind: { in: ["TAKE_PROFIT", "STOP_LOSS"] } }, orderBy: { createdAt: "asc" } },
    },
  });
  const out: TProtectionCheck = { positionId, protected: null, placed: [], problems: [], stopCrossed: false };
  if (pos.status !== "OPEN" || pos.mode === "PAPER" || pos.remainingQty.lte(0)) {
    await db().position.update({ where: { id: positionId }, data: { protectedCheckedAt: now } });
    return out;
  }
  const due = pos.orders.filter((o) => (RESTING_HERE as readonly string[]).includes(o.status));
  const young = now.getTime() - pos.openedAt.getTime() < PLACEMENT_GRACE_MS;
  if (young && due.some((o) => o.status === "NEW" && o.error === null)) return out; // the opener is placing them

  // The stop filled since the reconcile: the position is flat on the exchange and its take-profits
  // are going away with it — repairing them would only be refused. The next reconcile settles it.
  for (const o of due.filter((x) => x.kind === "STOP_LOSS")) {
    const live = known.get(o.clientOrderId) ?? (await exchange.findOrder({ symbol: pos.symbol, clientOrderId: o.clientOrderId, conditional: true }).catch(() => null));
    if (live) known.set(o.clientOrderId, live);
    if (live?.status === "FILLED" || live?.fillUnknown) {
      if (o.exchangeOrderId === null || o.status === "NEW") await storeAcknowledged(o.id, live);
      return out;
    }
  }

  for (const o of due) {
    try {
      const live = known.get(o.clientOrderId) ?? (await exchange.findOrder({ symbol: pos.symbol, clientOrderId: o.clientOrderId, conditional: o.kind === "STOP_LOSS" }));
      if (live && (RESTING_THERE.has(live.status) || live.status === "FILLED")) {
        // Resting, or filled since the reconcile (the next one settles it).
        if (o.exchangeOrderId === null || o.status === "NEW") await storeAcknowledged(o.id, live);
        continue;
      }
      if (!live && o.exchangeOrderId === null) {
        out.placed.push((await placeProtectiveOrder(pos.symbol, exchange, asProtective(o))).clientOrderId);
        continue;
      }
      const replacement = await replaceGoneOrder(pos, o, live);
      if (replacement) out.placed.push((await placeProtectiveOrder(pos.symbol, exchange, asProtective(replacement))).clientOrderId);
    } catch (err) {
      const message = toAppError(err).message;
      out.problems.push(`${legName(o)}: ${message}`);
      if (o.kind === "STOP_LOSS" && isWouldTriggerNow(err)) out.stopCrossed = true;
      await db().order.updateMany({ where: { positionId, kind: o.kind, targetIndex: o.targetIndex, status: "NEW" }, data: { error: message.slice(0, 500) } });
    }
  }
  const stopRests = (await db().order.count({ where: { positionId, kind: "STOP_LOSS", status: { in: ["OPEN", "PARTIALLY_FILLED"] } } })) > 0;
  // A stop the user cancelled on purpose is not re-armed, but the position is not protected either.
  out.protected = out.problems.length === 0 && (stopRests || pos.stopLoss === null);
  await db().position.update({ where: { id: positionId }, data: { protected: out.protected, protectedCheckedAt: now } });
  // Lost or regained protection moves the position in the auto-trader screen (unprotected first).
  if (pos.protected !== out.protected) void announceChange("positions");
  if (out.problems.length > 0) {
    logger.error("live: position unprotected", { positionId, problems: out.problems });
    await alertUnprotected(pos, out.problems, now);
  }
  return out;
}

/**
 * A filled order is stored as still resting (never FILLED here): the reconcile only reads resting rows
 * with an exchange id, and it is the one that records the fill, its fee and P&L.
 */
/** How an order the exchange acknowledged is stored: resting (even if it filled meanwhile — the reconcile settles fills, never this). */
const acknowledgedStatus = (live: TExchangeOrder) => (live.status === "NEW" || live.status === "FILLED" ? "OPEN" : live.status);


/** A position's protective orders as the exchange acknowledged them, and (when known) whether all rest. */
export type TProtectionAcks = { acks: ReadonlyArray<{ orderId: string; live: TExchangeOrder }>; protection?: { positionId: string; protected: boolean; at: Date } };

/**
 * Acknowledgements stored in batches (write-batcher.ts): a position's take-profits and stop, and
 * those of every position a live fan-out protects at the same moment, in one transaction — its
 * time went mostly to one small transaction per position queueing for the pool, not to the database.
 */
export const storeProtectionAcks: (item: TProtectionAcks) => Promise<void> = writeBatcher(async (sql, items) => {
  const acks = items.flatMap((i) => i.acks);
  if (acks.length > 0) {
    await sql.exec(
      `UPDATE orders o SET exchange_order_id = v.eid, status = v.status::"OrderStatus", error = NULL, updated_at = (now() AT TIME ZONE 'UTC')
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, eid, status) WHERE o.id = v.id`,
      acks.map((a) => a.orderId), acks.map((a) => a.live.exchangeOrderId), acks.map((a) => acknowledgedStatus(a.live)),
    );
  }
  const checked = items.flatMap((i) => (i.protection ? [i.protection] : []));
  if (checked.length > 0) {
    await sql.exec(
      `UPDATE positions p SET protected = v.protected, protected_checked_at = (v.at::timestamptz AT TIME ZONE 'UTC')
       FROM unnest($1::uuid[], $2::bool[], $3::text[]) AS v(id, protected, at) WHERE p.id = v.id`,
      checked.map((c) => c.positionId), checked.map((c) => c.protected), checked.map((c) => c.at.toISOString()),
    );
  }
});

/** One order as the exchange acknowledged it (joins whatever batch is being written). */
export const storeAcknowledged = (orderId: string, live: TExchangeOrder): Promise<void> => storeProtectionAcks({ acks: [{ orderId, live }] });

export type TProtectiveOrder = { id: string; clientOrderId: string; kind: string; side: "BUY" | "SELL"; qty: string; price: string | null; triggerPrice: string | null };

/** A Prisma order row as the plain strings the exchange takes. */
export const asProtective = (o: { id: string; clientOrderId: string; kind: string; side: "BUY" | "SELL"; qty: { toFixed(): string }; price: { toFixed(): string } | null; triggerPrice: { toFixed(): string } | null }): TProtectiveOrder => ({
  id: o.id, clientOrderId: o.clientOrderId, kind: o.kind, side: o.side, qty: o.qty.toFixed(), price: o.price?.toFixed() ?? null, triggerPrice: o.triggerPrice?.toFixed() ?? null,
});

/** Places a reduce-only stop (Algo STOP_MARKET) or take-profit limit with the row's client order id, and stores the acknowledgement (unless the caller batches it). */
export async function placeProtectiveOrder(symbol: string, exchange: TExchange, o: TProtectiveOrder, opts: { stopReadBack?: "always" | "unless-mark-checked"; store?: boolean } = {}): Promise<TExchangeOrder> {
  const placed =
    o.kind === "STOP_LOSS"
      ? await exchange.stopMarket({ symbol, side: o.side, qty: o.qty, triggerPrice: o.triggerPrice!, clientOrderId: o.clientOrderId, readBack: opts.stopReadBack })
      : await exchange.takeProfitLimit({ symbol, side: o.side, qty: o.qty, price: o.price!, clientOrderId: o.clientOrderId });
  // store: false — the caller stores it with others (storeProtectionAcks) before relying on it.
  if (opts.store !== false) await storeAcknowledged(o.id, placed);
  return placed;
}

type TVerifiedPosition = { id: string; userId: number; signalId: string | null; remainingQty: { toFixed(): string }; orders: TOrderRow[] };

/**
 * The exchange no longer has an order we placed: the old row takes the exchange's verdict and a new
 * row (next attempt id, what is left to do) is written in the same transaction, so a crash between
 * the two never loses the leg. Null when nothing remains to protect.
 */
async function replaceGoneOrder(pos: TVerifiedPosition, o: TOrderRow, live: TExchangeOrder | null) {
  const verdict = live && GONE_THERE.has(live.status) ? (live.status as "CANCELED" | "EXPIRED" | "REJECTED") : "EXPIRED";
  const qty = o.kind === "STOP_LOSS" ? dec(pos.remainingQty.toFixed()) : dec(o.qty.toFixed()).sub(o.filledQty.toFixed());
  const sameLeg = pos.orders.filter((x) => x.kind === o.kind && (o.kind === "STOP_LOSS" || x.targetIndex === o.targetIndex));
  const leg = o.kind === "STOP_LOSS" ? "sl" : `tp${o.targetIndex ?? 0}`;
  const scope = pos.signalId ? { signalId: pos.signalId } : { positionId: pos.id };
  const coid = clientOrderId({ userId: pos.userId, ...scope, leg, attempt: sameLeg.length });
  logger.warn("live: protective order gone from the exchange, replacing it", { positionId: pos.id, order: o.clientOrderId, verdict, next: coid });
  return db().$transaction(async (tx) => {
    await tx.order.update({ where: { id: o.id }, data: { status: verdict, error: `${verdict.toLowerCase()} on the exchange; replaced by ${coid}` } });
    if (qty.lte(0)) return null;
    return tx.order.create({
      data: {
        positionId: pos.id, userId: pos.userId, clientOrderId: coid, kind: o.kind as "TAKE_PROFIT" | "STOP_LOSS", side: o.side, type: o.kind === "STOP_LOSS" ? "STOP_MARKET" : "LIMIT",
        targetIndex: o.targetIndex, qty: str(qty), price: o.price?.toFixed() ?? null, triggerPrice: o.triggerPrice?.toFixed() ?? null, reduceOnly: true, status: "NEW",
      },
    });
  }, { timeout: 30_000, maxWait: 30_000 });
}

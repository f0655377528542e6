// Signal events → the copies of that signal (SPEC §6 "Events"):
//   TP n        → PAPER: take-profits 1..n fill at their own prices (if not filled yet);
//                 LIVE: the orders are read back from the exchange (fills recorded, stop moved…).
//   ALL_TP      → every remaining take-profit fills at its price, anything left closes at the last target.
//   SL_HIT      → the stop fills: at the event's price when the user's stop is the signal's, at the
//                 user's own trigger when it was moved (to the entry after TP1).
//   CANCELLED / CLOSED → what remains closes at market: the event's price, else the current price,
//                 else the entry. LIVE: cancel the resting orders, close reduce-only at market.
// PAPER copies are settled in bulk (any number of users, a constant number of statements per 1,000),
// LIVE copies one by one, at most 10 at a time. One aggregate message per event to the VIP chat.
import { db } from "../db/client";
import { toAppError } from "../errors";
import { dec } from "../decimal";
import { logger } from "../logger";
import { closeLivePosition, exchangeForUser, reconcileLivePosition } from "./live-positions";
import { fetchMarketPrices } from "./market-data";
import { feedOf, nowOf, type TTradingOptions } from "./options";
import type { TSettleAction } from "./position-math";
import { settlePositions, type TClosedPosition } from "./settle-positions";
import { announceClosedTrades } from "./trade-notifications";

export type TSignalEventResult = { event: string; paper: { positions: number; fills: number; closed: number }; live: { positions: number; closed: number; failed: number } };

const LIVE_CONCURRENCY = 10;

export async function applySignalEventToPositions(signalId: string, eventId: string, options: TTradingOptions = {}): Promise<TSignalEventResult> {
  const event = await db().signalEvent.findUnique({ where: { id: eventId }, select: { type: true, targetIndex: true, price: true, signal: { select: { symbol: true, stopLoss: true, targets: true } } } });
  const result: TSignalEventResult = { event: event?.type ?? "UNKNOWN", paper: { positions: 0, fills: 0, closed: 0 }, live: { positions: 0, closed: 0, failed: 0 } };
  if (!event) return result;
  const open = await db().$queryRawUnsafe<{ id: string; userId: number; mode: string; stop: string | null; entry: string }[]>(
    `SELECT id::text AS id, user_id AS "userId", mode::text AS mode, stop_loss::text AS stop, entry_price::text AS entry
     FROM positions WHERE signal_id = $1::uuid AND status = 'OPEN' AND entry_price IS NOT NULL ORDER BY id`,
    signalId,
  );
  if (open.length === 0) return result;
  const eventPrice = event.price?.toFixed() ?? null;
  const signalStop = event.signal.stopLoss;
  const lastTarget = event.signal.targets.at(-1)?.toFixed() ?? null;
  let current: string | null = null;
  if ((event.type === "CANCELLED" || event.type === "CLOSED") && eventPrice === null) {
    current = (await fetchMarketPrices(feedOf(options), [event.signal.symbol], nowOf(options))).prices.get(event.signal.symbol) ?? null;
  }
  const reason = event.type === "CANCELLED" || event.type === "CLOSED" ? `SIGNAL_${event.type}` : event.type === "SL_HIT" ? "SL" : "ALL_TP";

  const actionsFor = (p: { stop: string | null; entry: string }): TSettleAction[] => {
    switch (event.type) {
      case "TP_HIT":
        return [{ type: "targets", upTo: event.targetIndex ?? 0 }];
      case "ALL_TP":
        return [{ type: "targets", upTo: 10 }, { type: "close", price: eventPrice ?? lastTarget ?? p.entry, reason }];
      case "SL_HIT": {
        const moved = p.stop !== null && !dec(p.stop).eq(signalStop.toFixed());
        return [{ type: "stop", price: moved ? undefined : (eventPrice ?? undefined), reason }];
      }
      default:
        return [{ type: "close", price: eventPrice ?? current ?? p.entry, reason }];
    }
  };

  const paper = open.filter((p) => p.mode === "PAPER");
  const settled = await settlePositions(paper.map((p) => ({ positionId: p.id, actions: actionsFor(p) })), { now: nowOf(options) });
  result.paper = { positions: paper.length, fills: settled.fills, closed: settled.closed.length };
  const closed: TClosedPosition[] = [...settled.closed];

  const live = open.filter((p) => p.mode !== "PAPER");
  result.live.positions = live.length;
  for (let i = 0; i < live.length; i += LIVE_CONCURRENCY) {
    await Promise.all(
      live.slice(i, i + LIVE_CONCURRENCY).map(async (p) => {
        try {
          const exchange = await exchangeForUser(p.userId, options);
          const s = event.type === "TP_HIT" ? await reconcileLivePosition(p.id, exchange) : await closeLivePosition(p.id, exchange, reason);
          closed.push(...s.closed);
          result.live.closed += s.closed.length;
        } catch (err) {
          result.live.failed += 1;
          logger.error("live position: signal event not applied", { positionId: p.id, event: event.type, error: toAppError(err).message });
        }
      }),
    );
  }
  await announceClosedTrades(closed, `event:${eventId}`);
  return result;
}

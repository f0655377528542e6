// Trailing stops of LIVE positions (SPEC §6, §8): the protective-order watchdog feeds ticker prices
// here. ONE query finds the open live positions whose trail a price moves (trailing-stop.ts), they
// are settled with a "mark" (the stop cancelled and a new one with the next client order id), and
// the follow-ups are executed on each owner's exchange. Paper positions trail in the price monitor.
import { pool } from "../db/client";
import { toAppError } from "../errors";
import type { TExchange } from "../exchange/types";
import { logger } from "../logger";
import { applyLiveFollowUps, exchangeForUser } from "./live-positions";
import { nowOf, type TTradingOptions } from "./options";
import { settlePositions, type TLiveFollowUp } from "./settle-positions";
import { TRAIL_DUE_SQL } from "./trailing-stop";

export type TTrailLiveResult = { positions: number; moved: number; failed: number };

/**
 * Moves the stops of open live positions whose trailing stop `prices` (symbol → last price) moves.
 * `exchangeFor` defaults to the owner's connection; one owner's exchange failing never stops another.
 */
export async function trailLivePositions(
  prices: Map<string, string>,
  options: TTradingOptions & { exchangeFor?: (userId: number) => Promise<TExchange> } = {},
): Promise<TTrailLiveResult> {
  const result: TTrailLiveResult = { positions: 0, moved: 0, failed: 0 };
  if (prices.size === 0) return result;
  const { rows } = await pool().query<{ id: string; price: string }>(
    `SELECT p.id::text AS id, px.raw AS price
     FROM (SELECT u.symbol, u.price AS raw, u.price::numeric AS price FROM unnest($1::text[], $2::text[]) AS u(symbol, price)) px
     JOIN positions p ON p.symbol = px.symbol AND p.mode <> 'PAPER' AND p.status = 'OPEN' AND p.entry_price IS NOT NULL
     WHERE ${TRAIL_DUE_SQL}`,
    [[...prices.keys()], [...prices.values()]],
  );
  result.positions = rows.length;
  if (rows.length === 0) return result;
  const settled = await settlePositions(rows.map((r) => ({ positionId: r.id, actions: [{ type: "mark" as const, price: r.price }] })), { now: nowOf(options) });
  const exchangeFor = options.exchangeFor ?? ((userId: number) => exchangeForUser(userId, options));
  for (const [userId, followUps] of byUser(settled.liveFollowUps)) {
    try {
      await applyLiveFollowUps(followUps, await exchangeFor(userId));
      result.moved += followUps.length;
    } catch (err) {
      result.failed += followUps.length;
      logger.error("live trailing stop: the moved stop was not placed", { userId, positions: followUps.map((f) => f.positionId), error: toAppError(err).message });
    }
  }
  return result;
}

function byUser(followUps: TLiveFollowUp[]): Map<number, TLiveFollowUp[]> {
  const out = new Map<number, TLiveFollowUp[]>();
  for (const f of followUps) out.set(f.userId, [...(out.get(f.userId) ?? []), f]);
  return out;
}

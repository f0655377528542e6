// Telegram's global budget of Bot API calls (GLOBAL_CALLS_PER_SECOND, under its ~30 a second per
// bot), kept in PostgreSQL so that every app process draws on the same one. A call's row in
// bot_api_calls is taken by reserve_bot_api_call (migration bot_api_call_budget: one round trip,
// under an advisory lock, a sliding second), and later, in the deliverer's own statements (no round
// trip of its own): given back when another deliverer claimed the message first, or stamped once
// the call is over — so it counts from before the call leaves until a second after it arrived.
// Times come from the deliverer's clock, never the database's.
import { db } from "../db/client";

export const BUDGET_WINDOW_MS = 1000;
/** A call not stamped after this long belongs to a process that died mid-call: it stops counting. */
export const RESERVATION_LEASE_MS = 30_000;

export type TBudgetReservation = { reserved: true; id: bigint } | { reserved: false; freeAt: Date };

/** Takes one call of the budget at `now`, or says when the first counted call stops counting. */
export async function reserveBotApiCall(now: Date, callsPerWindow: number): Promise<TBudgetReservation> {
  const [row] = await db().$queryRaw<{ reservation_id: bigint | null; free_at_ms: bigint }[]>`
    SELECT reservation_id, free_at_ms
    FROM reserve_bot_api_call(${BigInt(now.getTime())}::bigint, ${callsPerWindow}::int, ${BUDGET_WINDOW_MS}::int, ${RESERVATION_LEASE_MS}::int)`;
  if (!row) throw new Error("reserve_bot_api_call returned no row");
  return row.reservation_id !== null ? { reserved: true, id: row.reservation_id } : { reserved: false, freeAt: new Date(Number(row.free_at_ms)) };
}

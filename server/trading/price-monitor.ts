// The paper price monitor (SPEC §6): one tick = ONE batched price request for every symbol that has
// open paper positions, the mark price of each symbol stored, and the take-profits and stops the
// prices crossed filled — found in SQL, not row by row: each open paper position carries its nearest
// resting take-profit (next_tp_price) and its stop, so one indexed query over the open positions
// joined to the tick's prices finds exactly those to settle. Crossed positions are settled in bulk
// (settle-positions.ts: crossedOrders semantics, limits at their price, stops at the market price).
// The same query picks the positions whose trailing stop this price moves (trailing-stop.ts: active
// after TP n, and only when the stop gains at least its step — most ticks move no stop, so a rising
// market does not rewrite every trailing position each tick); a "cross" settles both kinds, as it
// also lets the trail follow the price. No extra index: the query already reads every open paper
// position of the priced symbols (positions(mode, status, symbol)) and the trail is one more test.
// Feed down: the tick records it (for /api/health) and waits for the next one; signal events still
// close positions meanwhile.
import { pool } from "../db/client";
import { endPhase, timePhase } from "../lib/phase-timer";
import { fetchMarketPrices, saveMarkPrices } from "./market-data";
import { feedOf, nowOf, type TTradingOptions } from "./options";
import { settlePositions } from "./settle-positions";
import { announceClosedTrades } from "./trade-notifications";
import { TRAIL_DUE_SQL } from "./trailing-stop";

export type TMonitorTick = {
  /** idle: no open paper position, nothing asked. */
  feed: "ok" | "down" | "idle";
  symbols: number;
  priced: number;
  /** Price requests made (0 or 1). */
  requests: number;
  /** Positions settled: a take-profit or stop crossed, or a trailing stop to move. */
  crossed: number;
  fills: number;
  closed: number;
  ms: number;
  error?: string;
};

export async function runPaperMonitorTick(options: TTradingOptions = {}): Promise<TMonitorTick> {
  const t0 = performance.now();
  const now = nowOf(options);
  let t = t0;
  const symbols = (await pool().query<{ symbol: string }>(
    `SELECT DISTINCT symbol FROM positions WHERE mode = 'PAPER' AND status = 'OPEN' AND entry_price IS NOT NULL`,
  )).rows.map((r) => r.symbol);
  const tick: TMonitorTick = { feed: "idle", symbols: symbols.length, priced: 0, requests: 0, crossed: 0, fills: 0, closed: 0, ms: 0 };
  t = endPhase("monitor: symbols query", t);
  if (symbols.length === 0) return done(tick, t0);

  const snap = await fetchMarketPrices(feedOf(options), symbols, now);
  t = endPhase("monitor: price request", t);
  tick.requests = 1;
  if (!snap.ok) return done({ ...tick, feed: "down", error: snap.error ?? undefined }, t0);
  tick.feed = "ok";
  tick.priced = snap.prices.size;
  if (snap.prices.size === 0) return done(tick, t0);
  await saveMarkPrices(snap.prices, now);
  t = endPhase("monitor: save mark prices", t);

  const { rows: crossed } = await pool().query<{ id: string; price: string }>(
    `SELECT p.id::text AS id, px.raw AS price
     FROM (SELECT u.symbol, u.price AS raw, u.price::numeric AS price FROM unnest($1::text[], $2::text[]) AS u(symbol, price)) px
     JOIN positions p ON p.symbol = px.symbol AND p.mode = 'PAPER' AND p.status = 'OPEN'
     WHERE (p.direction = 'LONG' AND (px.price >= p.next_tp_price OR px.price <= p.stop_loss))
        OR (p.direction = 'SHORT' AND (px.price <= p.next_tp_price OR px.price >= p.stop_loss))
        OR ${TRAIL_DUE_SQL}`,
    [[...snap.prices.keys()], [...snap.prices.values()]],
  );
  endPhase("monitor: crossing query", t);
  tick.crossed = crossed.length;
  if (crossed.length === 0) return done(tick, t0);
  const settled = await timePhase("monitor: settle (all chunks, wall)", () => settlePositions(crossed.map((c) => ({ positionId: c.id, actions: [{ type: "cross" as const, price: c.price }] })), { now }));
  tick.fills = settled.fills;
  tick.closed = settled.closed.length;
  await timePhase("monitor: announce closed trades", () => announceClosedTrades(settled.closed, `monitor:${now.toISOString()}`));
  return done(tick, t0);
}

const done = (tick: TMonitorTick, t0: number): TMonitorTick => ({ ...tick, ms: Math.round(performance.now() - t0) });

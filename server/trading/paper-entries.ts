// Opening PAPER positions in bulk: each position with its filled entry order, its fill, one resting
// reduce-only take-profit per target and one resting reduce-only stop — for 1 or 2,000 users in ONE
// statement. `ON CONFLICT (user_id, signal_id) DO NOTHING` makes a re-run open nothing twice, and the
// orders and fills of a position that already existed are not written either.
// Also: the FAILED rows that record why a user's copy was skipped, and the risk events of refusals.
import { randomUUID } from "node:crypto";
import type { TSql } from "../db/sql";
import { clientOrderId } from "../exchange/client-order-id";
import { dec, money, pct, str } from "../decimal";
import { paperFee } from "../exchange/paper-exchange";
import { endPhase } from "../lib/phase-timer";
import { utc } from "./position-store";
import type { TTradePlan } from "./trade-plan";

export type TPaperEntry = {
  userId: number;
  signalId: string | null;
  symbol: string;
  plan: TTradePlan;
  /** Where the entry filled: plan.entryPrice. True when the feed was down and that is the signal's entry. */
  filledAtSignalPrice: boolean;
  /** For the execution receipt (copies of a signal). */
  signalEntryPrice: string | null;
  signalCreatedAt: Date | null;
  feeRate: string;
  /** The owner's trailing stop when it is enabled (copied on the position), else null. */
  trailing: TTrailingSetting | null;
};

export type TTrailingSetting = { pct: string; afterTp: number };

/** The trailing stop a new position carries: the owner's setting when enabled, frozen at the open. */
export function trailingOf(u: { trailingStopEnabled: boolean; trailingStopPct: { toString(): string } | string; trailingStopAfterTp: number }): TTrailingSetting | null {
  return u.trailingStopEnabled ? { pct: str(dec(String(u.trailingStopPct))), afterTp: u.trailingStopAfterTp } : null;
}

/** Signed slippage of a fill against the signal's entry, % of it: positive = worse for the trader. */
export function slippagePct(direction: "LONG" | "SHORT", fill: string, signalEntry: string | null): string | null {
  if (signalEntry === null || dec(signalEntry).isZero()) return null;
  const move = dec(fill).sub(signalEntry).div(signalEntry).mul(100);
  return str((direction === "LONG" ? move : move.neg()).toDecimalPlaces(6));
}

/** The nearest take-profit that has a quantity: the lowest for a LONG, the highest for a SHORT. */
export function nearestTarget(plan: Pick<TTradePlan, "direction" | "targets">): string | null {
  const prices = plan.targets.filter((t) => !dec(t.qty).isZero()).map((t) => dec(t.price));
  if (prices.length === 0) return null;
  return str(prices.reduce((a, b) => (plan.direction === "LONG" ? (b.lt(a) ? b : a) : b.gt(a) ? b : a)));
}

/**
 * What every copy in one insert shares unless the user differs: the plan (after risk; a reduced plan
 * is its own group), the signal and the fee rate. Computed once per group with exact decimals, so
 * 2,000 copies of one signal cost one plan's arithmetic plus, per user, two ids and the client order
 * ids; the orders are expanded from the group's legs in SQL.
 */
type TGroup = {
  index: number;
  e: TPaperEntry;
  /** One leg per order: the filled entry, each take-profit with a quantity, the stop. */
  legs: { leg: string; kind: string; side: string; type: string; target: number | null; qty: string; price: string | null; trigger: string | null; status: string; filled: string; avg: string | null }[];
};

function groupOf(e: TPaperEntry, index: number): TGroup {
  const { plan } = e;
  const exit = plan.direction === "LONG" ? "SELL" : "BUY";
  const legs: TGroup["legs"] = [{ leg: "entry", kind: "ENTRY", side: plan.direction === "LONG" ? "BUY" : "SELL", type: "MARKET", target: null, qty: plan.qty, price: null, trigger: null, status: "FILLED", filled: plan.qty, avg: plan.entryPrice }];
  for (const t of plan.targets) {
    if (dec(t.qty).isZero()) continue;
    legs.push({ leg: `tp${t.index}`, kind: "TAKE_PROFIT", side: exit, type: "LIMIT", target: t.index, qty: t.qty, price: t.price, trigger: null, status: "OPEN", filled: "0", avg: null });
  }
  if (plan.stopLoss !== null) legs.push({ leg: "sl", kind: "STOP_LOSS", side: exit, type: "STOP_MARKET", target: null, qty: plan.qty, price: null, trigger: plan.stopLoss, status: "OPEN", filled: "0", avg: null });
  return { index, e, legs };
}

const groupKey = (e: TPaperEntry) =>
  [e.signalId, e.symbol, e.filledAtSignalPrice, e.signalEntryPrice, e.signalCreatedAt?.getTime(), e.feeRate].join("|");

/** Inserts the positions that do not exist yet; returns the ids of those inserted. */
export async function insertPaperEntries(sql: TSql, entries: TPaperEntry[], now: Date): Promise<string[]> {
  if (entries.length === 0) return [];
  let t = performance.now();
  const groups: TGroup[] = [];
  const byPlan = new Map<TTradePlan, Map<string, TGroup>>();
  const U = { id: [] as string[], userId: [] as number[], group: [] as number[], entryOrderId: [] as string[], trailPct: [] as (string | null)[], trailAfter: [] as (number | null)[] };
  const userGroups: TGroup[] = [];
  for (const e of entries) {
    let forPlan = byPlan.get(e.plan);
    if (!forPlan) {
      forPlan = new Map<string, TGroup>();
      byPlan.set(e.plan, forPlan);
    }
    const key = groupKey(e);
    let g = forPlan.get(key);
    if (!g) {
      g = groupOf(e, groups.length);
      forPlan.set(key, g);
      groups.push(g);
    }
    U.id.push(randomUUID());
    U.userId.push(e.userId);
    U.group.push(g.index);
    U.entryOrderId.push(randomUUID());
    U.trailPct.push(e.trailing?.pct ?? null);
    U.trailAfter.push(e.trailing?.afterTp ?? null);
    userGroups.push(g);
  }
  // Client order ids are derived per user and leg (client-order-id.ts): legs × users, flattened.
  const width = Math.max(...groups.map((g) => g.legs.length));
  const coids: (string | null)[] = [];
  entries.forEach((e, i) => {
    const scope = e.signalId ? { signalId: e.signalId } : { positionId: U.id[i]! };
    const legs = userGroups[i]!.legs;
    for (let l = 0; l < width; l++) coids.push(l < legs.length ? clientOrderId({ userId: e.userId, ...scope, leg: legs[l]!.leg }) : null);
  });
  const G = groups.map(({ e }) => {
    const { plan } = e;
    const fee = paperFee(plan.qty, plan.entryPrice, e.feeRate);
    return {
      signal_id: e.signalId, symbol: e.symbol, direction: plan.direction, leverage: plan.leverage, entry: plan.entryPrice, qty: plan.qty,
      notional: plan.notional, margin: plan.margin, stop: plan.stopLoss, targets: `{${plan.targets.map((x) => x.price).join(",")}}`, fee,
      fill_fee: money(dec(fee)), at_signal: e.filledAtSignalPrice, next_tp: nearestTarget(plan),
      pnl_pct: dec(plan.margin).gt(0) ? pct(dec(fee).neg().div(plan.margin).mul(100)) : "0", signal_entry: e.signalEntryPrice,
      latency: e.signalCreatedAt ? Math.max(0, now.getTime() - e.signalCreatedAt.getTime()) : null,
      slippage: slippagePct(plan.direction, plan.entryPrice, e.signalEntryPrice),
    };
  });
  const L = groups.flatMap((g) => g.legs.map((leg, i) => ({ ...leg, g: g.index, i })));
  const col = <T, K extends keyof T>(rows: T[], k: K) => rows.map((r) => r[k]);
  t = endPhase("paper: build rows (JS)", t);
  const rows = await sql.query<{ id: string }>(
    `WITH g AS (
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
         $10::text[], $11::text[], $12::text[], $13::bool[], $14::text[], $15::text[], $16::text[], $17::int[], $18::text[])
         WITH ORDINALITY AS g(signal_id, symbol, direction, leverage, entry, qty, notional, margin, stop, targets, fee, fill_fee, at_signal,
           next_tp, pnl_pct, signal_entry, latency, slippage, n)
     ), u AS (
       SELECT * FROM unnest($19::uuid[], $20::int[], $21::int[], $22::uuid[], $23::text[], $24::int[])
         WITH ORDINALITY AS u(id, user_id, g, entry_order_id, trail_pct, trail_after, n)
     ), p AS (
       INSERT INTO positions (id, user_id, signal_id, symbol, direction, mode, status, leverage, entry_price, qty, remaining_qty, notional, margin,
         stop_loss, targets, realized_pnl, fees, filled_at_signal_price, next_tp_price, pnl_pct, signal_entry_price, entry_ack_at,
         entry_latency_ms, slippage_pct, opened_at, protected, targets_hit, trailing_stop_pct, trailing_after_tp)
       SELECT u.id, u.user_id, g.signal_id, g.symbol, g.direction::"Direction", 'PAPER', 'OPEN', g.leverage, g.entry::numeric, g.qty::numeric,
         g.qty::numeric, g.notional::numeric, g.margin::numeric, g.stop::numeric, g.targets::numeric[], -(g.fee::numeric), g.fee::numeric,
         g.at_signal, g.next_tp::numeric, g.pnl_pct::numeric, g.signal_entry::numeric, ${utc(38)}, g.latency, g.slippage::numeric, ${utc(38)}, true, 0,
         u.trail_pct::numeric, u.trail_after
       FROM u JOIN g ON g.n = u.g + 1
       ON CONFLICT (user_id, signal_id) DO NOTHING
       RETURNING id
     ), l AS (
       SELECT * FROM unnest($25::int[], $26::int[], $27::text[], $28::text[], $29::text[], $30::int[], $31::text[], $32::text[], $33::text[],
         $34::text[], $35::text[], $36::text[]) AS l(g, leg, kind, side, type, target, qty, price, trigger, status, filled, avg)
     ), c AS (
       SELECT * FROM unnest($37::text[]) WITH ORDINALITY AS c(coid, n)
     ), o AS (
       INSERT INTO orders (id, position_id, user_id, client_order_id, kind, side, type, target_index, qty, price, trigger_price, reduce_only,
         status, filled_qty, avg_price, created_at, updated_at)
       SELECT CASE WHEN l.kind = 'ENTRY' THEN u.entry_order_id ELSE gen_random_uuid() END, u.id, u.user_id, c.coid, l.kind::"OrderKind",
         l.side::"OrderSide", l.type, l.target, l.qty::numeric, l.price::numeric, l.trigger::numeric, l.kind <> 'ENTRY', l.status::"OrderStatus",
         l.filled::numeric, l.avg::numeric, ${utc(38)}, ${utc(38)}
       FROM p JOIN u ON u.id = p.id JOIN l ON l.g = u.g JOIN c ON c.n = (u.n - 1) * $39 + l.leg + 1
       RETURNING 1
     ), f AS (
       INSERT INTO fills (id, order_id, trade_id, qty, price, fee, created_at)
       SELECT gen_random_uuid(), u.entry_order_id, 'paper-' || u.entry_order_id::text, g.qty::numeric, g.entry::numeric, g.fill_fee::numeric, ${utc(38)}
       FROM p JOIN u ON u.id = p.id JOIN g ON g.n = u.g + 1
       RETURNING 1
     )
     SELECT id::text AS id FROM p`,
    ...(["signal_id", "symbol", "direction", "leverage", "entry", "qty", "notional", "margin", "stop", "targets", "fee", "fill_fee", "at_signal", "next_tp", "pnl_pct", "signal_entry", "latency", "slippage"] as const).map((k) => col(G, k)),
    U.id, U.userId, U.group, U.entryOrderId, U.trailPct, U.trailAfter,
    ...(["g", "i", "kind", "side", "type", "target", "qty", "price", "trigger", "status", "filled", "avg"] as const).map((k) => col(L, k)),
    coids,
    now.toISOString(),
    width,
  );
  endPhase("paper: insert statement", t);
  return rows.map((r) => r.id);
}

export type TFailedCopy = {
  userId: number;
  signalId: string | null;
  symbol: string;
  direction: "LONG" | "SHORT";
  leverage: number;
  mode: "PAPER" | "BINANCE_TESTNET" | "BINANCE_MAINNET";
  /** STALE_SIGNAL, RISK_BLOCKED, SIZE_REFUSED, UNKNOWN_MARKET, EXCHANGE_ERROR… */
  code: string;
  reason: string;
};

/** Records skipped or failed copies as FAILED positions (one per user and signal, so a re-run skips them too). */
export async function insertFailedCopies(sql: TSql, rows: TFailedCopy[], now: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const c = <K extends keyof TFailedCopy>(k: K) => rows.map((r) => r[k]);
  return sql.exec(
    `INSERT INTO positions (id, user_id, signal_id, symbol, direction, mode, status, leverage, qty, remaining_qty, notional, margin,
       failure_code, failure_reason, opened_at, closed_at)
     SELECT gen_random_uuid(), u.user_id, u.signal_id, u.symbol, u.direction::"Direction", u.mode::"ExchangeMode", 'FAILED', u.leverage, 0, 0, 0, 0,
       u.code, u.reason, ${utc(9)}, ${utc(9)}
     FROM unnest($1::int[], $2::uuid[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[])
       AS u(user_id, signal_id, symbol, direction, leverage, mode, code, reason)
     ON CONFLICT (user_id, signal_id) DO NOTHING`,
    c("userId"), c("signalId"), c("symbol"), c("direction"), c("leverage"), c("mode"), c("code"), c("reason"), now.toISOString(),
  );
}

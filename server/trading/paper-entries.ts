// Opening PAPER positions in bulk: each position with its filled entry order, its fill, one resting
// reduce-only take-profit per target and one resting reduce-only stop — for 1 or 2,000 users in ONE
// statement. `ON CONFLICT (user_id, signal_id) DO NOTHING` makes a re-run open nothing twice, and the
// orders and fills of a position that already existed are not written either.
// Also: the FAILED rows that record why a user's copy was skipped, and the risk events of refusals.
import { randomUUID } from "node:crypto";
import type { TTx } from "../db/client";
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

type TCols = Record<string, unknown[]>;
const push = (cols: TCols, row: Record<string, unknown>) => {
  for (const [k, v] of Object.entries(row)) (cols[k] ??= []).push(v);
};

/** Inserts the positions that do not exist yet; returns the ids of those inserted. */
export async function insertPaperEntries(tx: TTx, entries: TPaperEntry[], now: Date): Promise<string[]> {
  if (entries.length === 0) return [];
  let t = performance.now();
  const P: TCols = {};
  const O: TCols = {};
  const F: TCols = {};
  for (const e of entries) {
    const { plan } = e;
    const positionId = randomUUID();
    const scope = e.signalId ? { signalId: e.signalId } : { positionId };
    const fee = paperFee(plan.qty, plan.entryPrice, e.feeRate);
    const exit = plan.direction === "LONG" ? "SELL" : "BUY";
    push(P, {
      id: positionId, user_id: e.userId, signal_id: e.signalId, symbol: e.symbol, direction: plan.direction, leverage: plan.leverage,
      entry: plan.entryPrice, qty: plan.qty, notional: plan.notional, margin: plan.margin, stop: plan.stopLoss,
      targets: `{${plan.targets.map((t) => t.price).join(",")}}`, fee, at_signal: e.filledAtSignalPrice, next_tp: nearestTarget(plan),
      pnl_pct: dec(plan.margin).gt(0) ? pct(dec(fee).neg().div(plan.margin).mul(100)) : "0", signal_entry: e.signalEntryPrice,
      latency: e.signalCreatedAt ? Math.max(0, now.getTime() - e.signalCreatedAt.getTime()) : null,
      slippage: slippagePct(plan.direction, plan.entryPrice, e.signalEntryPrice),
      trail_pct: e.trailing?.pct ?? null, trail_after: e.trailing?.afterTp ?? null,
    });
    const order = (o: { id?: string; leg: string; kind: string; side: string; type: string; target: number | null; qty: string; price: string | null; trigger: string | null; status: string; filled: string; avg: string | null }) => {
      const id = o.id ?? randomUUID();
      push(O, { id, position_id: positionId, user_id: e.userId, coid: clientOrderId({ userId: e.userId, ...scope, leg: o.leg }), kind: o.kind, side: o.side, type: o.type, target: o.target, qty: o.qty, price: o.price, trigger: o.trigger, status: o.status, filled: o.filled, avg: o.avg });
      return id;
    };
    const entryId = order({ leg: "entry", kind: "ENTRY", side: plan.direction === "LONG" ? "BUY" : "SELL", type: "MARKET", target: null, qty: plan.qty, price: null, trigger: null, status: "FILLED", filled: plan.qty, avg: plan.entryPrice });
    for (const t of plan.targets) {
      if (dec(t.qty).isZero()) continue;
      order({ leg: `tp${t.index}`, kind: "TAKE_PROFIT", side: exit, type: "LIMIT", target: t.index, qty: t.qty, price: t.price, trigger: null, status: "OPEN", filled: "0", avg: null });
    }
    if (plan.stopLoss !== null) order({ leg: "sl", kind: "STOP_LOSS", side: exit, type: "STOP_MARKET", target: null, qty: plan.qty, price: null, trigger: plan.stopLoss, status: "OPEN", filled: "0", avg: null });
    push(F, { id: randomUUID(), order_id: entryId, position_id: positionId, trade_id: `paper-${entryId}`, qty: plan.qty, price: plan.entryPrice, fee: money(dec(fee)) });
  }
  t = endPhase("paper: build rows (JS)", t);
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
    `WITH p AS (
       INSERT INTO positions (id, user_id, signal_id, symbol, direction, mode, status, leverage, entry_price, qty, remaining_qty, notional, margin,
         stop_loss, targets, realized_pnl, fees, filled_at_signal_price, next_tp_price, pnl_pct, signal_entry_price, entry_ack_at,
         entry_latency_ms, slippage_pct, opened_at, protected, targets_hit, trailing_stop_pct, trailing_after_tp)
       SELECT u.id, u.user_id, u.signal_id, u.symbol, u.direction::"Direction", 'PAPER', 'OPEN', u.leverage, u.entry::numeric, u.qty::numeric,
         u.qty::numeric, u.notional::numeric, u.margin::numeric, u.stop::numeric, u.targets::numeric[], -(u.fee::numeric), u.fee::numeric,
         u.at_signal, u.next_tp::numeric, u.pnl_pct::numeric, u.signal_entry::numeric, ${utc(43)}, u.latency, u.slippage::numeric, ${utc(43)}, true, 0,
         u.trail_pct::numeric, u.trail_after
       FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[],
         $11::text[], $12::text[], $13::text[], $14::bool[], $15::text[], $16::text[], $17::text[], $18::int[], $19::text[], $20::text[], $21::int[])
         AS u(id, user_id, signal_id, symbol, direction, leverage, entry, qty, notional, margin, stop, targets, fee, at_signal, next_tp,
              pnl_pct, signal_entry, latency, slippage, trail_pct, trail_after)
       ON CONFLICT (user_id, signal_id) DO NOTHING
       RETURNING id
     ), o AS (
       INSERT INTO orders (id, position_id, user_id, client_order_id, kind, side, type, target_index, qty, price, trigger_price, reduce_only,
         status, filled_qty, avg_price, created_at, updated_at)
       SELECT x.id, x.position_id, x.user_id, x.coid, x.kind::"OrderKind", x.side::"OrderSide", x.type, x.target, x.qty::numeric,
         x.price::numeric, x.trigger::numeric, x.kind <> 'ENTRY', x.status::"OrderStatus", x.filled::numeric, x.avg::numeric, ${utc(43)}, ${utc(43)}
       FROM unnest($22::uuid[], $23::uuid[], $24::int[], $25::text[], $26::text[], $27::text[], $28::text[], $29::int[], $30::text[],
         $31::text[], $32::text[], $33::text[], $34::text[], $35::text[])
         AS x(id, position_id, user_id, coid, kind, side, type, target, qty, price, trigger, status, filled, avg)
       JOIN p ON p.id = x.position_id
       RETURNING 1
     ), f AS (
       INSERT INTO fills (id, order_id, trade_id, qty, price, fee, created_at)
       SELECT y.id, y.order_id, y.trade_id, y.qty::numeric, y.price::numeric, y.fee::numeric, ${utc(43)}
       FROM unnest($36::uuid[], $37::uuid[], $38::uuid[], $39::text[], $40::text[], $41::text[], $42::text[])
         AS y(id, order_id, position_id, trade_id, qty, price, fee)
       JOIN p ON p.id = y.position_id
       RETURNING 1
     )
     SELECT id::text AS id FROM p`,
    ...["id", "user_id", "signal_id", "symbol", "direction", "leverage", "entry", "qty", "notional", "margin", "stop", "targets", "fee", "at_signal", "next_tp", "pnl_pct", "signal_entry", "latency", "slippage", "trail_pct", "trail_after"].map((k) => P[k]),
    ...["id", "position_id", "user_id", "coid", "kind", "side", "type", "target", "qty", "price", "trigger", "status", "filled", "avg"].map((k) => O[k] ?? []),
    ...["id", "order_id", "position_id", "trade_id", "qty", "price", "fee"].map((k) => F[k]),
    now.toISOString(),
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
export async function insertFailedCopies(tx: TTx, rows: TFailedCopy[], now: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const c = <K extends keyof TFailedCopy>(k: K) => rows.map((r) => r[k]);
  return tx.$executeRawUnsafe(
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

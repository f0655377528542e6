// What the API and the live feed say about a signal and its events. TRIAL users see a new
// signal's prices only after TRIAL_FEED_DELAY_MINUTES (SPEC §3): until then it is "locked".
import type { Prisma } from "../db/client";
import { effectivePlan, type TPlan } from "../users/plan";
import { confidenceWord } from "./schemas";

export const SIGNAL_SELECT = {
  id: true,
  symbol: true,
  direction: true,
  entryLow: true,
  entryHigh: true,
  targets: true,
  stopLoss: true,
  leverage: true,
  confidence: true,
  confidenceLabel: true,
  tradeType: true,
  duration: true,
  source: true,
  status: true,
  targetsHit: true,
  realizedProfitPct: true,
  createdAt: true,
  closedAt: true,
} satisfies Prisma.SignalSelect;
export type TSignalRow = Prisma.SignalGetPayload<{ select: typeof SIGNAL_SELECT }>;

export const EVENT_SELECT = {
  id: true,
  signalId: true,
  type: true,
  targetIndex: true,
  price: true,
  profitPct: true,
  createdAt: true,
} satisfies Prisma.SignalEventSelect;
export type TEventRow = Prisma.SignalEventGetPayload<{ select: typeof EVENT_SELECT }>;

export type TViewer = { plan: TPlan; planExpiresAt: Date | null; role: "USER" | "ADMIN" } | null;

const CLOSED = new Set(["HIT_TP", "HIT_SL", "CANCELLED", "CLOSED"]);

export function outcomeOf(s: Pick<TSignalRow, "status" | "realizedProfitPct">): "WIN" | "LOSS" | "BREAKEVEN" | null {
  if (!CLOSED.has(s.status)) return null;
  return s.realizedProfitPct.gt(0) ? "WIN" : s.realizedProfitPct.lt(0) ? "LOSS" : "BREAKEVEN";
}

/** The moment a TRIAL viewer may see the prices; null when the viewer sees everything now. */
export function unlocksAt(s: Pick<TSignalRow, "createdAt">, viewer: TViewer, delayMinutes: number, now = new Date()): Date | null {
  if (viewer?.role === "ADMIN" || (viewer && effectivePlan(viewer, now) !== "TRIAL")) return null;
  const at = new Date(s.createdAt.getTime() + delayMinutes * 60_000);
  return at > now ? at : null;
}

export function toSignalDto(s: TSignalRow, lockedUntil: Date | null = null) {
  const locked = lockedUntil !== null;
  const entry = s.entryLow.eq(s.entryHigh) ? s.entryLow.toFixed() : `${s.entryLow.toFixed()} - ${s.entryHigh.toFixed()}`;
  return {
    id: s.id,
    symbol: s.symbol,
    direction: s.direction,
    side: s.direction === "LONG" ? ("BUY" as const) : ("SELL" as const),
    entry: locked ? null : entry,
    entry_low: locked ? null : s.entryLow.toFixed(),
    entry_high: locked ? null : s.entryHigh.toFixed(),
    targets: locked ? null : s.targets.map((t) => t.toFixed()),
    stop_loss: locked ? null : s.stopLoss.toFixed(),
    leverage: s.leverage,
    confidence: s.confidence,
    /** "High" when the signal was given the word, null when it was given a number. */
    confidence_label: confidenceWord(s.confidenceLabel),
    trade_type: s.tradeType,
    duration: s.duration,
    source: s.source,
    status: s.status,
    outcome: outcomeOf(s),
    targets_count: s.targets.length,
    targets_hit: s.targetsHit,
    realized_profit_pct: s.realizedProfitPct.toFixed(),
    locked,
    unlocks_at: lockedUntil?.toISOString() ?? null,
    created_at: s.createdAt.toISOString(),
    closed_at: s.closedAt?.toISOString() ?? null,
  };
}

export function toEventDto(e: TEventRow) {
  return {
    id: e.id,
    signal_id: e.signalId,
    type: e.type,
    target: e.targetIndex,
    price: e.price?.toFixed() ?? null,
    profit_pct: e.profitPct?.toFixed() ?? null,
    created_at: e.createdAt.toISOString(),
  };
}

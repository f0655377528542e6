// The copy report's shape (copy-report.ts runs the one query): the grouped rows become, per
// account kind (paper, live), what was opened, what was skipped and why, and the distributions of
// the time from signal to entry and of the entry slippage. Pure, so it is unit-tested.
import { Prisma } from "../db/client";

/** Upper bounds (exclusive) of the latency buckets, ms; the last bucket is open-ended. */
export const LATENCY_BOUNDS_MS = [250, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000] as const;
/** Bounds of the slippage buckets, % of the signal's entry (positive = worse for the trader); labels without the unit. */
export const SLIPPAGE_BOUNDS_PCT = ["-0.5", "-0.2", "-0.1", "-0.05", "-0.01", "0.01", "0.05", "0.1", "0.2", "0.5"] as const;

/** Why a copy was not opened, as the operator reads it (positions.failure_code grouped). */
export const SKIP_REASONS = ["risk_rule", "stale_price", "size_too_small", "exchange_error", "other"] as const;
export type TSkipReason = (typeof SKIP_REASONS)[number];
const REASON_OF: Record<string, TSkipReason> = {
  RISK_BLOCKED: "risk_rule",
  STALE_SIGNAL: "stale_price",
  SIZE_REFUSED: "size_too_small",
  EXCHANGE_ERROR: "exchange_error",
  UNKNOWN_MARKET: "exchange_error",
};
export const skipReasonOf = (code: string | null): TSkipReason => (code ? (REASON_OF[code] ?? "other") : "other");

/** One row of the query: `part` says which grouping it comes from. */
export type TCopyRow = {
  part: "outcome" | "latency" | "slippage" | "stats";
  mode: "paper" | "live";
  status: string | null;
  code: string | null;
  rule: string | null;
  bucket: number | null;
  n: bigint;
  tp_filled: bigint | null;
  pnl: string | null;
  latency_p50: number | null;
  latency_p95: number | null;
  latency_max: number | null;
  slippage_p50: string | null;
  slippage_p95: string | null;
  slippage_avg: string | null;
};

export type TBucket = { label: string; count: number };
export type TModeReport = {
  opened: number;
  open_now: number;
  closed: number;
  /** Copies that have taken at least one take-profit. */
  tp_filled: number;
  realized_pnl_usdt: string;
  skipped: number;
  skipped_by_reason: Record<TSkipReason, number>;
  /** The risk rules behind `skipped_by_reason.risk_rule`. */
  risk_rules: Record<string, number>;
  /** The raw failure codes behind `other` (and every code, for the curious). */
  failure_codes: Record<string, number>;
  latency_ms: { count: number; p50: number | null; p95: number | null; max: number | null; histogram: TBucket[] };
  slippage_pct: { count: number; p50: string | null; p95: string | null; avg: string | null; histogram: TBucket[] };
};

const fmtMs = (ms: number) => (ms < 1000 ? `${ms} ms` : `${ms / 1000} s`);
/** "250–500 ms", "0.5–1 s": short enough for a chart's axis. */
const range = (a: number, b: number) => (b < 1000 ? `${a}–${b} ms` : `${a / 1000}–${b / 1000} s`);
export const LATENCY_LABELS = LATENCY_BOUNDS_MS.map((b, i) => (i === 0 ? `< ${fmtMs(b)}` : range(LATENCY_BOUNDS_MS[i - 1]!, b))).concat(`≥ ${fmtMs(LATENCY_BOUNDS_MS.at(-1)!)}`);
export const SLIPPAGE_LABELS = SLIPPAGE_BOUNDS_PCT.map((b, i) => (i === 0 ? `< ${b}` : `${SLIPPAGE_BOUNDS_PCT[i - 1]}…${b}`)).concat(`≥ ${SLIPPAGE_BOUNDS_PCT.at(-1)}`);

const dec = (s: string | null) => (s === null ? null : new Prisma.Decimal(s).toDecimalPlaces(4).toFixed());

function emptyMode(): TModeReport {
  return {
    opened: 0,
    open_now: 0,
    closed: 0,
    tp_filled: 0,
    realized_pnl_usdt: "0",
    skipped: 0,
    skipped_by_reason: { risk_rule: 0, stale_price: 0, size_too_small: 0, exchange_error: 0, other: 0 },
    risk_rules: {},
    failure_codes: {},
    latency_ms: { count: 0, p50: null, p95: null, max: null, histogram: LATENCY_LABELS.map((label) => ({ label, count: 0 })) },
    slippage_pct: { count: 0, p50: null, p95: null, avg: null, histogram: SLIPPAGE_LABELS.map((label) => ({ label, count: 0 })) },
  };
}

export function shapeCopyReport(rows: readonly TCopyRow[]): { paper: TModeReport; live: TModeReport } {
  const out = { paper: emptyMode(), live: emptyMode() };
  for (const r of rows) {
    const m = out[r.mode];
    const n = Number(r.n);
    if (r.part === "outcome") {
      if (r.status === "FAILED") {
        m.skipped += n;
        const reason = skipReasonOf(r.code);
        m.skipped_by_reason[reason] += n;
        const code = r.code ?? "UNKNOWN";
        m.failure_codes[code] = (m.failure_codes[code] ?? 0) + n;
        if (reason === "risk_rule") {
          const rule = r.rule ?? "unknown";
          m.risk_rules[rule] = (m.risk_rules[rule] ?? 0) + n;
        }
      } else {
        m.opened += n;
        if (r.status === "OPEN") m.open_now += n;
        else m.closed += n;
        m.tp_filled += Number(r.tp_filled ?? 0n);
        m.realized_pnl_usdt = new Prisma.Decimal(m.realized_pnl_usdt).plus(r.pnl ?? "0").toFixed();
      }
    } else if (r.part === "latency" || r.part === "slippage") {
      const hist = r.part === "latency" ? m.latency_ms.histogram : m.slippage_pct.histogram;
      const bucket = hist[r.bucket ?? 0];
      if (bucket) bucket.count += n;
      if (r.part === "latency") m.latency_ms.count += n;
      else m.slippage_pct.count += n;
    } else {
      m.latency_ms = { ...m.latency_ms, p50: r.latency_p50 === null ? null : Math.round(r.latency_p50), p95: r.latency_p95 === null ? null : Math.round(r.latency_p95), max: r.latency_max };
      m.slippage_pct = { ...m.slippage_pct, p50: dec(r.slippage_p50), p95: dec(r.slippage_p95), avg: dec(r.slippage_avg) };
    }
  }
  return out;
}

import type { TPosition } from "../api/schemas";

/** "+12.5 USDT", "-3 USDT". */
export function formatUsdt(v: string | null): string {
  if (v === null) return "—";
  const n = Number(v);
  return `${n > 0 ? "+" : ""}${v} USDT`;
}

/** The execution receipt: how long from the signal to the exchange's fill, and how far from its price. */
export function receiptLabel(p: Pick<TPosition, "receipt">): string | null {
  const { signal_to_entry_ms: ms, slippage_pct: slip } = p.receipt;
  if (ms === null && slip === null) return null;
  const parts = [ms === null ? null : `latency ${ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`}`, slip === null ? null : `slippage ${Number(slip).toFixed(3)}%`];
  return parts.filter(Boolean).join(" · ");
}

export function pnlOf(p: TPosition): string | null {
  return p.status === "OPEN" ? p.unrealized_pnl : p.realized_pnl;
}

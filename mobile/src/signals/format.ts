// How a signal's numbers, states and times read in the app. Prices stay the server's strings
// (decimals never pass through a float).
import type { TSignal, TSignalEvent } from "../api/schemas";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

export function formatClock(iso: string): string {
  const d = new Date(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return `${MONTHS[d.getMonth()] ?? ""} ${d.getDate()}, ${formatClock(iso)}`;
}

/** "in 12 min", "in 1 h 5 min", "in less than a minute" — or null once the moment has passed. */
export function formatCountdown(iso: string, now: number): string | null {
  const ms = new Date(iso).getTime() - now;
  if (ms <= 0) return null;
  const minutes = Math.ceil(ms / 60_000);
  if (ms < 60_000) return "in less than a minute";
  if (minutes < 60) return `in ${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `in ${h} h ${m} min` : `in ${h} h`;
}

/** "+7.30%", "-3.10%", "0.00%". */
export function formatPct(value: string | null): string {
  const n = Number(value ?? 0);
  if (!Number.isFinite(n)) return "—";
  return `${n > 0 ? "+" : ""}${n.toFixed(2)}%`;
}

export function statusLabel(s: Pick<TSignal, "status" | "targets_hit" | "targets_count">): string {
  switch (s.status) {
    case "OPEN":
      return "Open";
    case "TP_PARTIAL":
      return `TP ${s.targets_hit}/${s.targets_count} hit`;
    case "HIT_TP":
      return "All targets hit";
    case "HIT_SL":
      return "Stopped out";
    case "CANCELLED":
      return "Cancelled";
    case "CLOSED":
      return "Closed";
  }
}

export function eventLabel(e: Pick<TSignalEvent, "type" | "target">): string {
  switch (e.type) {
    case "TP_HIT":
      return e.target ? `Target ${e.target} reached` : "Target reached";
    case "ALL_TP":
      return "All targets reached";
    case "SL_HIT":
      return "Stop loss hit";
    case "CANCELLED":
      return "Signal cancelled";
    case "CLOSED":
      return "Signal closed";
    default:
      return e.type;
  }
}

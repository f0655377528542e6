// A signal as the trading core copies it (SPEC §6): its trade, as plain strings. Trading reads
// signals through here, not from their table.
import { db } from "../db/client";
import { AppError, notFound } from "../errors";
import type { TSignalDraft } from "./schemas";

/** The trade a signal describes (as TSignalDraft spells it), and where it stands. */
export type TCopyableSignal = Pick<TSignalDraft, "symbol" | "direction" | "entryLow" | "entryHigh" | "targets" | "stopLoss"> & {
  id: string;
  status: "OPEN" | "TP_PARTIAL";
  createdAt: Date;
};

/** A signal can be copied until it closes: OPEN, or TP_PARTIAL (some targets hit, the rest still open). */
const COPYABLE = new Set(["OPEN", "TP_PARTIAL"]);

async function loadSignal(id: string) {
  const s = await db().signal.findUnique({
    where: { id },
    select: { id: true, symbol: true, direction: true, entryLow: true, entryHigh: true, targets: true, stopLoss: true, status: true, createdAt: true },
  });
  if (!s) return null;
  const copy = { ...s, entryLow: s.entryLow.toFixed(), entryHigh: s.entryHigh.toFixed(), targets: s.targets.map((t) => t.toFixed()), stopLoss: s.stopLoss.toFixed() };
  return COPYABLE.has(s.status) ? { copyable: true as const, signal: copy as TCopyableSignal } : { copyable: false as const, status: s.status };
}

/** The signal to copy; NOT_FOUND when there is none, CONFLICT when it is already closed. */
export async function getCopyableSignal(id: string): Promise<TCopyableSignal> {
  const s = await loadSignal(id);
  if (!s) throw notFound("Signal");
  if (!s.copyable) throw new AppError("CONFLICT", `Signal is already closed (${s.status})`);
  return s.signal;
}

/** The signal to copy, or null when it is gone or closed. */
export async function findCopyableSignal(id: string): Promise<TCopyableSignal | null> {
  const s = await loadSignal(id);
  return s?.copyable ? s.signal : null;
}

/** What a signal's trade is called in a message ("ETHUSDT LONG"), whatever its status; null when it is gone. */
export async function findSignalHeadline(id: string): Promise<{ symbol: string; direction: "LONG" | "SHORT" } | null> {
  return db().signal.findUnique({ where: { id }, select: { symbol: true, direction: true } });
}

// Closed copies → one aggregate message per signal to the VIP chat (see trade-messages.ts for why
// never one per user). `scope` names the occasion (a signal event, a monitor tick) so a replay of
// the same occasion never announces twice.
import { db } from "../db/client";
import { enqueueOutbox, type TOutboxMessage } from "../notifications/outbox";
import { nudgeOutbox } from "../notifications/nudge-outbox";
import type { TClosedPosition } from "./settle-positions";
import { tradesClosedText } from "./trade-messages";

const REASON_LABEL: Record<string, string> = { SL: "stop loss", ALL_TP: "all targets", SIGNAL_CANCELLED: "signal cancelled", SIGNAL_CLOSED: "signal closed", MANUAL: "closed by hand" };
const label = (reason: string) => REASON_LABEL[reason] ?? (/^TP\d+$/.test(reason) ? `target ${reason.slice(2)}` : reason.toLowerCase());

/** Queues one message per signal among `closed` (manual trades without a signal are not announced). */
export async function announceClosedTrades(closed: TClosedPosition[], scope: string): Promise<number> {
  const bySignal = new Map<string, TClosedPosition[]>();
  for (const c of closed) if (c.signalId) bySignal.set(c.signalId, [...(bySignal.get(c.signalId) ?? []), c]);
  if (bySignal.size === 0) return 0;
  const messages: TOutboxMessage[] = [];
  for (const [signalId, group] of bySignal) {
    const reasons = new Map<string, number>();
    for (const c of group) reasons.set(c.reason, (reasons.get(c.reason) ?? 0) + 1);
    const reason = [...reasons.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const body = tradesClosedText({
      symbol: group[0]!.symbol,
      direction: group[0]!.direction,
      reason: label(reason),
      pnlPcts: group.map((c) => c.pnlPct),
      paper: group.filter((c) => c.mode === "PAPER").length,
      live: group.filter((c) => c.mode !== "PAPER").length,
    });
    messages.push({ audience: "vip", kind: "autotrade_closed", body, dedupeKey: `autotrade-closed:${signalId}:${scope}` });
  }
  const queued = await db().$transaction((tx) => enqueueOutbox(tx, messages));
  if (queued > 0) await nudgeOutbox();
  return queued;
}

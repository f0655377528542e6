// Storing a signal: one transaction writes the signal, its feed entry and its Telegram messages
// (VIP: full signal, TRIAL: teaser). Nothing here waits on Telegram or on any subscriber; after
// the commit the feed is woken and the jobs are told (delivery, auto-trader fan-out).
import { db, type TTx } from "../db/client";
import { toAppError } from "../errors";
import { enqueueOutbox } from "../notifications/outbox";
import { trialTeaserText, vipSignalText } from "../telegram/format";
import { announceSignalChange } from "./announce";
import { broadcastHoldUntil } from "./broadcast-hold";
import { appendFeedEntry } from "./feed-log";
import type { TSignalDraft } from "./schemas";
import { SIGNAL_SELECT, type TSignalRow } from "./signal-dto";

export type TSignalSource = "ADMIN" | "API" | "WEBHOOK" | "TELEGRAM";

export async function createSignal(
  draft: TSignalDraft,
  source: TSignalSource,
  createdById: number | null = null,
): Promise<{ signal: TSignalRow; created: boolean }> {
  if (draft.externalId) {
    const existing = await findByExternalId(db(), source, draft.externalId);
    if (existing) return { signal: existing, created: false };
  }
  let signal: TSignalRow;
  try {
    signal = await db().$transaction(async (tx) => {
      const row = await tx.signal.create({
        data: {
          symbol: draft.symbol,
          direction: draft.direction,
          entryLow: draft.entryLow,
          entryHigh: draft.entryHigh,
          targets: draft.targets,
          stopLoss: draft.stopLoss,
          leverage: draft.leverage,
          confidence: draft.confidence,
          confidenceLabel: draft.confidenceLabel,
          tradeType: draft.tradeType,
          duration: draft.duration,
          source,
          externalId: draft.externalId,
          createdById,
        },
        select: SIGNAL_SELECT,
      });
      await appendFeedEntry(tx, { kind: "signal", signalId: row.id });
      // Held until the auto-trader has placed the PREMIUM copies (broadcast-hold.ts).
      const notBefore = await broadcastHoldUntil(tx);
      await enqueueOutbox(tx, [
        { audience: "vip", kind: "signal", body: vipSignalText(draft), dedupeKey: `signal:${row.id}`, notBefore },
        { audience: "trial", kind: "signal_teaser", body: trialTeaserText(draft), dedupeKey: `signal:${row.id}`, notBefore },
      ]);
      return row;
    });
  } catch (err) {
    // The same provider id submitted twice at once: the unique index lets one through.
    if (draft.externalId && toAppError(err).code === "CONFLICT") {
      const existing = await findByExternalId(db(), source, draft.externalId);
      if (existing) return { signal: existing, created: false };
    }
    throw err;
  }
  await announceSignalChange({ name: "signal/created", id: `signal-created-${signal.id}`, data: { signalId: signal.id } });
  return { signal, created: true };
}

function findByExternalId(tx: TTx, source: TSignalSource, externalId: string) {
  return tx.signal.findUnique({ where: { source_externalId: { source, externalId } }, select: SIGNAL_SELECT });
}

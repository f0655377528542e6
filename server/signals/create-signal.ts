// Storing a signal: one transaction writes the signal, its feed entry and its Telegram messages
// (VIP: full signal, TRIAL: teaser). Nothing here waits on Telegram or on any subscriber; after
// the commit the feed is woken and the jobs are told (delivery, auto-trader fan-out).
//
// Idempotency, for senders that retry: a provider id (draft.externalId) is one signal per source,
// for ever (the unique index). Without an id, `sameBodyWithinMs` makes the same parsed body one
// signal within that window, counted from the signal's creation; later it is a new signal. That
// check and the insert run under a transaction-scoped advisory lock on the body's fingerprint, so
// identical bodies arriving at the same instant wait for each other and make one signal.
import { db, type TTx } from "../db/client";
import { toAppError } from "../errors";
import { appendTrackRecord } from "../track-record/track-record";
import { enqueueOutbox } from "../notifications/outbox";
import { trialTeaserText, vipSignalText } from "./telegram-text";
import { signalCreated } from "../jobs/catalog";
import { announceSignalChange } from "./announce";
import { broadcastHoldUntil } from "./broadcast-hold";
import { appendFeedEntry } from "./feed-log";
import type { TSignalDraft } from "./schemas";
import { SIGNAL_SELECT, type TSignalRow } from "./signal-dto";
import { signalFingerprint } from "./signal-fingerprint";

export type TSignalSource = "ADMIN" | "API" | "WEBHOOK" | "TELEGRAM";

export type TCreateSignalOptions = {
  /** Without a provider id: the same parsed body within this many ms is the signal already stored. */
  sameBodyWithinMs?: number;
};

/** First key of the advisory lock per body fingerprint (the second is the fingerprint's hash). */
export const SAME_BODY_LOCK_NAMESPACE = 7_270_515;

export async function createSignal(
  draft: TSignalDraft,
  source: TSignalSource,
  createdById: number | null = null,
  options: TCreateSignalOptions = {},
): Promise<{ signal: TSignalRow; created: boolean }> {
  if (draft.externalId) {
    const existing = await findByExternalId(db(), source, draft.externalId);
    if (existing) return { signal: existing, created: false };
  }
  const bodyHash = !draft.externalId && options.sameBodyWithinMs ? signalFingerprint(draft) : null;
  let outcome: { signal: TSignalRow; created: boolean };
  try {
    outcome = await db().$transaction(async (tx) => {
      if (bodyHash) {
        const since = new Date(Date.now() - options.sameBodyWithinMs!);
        const existing = await findSameBody(tx, source, bodyHash, since);
        if (existing) return { signal: existing, created: false };
      }
      return { signal: await insertSignal(tx, draft, source, createdById, bodyHash), created: true };
    });
  } catch (err) {
    // The same provider id submitted twice at once: the unique index lets one through.
    if (draft.externalId && toAppError(err).code === "CONFLICT") {
      const existing = await findByExternalId(db(), source, draft.externalId);
      if (existing) return { signal: existing, created: false };
    }
    throw err;
  }
  if (outcome.created) await announceSignalCreated(outcome.signal.id);
  return outcome;
}

/**
 * The signal under a provider id, stored inside the caller's transaction (the review queue claims
 * its post in the same one, so nothing is published for a post another admin decided first): the
 * one already stored under that id, or a new one the caller announces after its commit.
 */
export async function createSignalIn(tx: TTx, draft: TSignalDraft & { externalId: string }, source: TSignalSource, createdById: number | null) {
  const existing = await findByExternalId(tx, source, draft.externalId);
  if (existing) return { signal: existing, created: false };
  return { signal: await insertSignal(tx, draft, source, createdById, null), created: true };
}

/** After the commit: the feed is woken and the jobs are told (delivery, the auto-trader's fan-out). */
export async function announceSignalCreated(id: string): Promise<void> {
  await announceSignalChange(signalCreated.create({ signalId: id }, { id: `signal-created-${id}` }));
}

async function insertSignal(tx: TTx, draft: TSignalDraft, source: TSignalSource, createdById: number | null, bodyHash: string | null) {
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
      bodyHash,
      createdById,
    },
    select: SIGNAL_SELECT,
  });
  await appendFeedEntry(tx, { kind: "signal", signalId: row.id });
  await appendTrackRecord(tx, row, null, row.createdAt);
  // Held until the auto-trader has placed the PREMIUM copies (broadcast-hold.ts).
  const notBefore = await broadcastHoldUntil(tx);
  await enqueueOutbox(tx, [
    { audience: "vip", kind: "signal", body: vipSignalText(draft), dedupeKey: `signal:${row.id}`, notBefore },
    { audience: "trial", kind: "signal_teaser", body: trialTeaserText(draft), dedupeKey: `signal:${row.id}`, notBefore },
  ]);
  return row;
}

/** Waits for any other transaction holding this body's lock, then reads the newest such signal in the window. */
async function findSameBody(tx: TTx, source: TSignalSource, bodyHash: string, since: Date) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SAME_BODY_LOCK_NAMESPACE}::int, hashtext(${`${source}:${bodyHash}`}))`;
  return tx.signal.findFirst({
    where: { source, bodyHash, createdAt: { gt: since } },
    orderBy: { createdAt: "desc" },
    select: SIGNAL_SELECT,
  });
}

function findByExternalId(tx: TTx, source: TSignalSource, externalId: string) {
  return tx.signal.findUnique({ where: { source_externalId: { source, externalId } }, select: SIGNAL_SELECT });
}

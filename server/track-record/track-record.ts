// The track record: each signal's publication and each of its events (TP hit, all TPs, stop loss,
// cancelled, closed) appended to a hash chain in the transaction that stores it (create-signal.ts,
// record-event.ts), served by GET /api/signals/chain. One advisory lock serialises appends so each
// link sees the one before it; it is always the last lock a writer takes (after the signal's row
// lock and the feed's lock), so the locks cannot deadlock.
import { z } from "zod";
import { db, type TTx } from "../db/client";
import { canonicalJson, GENESIS_HASH, linkHash, type TChainLink } from "./chain-hash";

const CHAIN_LOCK = 7_270_736_912;
const PAGE = 1000;

type TDecimal = { toString(): string };
type TChainedSignal = {
  id: string;
  symbol: string;
  direction: string;
  entryLow: TDecimal;
  entryHigh: TDecimal;
  targets: TDecimal[];
  stopLoss: TDecimal;
  status: string;
  targetsHit: number;
  realizedProfitPct: TDecimal;
  createdAt: Date;
};
type TChainedEvent = { id: string; type: string; targetIndex: number | null; price: TDecimal | null; profitPct: TDecimal | null };

/**
 * Appends one link: the signal as published (`event` null), or an event with the signal's state
 * after it. `at`: when it happened (the signal's creation, the event's time).
 */
export async function appendTrackRecord(tx: TTx, signal: TChainedSignal, event: TChainedEvent | null, at: Date, closes = false): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHAIN_LOCK}::bigint)`;
  const last = await tx.trackRecordLink.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const published = {
    seq,
    signal_id: signal.id,
    symbol: signal.symbol,
    direction: signal.direction,
    entry: [signal.entryLow.toString(), signal.entryHigh.toString()],
    targets: signal.targets.map(String),
    stop_loss: signal.stopLoss.toString(),
    event: event?.type ?? "PUBLISHED",
    at: at.toISOString(),
  };
  const record = canonicalJson(
    event
      ? {
          ...published,
          event_id: event.id,
          target: event.targetIndex,
          price: event.price?.toString() ?? null,
          event_profit_pct: event.profitPct?.toString() ?? null,
          outcome: signal.status,
          targets_hit: signal.targetsHit,
          profit_pct: signal.realizedProfitPct.toString(),
          opened_at: signal.createdAt.toISOString(),
          ...(closes ? { closed_at: at.toISOString() } : {}),
        }
      : published,
  );
  // The link's own time is taken under the lock, so link order and time order agree (chainHeadAt).
  await tx.trackRecordLink.create({ data: { seq, signalId: signal.id, eventId: event?.id ?? null, record, prevHash, hash: linkHash(prevHash, record), createdAt: new Date() } });
}

// Link numbers are int4 in the database: a larger one would reach Prisma and fail as a 500.
const ZLinkNumber = z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(2_147_483_647, "must be at most 2147483647");

export const ZChainQuery = z
  .object({
    from: ZLinkNumber.default(1),
    to: ZLinkNumber.optional(),
  })
  .refine((q) => q.to === undefined || q.to >= q.from, { message: "must not be before from", path: ["to"] });

/** GET /api/signals/chain?from=&to= (link numbers, at most 1,000 a page) with the head now. */
export async function getChain(query: z.infer<typeof ZChainQuery>) {
  const to = Math.min(query.to ?? Number.MAX_SAFE_INTEGER, query.from + PAGE - 1);
  const [rows, head] = await Promise.all([
    db().trackRecordLink.findMany({ where: { seq: { gte: query.from, lte: to } }, orderBy: { seq: "asc" }, select: { seq: true, prevHash: true, hash: true, record: true } }),
    db().trackRecordLink.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } }),
  ]);
  const links: TChainLink[] = rows.map((r) => ({ seq: r.seq, prev_hash: r.prevHash, hash: r.hash, record: JSON.parse(r.record) as unknown }));
  const last = links.at(-1)?.seq;
  return { head: head ?? { seq: 0, hash: GENESIS_HASH }, links, next_from: last !== undefined && last < (head?.seq ?? 0) && last < (query.to ?? Infinity) ? last + 1 : null };
}

/** The head hash as of a moment (the daily report prints it): the last link closed before `at`. */
export async function chainHeadAt(at: Date): Promise<string | null> {
  const link = await db().trackRecordLink.findFirst({ where: { createdAt: { lt: at } }, orderBy: { seq: "desc" }, select: { hash: true } });
  return link?.hash ?? null;
}

/** The chain's head now (link 0 and the genesis hash while nothing has closed): the reports screen's "today". */
export async function getChainHead(): Promise<{ seq: number; hash: string }> {
  const head = await db().trackRecordLink.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  return head ?? { seq: 0, hash: GENESIS_HASH };
}

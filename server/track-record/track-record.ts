// The public track record: every closed signal's result appended to a hash chain in the
// transaction that closes it (record-event.ts), served by GET /api/signals/chain. One advisory
// lock serialises appends so each link sees the one before it; the signal's row lock is always
// taken first, so the two locks cannot deadlock.
import { z } from "zod";
import { db, type TTx } from "../db/client";
import { canonicalJson, GENESIS_HASH, linkHash, type TChainLink } from "./chain-hash";

const CHAIN_LOCK = 7_270_736_912;
const PAGE = 1000;

type TClosedSignal = {
  id: string;
  symbol: string;
  direction: string;
  entryLow: { toString(): string };
  entryHigh: { toString(): string };
  targets: { toString(): string }[];
  stopLoss: { toString(): string };
  status: string;
  targetsHit: number;
  realizedProfitPct: { toString(): string };
  createdAt: Date;
};

export async function appendTrackRecord(tx: TTx, signal: TClosedSignal, event: { id: string; type: string }, closedAt: Date): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHAIN_LOCK}::bigint)`;
  const last = await tx.trackRecordLink.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const record = canonicalJson({
    seq,
    signal_id: signal.id,
    symbol: signal.symbol,
    direction: signal.direction,
    entry: [signal.entryLow.toString(), signal.entryHigh.toString()],
    targets: signal.targets.map(String),
    stop_loss: signal.stopLoss.toString(),
    event: event.type,
    outcome: signal.status,
    targets_hit: signal.targetsHit,
    profit_pct: signal.realizedProfitPct.toString(),
    opened_at: signal.createdAt.toISOString(),
    closed_at: closedAt.toISOString(),
  });
  await tx.trackRecordLink.create({ data: { seq, signalId: signal.id, eventId: event.id, record, prevHash, hash: linkHash(prevHash, record), createdAt: closedAt } });
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

// The review queue (dashboard screen 3): channel posts the listener kept because it could not use
// them (ingest-channel-post.ts), each with the parser's reason. An admin turns one into a signal —
// stored as every other source's signal is, under the post's own Telegram id, so replies to the
// post later attach to it and a second attempt never makes a second signal — or dismisses it.
// Both are audited; the post is claimed first, in the decision's transaction.
import { z } from "zod";
import { db, type Prisma, type TTx } from "../db/client";
import { likeLiteral } from "../db/like-literal";
import { AppError, notFound } from "../errors";
import { draftSignalFields } from "../telegram/channel-parser";
import { announceSignalCreated, createSignalIn } from "./create-signal";
import type { TSignalDraft } from "./schemas";
import { toSignalDto } from "./signal-dto";

export const REVIEW_STATES = ["pending", "dismissed", "signal", "all"] as const;
const RESOLUTION = { dismissed: "DISMISSED", signal: "SIGNAL" } as const;

export const ZReviewId = z.number({ error: "must be a whole number" }).int("must be a whole number").positive("must be positive").max(2_147_483_647, "is too large");
export const ZReviewQuery = z.strictObject({
  state: z.enum(REVIEW_STATES, { error: "must be pending, dismissed, signal or all" }).default("pending"),
  /** Part of the post's text or of the parser's reason. */
  q: z.string({ error: "must be a string" }).trim().min(1, "must not be empty").max(100, "must be at most 100 characters").optional(),
  page: z.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(100_000).default(1),
  per_page: z.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(100, "must be at most 100").default(20),
});
export type TReviewQuery = z.infer<typeof ZReviewQuery>;

const SELECT = { id: true, chatId: true, messageId: true, text: true, reason: true, createdAt: true, resolution: true, resolvedAt: true, resolvedById: true, signalId: true } as const;
type TRow = Prisma.UnparsedMessageGetPayload<{ select: typeof SELECT }>;

const toDto = (r: TRow) => ({
  id: r.id,
  chat_id: r.chatId,
  message_id: r.messageId,
  text: r.text,
  reason: r.reason,
  created_at: r.createdAt.toISOString(),
  state: r.resolution === "DISMISSED" ? ("dismissed" as const) : r.resolution === "SIGNAL" ? ("signal" as const) : ("pending" as const),
  resolved_at: r.resolvedAt?.toISOString() ?? null,
  resolved_by: r.resolvedById,
  signal_id: r.signalId,
});

export async function listReviewItems(query: TReviewQuery) {
  const where: Prisma.UnparsedMessageWhereInput = {
    ...(query.state === "all" ? {} : { resolution: query.state === "pending" ? null : RESOLUTION[query.state] }),
    ...(query.q
      ? { OR: [{ text: { contains: likeLiteral(query.q), mode: "insensitive" } }, { reason: { contains: likeLiteral(query.q), mode: "insensitive" } }] }
      : {}),
  };
  const [rows, total, pending] = await db().$transaction([
    db().unparsedMessage.findMany({ where, orderBy: { id: "desc" }, skip: (query.page - 1) * query.per_page, take: query.per_page, select: SELECT }),
    db().unparsedMessage.count({ where }),
    db().unparsedMessage.count({ where: { resolution: null } }),
  ]);
  return { items: rows.map(toDto), page: query.page, per_page: query.per_page, total, pending };
}

/** One post with what the parser could read off it: the form's starting point. */
export async function getReviewItem(id: number) {
  const row = await db().unparsedMessage.findUnique({ where: { id }, select: SELECT });
  if (!row) throw notFound("Review item");
  return { item: toDto(row), draft: draftSignalFields(row.text) };
}

function alreadyDecided(row: TRow): AppError {
  const what = row.resolution === "SIGNAL" ? "turned into a signal" : "dismissed";
  return new AppError("CONFLICT", `This post was already ${what}`, { extra: { state: toDto(row).state, signal_id: row.signalId } });
}

async function pendingRow(id: number): Promise<TRow> {
  const row = await db().unparsedMessage.findUnique({ where: { id }, select: SELECT });
  if (!row) throw notFound("Review item");
  if (row.resolution !== null) throw alreadyDecided(row);
  return row;
}

/**
 * Marks the post decided, once — the first statement of the decision's transaction, so a concurrent
 * decision waits on the row and then finds it decided (a 409) before it writes anything — then
 * `decide` does the rest in the same transaction and the decision is audited.
 */
async function resolve<T>(actorId: number, row: TRow, resolution: "DISMISSED" | "SIGNAL", decide: (tx: TTx) => Promise<{ result: T; signalId: string | null; details: Prisma.InputJsonObject }>) {
  return db().$transaction(async (tx) => {
    const now = new Date();
    const { count } = await tx.unparsedMessage.updateMany({ where: { id: row.id, resolution: null }, data: { resolution, resolvedAt: now, resolvedById: actorId } });
    if (count === 0) throw alreadyDecided(await tx.unparsedMessage.findUniqueOrThrow({ where: { id: row.id }, select: SELECT }));
    const { result, signalId, details } = await decide(tx);
    if (signalId) await tx.unparsedMessage.update({ where: { id: row.id }, data: { signalId } });
    await tx.auditEvent.create({
      data: {
        actorId,
        action: resolution === "DISMISSED" ? "review.dismiss" : "review.signal",
        target: `review:${row.id}`,
        details: { ...details, before: { state: "pending", reason: row.reason }, after: { state: resolution === "DISMISSED" ? "dismissed" : "signal", signal_id: signalId } },
      },
    });
    return { item: toDto({ ...row, resolution, resolvedAt: now, resolvedById: actorId, signalId }), result };
  });
}

export async function dismissReviewItem(actorId: number, id: number, reason: string | null) {
  const row = await pendingRow(id);
  const { item } = await resolve(actorId, row, "DISMISSED", async () => ({ result: null, signalId: null, details: { reason, chat_id: row.chatId, message_id: row.messageId } }));
  return { item };
}

/**
 * The admin's corrected signal, stored as the post's own (source TELEGRAM, its chat:message id).
 * The post is claimed before the signal is written, in one transaction: of two admins clicking at
 * once (or a click racing a dismissal) one decides, the other gets a 409, and one signal at most
 * is published.
 */
export async function createSignalFromReview(actorId: number, id: number, draft: TSignalDraft) {
  const row = await pendingRow(id);
  const { item, result } = await resolve(actorId, row, "SIGNAL", async (tx) => {
    const stored = await createSignalIn(tx, { ...draft, externalId: `${row.chatId}:${row.messageId}` }, "TELEGRAM", actorId);
    const { signal } = stored;
    return { result: stored, signalId: signal.id, details: { chat_id: row.chatId, message_id: row.messageId, symbol: signal.symbol, direction: signal.direction } };
  });
  if (result.created) await announceSignalCreated(result.signal.id);
  return { message: "✅ Signal broadcasted successfully", item, signal: toSignalDto(result.signal) };
}

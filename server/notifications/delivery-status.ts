// Telegram delivery for the dashboard (screen 10): each chat's queue in the outbox — backlog, the
// oldest waiting message, retries, failures, the last message sent — and the messages themselves,
// newest first. An admin may resend one (audited): a message Telegram refused for good goes back
// to its chat's queue; a sent message is queued again as a copy. A message still waiting is left
// alone: it may be in flight under a delivery lease, and a second send could duplicate it.
import { z } from "zod";
import { db, Prisma } from "../db/client";
import { env } from "../env";
import { AppError, notFound } from "../errors";
import { nudgeOutbox } from "./nudge-outbox";

const pageOf = { page: z.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(100_000).default(1) };
const perPage = (max: number, fallback: number) =>
  z.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(max, `must be at most ${max}`).default(fallback);
const target = z.string({ error: "must be a string" }).trim().min(1, "must not be empty").max(64, "must be at most 64 characters");

export const ZDeliveryChatsQuery = z.strictObject({ ...pageOf, per_page: perPage(100, 20) });
export const ZOutboxMessagesQuery = z.strictObject({
  status: z.enum(["PENDING", "SENT", "FAILED"], { error: "must be PENDING, SENT or FAILED" }).optional(),
  target: target.optional(),
  ...pageOf,
  per_page: perPage(100, 25),
});
/** Outbox ids are bigints: a decimal string of up to 19 digits. */
export const ZOutboxId = z.string({ error: "must be a message id" }).regex(/^[1-9]\d{0,18}$/, "must be a message id");

/** The configured chats by name; any other target is a Telegram user's queue (DMs and group actions). */
function chatNames(): Map<string, string> {
  const c = env();
  const names = new Map<string, string>();
  if (c.TRIAL_CHAT_ID) names.set(c.TRIAL_CHAT_ID, "TRIAL group");
  if (c.VIP_CHAT_ID) names.set(c.VIP_CHAT_ID, "VIP group");
  if (c.ADMIN_CHAT_ID) names.set(c.ADMIN_CHAT_ID, "Admin chat");
  return names;
}
const labelOf = (names: Map<string, string>, t: string) => names.get(t) ?? (t.startsWith("-") ? `Chat ${t}` : `Telegram user ${t}`);

type TChatRow = {
  target: string;
  pending: bigint;
  failed: bigint;
  retrying: bigint;
  oldest_pending_at: Date | null;
  next_attempt_at: Date | null;
  last_error: string | null;
  last_sent_at: Date | null;
  total: bigint;
};

/**
 * One row per queue: the configured chats always, other targets while they hold a waiting or failed
 * message. One statement: the waiting and failed rows by the (status, target, id) index, each
 * queue's last send by the (target, sent_at) index — never a pass over every sent message.
 */
export async function listDeliveryChats(query: z.infer<typeof ZDeliveryChatsQuery>) {
  const names = chatNames();
  const rows = await db().$queryRaw<TChatRow[]>`
    WITH open AS (
      SELECT target,
        count(*) FILTER (WHERE status = 'PENDING') AS pending,
        count(*) FILTER (WHERE status = 'FAILED') AS failed,
        count(*) FILTER (WHERE status = 'PENDING' AND attempts > 0) AS retrying,
        min(created_at) FILTER (WHERE status = 'PENDING') AS oldest_pending_at,
        min(next_attempt_at) FILTER (WHERE status = 'PENDING') AS next_attempt_at
      FROM outbox_messages WHERE status IN ('PENDING', 'FAILED') GROUP BY target),
    targets AS (SELECT target FROM open UNION SELECT unnest(${[...names.keys()]}::text[]))
    SELECT t.target, coalesce(o.pending, 0) AS pending, coalesce(o.failed, 0) AS failed, coalesce(o.retrying, 0) AS retrying,
      o.oldest_pending_at, o.next_attempt_at, e.last_error, s.sent_at AS last_sent_at, count(*) OVER () AS total
    FROM targets t
    LEFT JOIN open o ON o.target = t.target
    LEFT JOIN LATERAL (SELECT m.sent_at FROM outbox_messages m WHERE m.target = t.target AND m.sent_at IS NOT NULL ORDER BY m.sent_at DESC LIMIT 1) s ON true
    LEFT JOIN LATERAL (SELECT m.last_error FROM outbox_messages m WHERE m.target = t.target AND m.status IN ('PENDING', 'FAILED') AND m.last_error IS NOT NULL ORDER BY m.id DESC LIMIT 1) e ON true
    ORDER BY coalesce(o.failed, 0) + coalesce(o.pending, 0) DESC, t.target
    LIMIT ${query.per_page} OFFSET ${(query.page - 1) * query.per_page}`;
  return {
    chats: rows.map((r) => ({
      target: r.target,
      label: labelOf(names, r.target),
      pending: Number(r.pending),
      failed: Number(r.failed),
      retrying: Number(r.retrying),
      oldest_pending_at: r.oldest_pending_at?.toISOString() ?? null,
      next_attempt_at: r.next_attempt_at?.toISOString() ?? null,
      last_error: r.last_error,
      last_sent_at: r.last_sent_at?.toISOString() ?? null,
    })),
    page: query.page,
    per_page: query.per_page,
    total: Number(rows[0]?.total ?? 0),
  };
}

const MESSAGE_SELECT = {
  id: true, target: true, kind: true, method: true, body: true, params: true, status: true, attempts: true, nextAttemptAt: true, lastError: true, sentAt: true, createdAt: true,
} as const satisfies Prisma.OutboxMessageSelect;
type TMessageRow = Prisma.OutboxMessageGetPayload<{ select: typeof MESSAGE_SELECT }>;

/** What the chat reads: a Bot API call (a DM) carries its text in params; other calls show their method. */
function textOf(r: TMessageRow): string {
  const params = r.params as Record<string, unknown> | null;
  const text = typeof params?.text === "string" ? params.text : r.params === null ? r.body : `${r.method} ${JSON.stringify(r.params)}`;
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

function toMessageDto(r: TMessageRow, names: Map<string, string>) {
  return {
    id: r.id.toString(),
    target: r.target,
    chat: labelOf(names, r.target),
    kind: r.kind,
    method: r.method,
    body: textOf(r),
    status: r.status,
    attempts: r.attempts,
    /** While PENDING: when it is tried next. */
    next_attempt_at: r.status === "PENDING" ? r.nextAttemptAt.toISOString() : null,
    last_error: r.lastError,
    sent_at: r.sentAt?.toISOString() ?? null,
    created_at: r.createdAt.toISOString(),
  };
}

export async function listOutboxMessages(query: z.infer<typeof ZOutboxMessagesQuery>) {
  const where: Prisma.OutboxMessageWhereInput = { ...(query.status ? { status: query.status } : {}), ...(query.target ? { target: query.target } : {}) };
  const [rows, total] = await db().$transaction([
    db().outboxMessage.findMany({ where, orderBy: { id: "desc" }, skip: (query.page - 1) * query.per_page, take: query.per_page, select: MESSAGE_SELECT }),
    db().outboxMessage.count({ where }),
  ]);
  const names = chatNames();
  return { messages: rows.map((r) => toMessageDto(r, names)), page: query.page, per_page: query.per_page, total };
}

/** Resend one message (see the file's head); answers the row that will be delivered. */
export async function resendOutboxMessage(actorId: number, rawId: string) {
  const id = BigInt(ZOutboxId.parse(rawId));
  const queued = await db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: bigint }[]>`SELECT id FROM outbox_messages WHERE id = ${id} FOR UPDATE`;
    if (rows.length === 0) throw notFound("Message");
    const m = await tx.outboxMessage.findUniqueOrThrow({ where: { id }, select: { ...MESSAGE_SELECT, payload: true } });
    const before = { status: m.status, attempts: m.attempts, last_error: m.lastError, sent_at: m.sentAt?.toISOString() ?? null };
    if (m.status === "PENDING") {
      throw new AppError("CONFLICT", `This message is still queued; it is tried next at ${m.nextAttemptAt.toISOString()}`, { extra: { status: m.status } });
    }
    if (m.status === "SENT" && m.method !== "sendMessage") {
      throw new AppError("CONFLICT", `A sent ${m.method} call is not repeated from here`, { extra: { status: m.status } });
    }
    const audit = await tx.auditEvent.create({ data: { actorId, action: "telegram.resend", target: `outbox:${id}`, details: { chat: m.target, kind: m.kind, before } }, select: { id: true } });
    let row: TMessageRow;
    if (m.status === "FAILED") {
      // Back in its chat's queue, due now, with a fresh retry budget.
      row = await tx.outboxMessage.update({ where: { id }, data: { status: "PENDING", attempts: 0, nextAttemptAt: new Date(), lastError: null }, select: MESSAGE_SELECT });
    } else {
      row = await tx.outboxMessage.create({
        // A message sent through a Bot API call (a DM) keeps its method and params: they hold its text.
        data: { target: m.target, kind: m.kind, body: m.body, payload: m.payload ?? {}, method: m.method, params: m.params ?? Prisma.DbNull, dedupeKey: `resend:${id}:${audit.id}` },
        select: MESSAGE_SELECT,
      });
    }
    const after = { status: row.status, message_id: row.id.toString() };
    await tx.auditEvent.update({ where: { id: audit.id }, data: { details: { chat: m.target, kind: m.kind, before, after } } });
    return row;
  });
  await nudgeOutbox();
  return { message: "Queued for delivery", queued: toMessageDto(queued, chatNames()) };
}

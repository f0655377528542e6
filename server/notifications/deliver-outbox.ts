// Delivers outbox messages and Bot API calls: in id order per target, within Telegram's limits
// (≈30 calls a second overall, ≈20 messages a minute to a group, one a second to a chat),
// waiting out 429 `retry_after`, backing off on
// outages, until each is sent. A message is claimed with a lease before it is sent, so two
// deliverers never send it twice; a permanent refusal (chat not found, bot removed) is recorded
// and no longer holds up the chat's queue.
import { db, Prisma } from "../db/client";
import { announceChange } from "../live-updates/live-updates";
import { logger } from "../logger";
import { reserveBotApiCall } from "./bot-api-budget";

export type TSendResult =
  | { ok: true; messageId: number }
  | { ok: false; permanent: boolean; retryAfterSeconds?: number; error: string };
export type TSend = (chatId: string, html: string) => Promise<TSendResult>;
export type TCallResult = { ok: true; result: unknown } | Extract<TSendResult, { ok: false }>;
/**
 * How rows reach Telegram: `send` for messages; `call` for other Bot API methods (rows with
 * params), whose result `onResult` records (an invite link, a member's status) before the row
 * counts as sent.
 */
export type TTransport = {
  send: TSend;
  call?: (method: string, params: Record<string, unknown>) => Promise<TCallResult>;
  onResult?: (row: { target: string; method: string; params: Record<string, unknown>; kind: string }, result: unknown) => Promise<void>;
  /** A call refused for good (400/403) is tried again later for these kinds, not given up at once. */
  retryRefusedKinds?: readonly string[];
};

export const GROUP_MESSAGES_PER_MINUTE = 20;
/**
 * Calls a second over all chats and methods, and over every app process (the budget is kept in
 * the database, bot-api-budget.ts). Telegram's bulk limit is about 30; 25 leaves room for requests
 * that arrive at Telegram in a different order or spacing than they left.
 */
export const GLOBAL_CALLS_PER_SECOND = 25;
const REFUSED_RETRY_MS = 60 * 60_000;
const REFUSED_MAX_ATTEMPTS = 24;
const LEASE_MS = 30_000;
const MAX_BACKOFF_MS = 5 * 60_000;

type THead = { id: bigint; target: string; body: string; attempts: number; kind: string; method: string; params: Record<string, unknown> | null };

export type TDeliveryReport = { sent: number; failed: number; deferred: number; nextAttemptAt: Date | null };

/**
 * Delivery's notion of time: every timestamp it writes or compares (sent_at, retry times, the
 * per-chat windows) and every wait comes from here. Production uses the real clock; tests pass
 * one they move, so nothing depends on how fast the machine is.
 */
export type TDeliveryClock = { now(): Date; sleep(ms: number): Promise<void> };
export const realClock: TDeliveryClock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Calls in flight at once within a pass (each to a different target, so no queue's order changes). */
const CONCURRENCY = 8;
/** Heads looked at per pass: more than a second's budget, so a pass is never starved by one slow chat. */
const HEADS_PER_PASS = 4 * GLOBAL_CALLS_PER_SECOND;

/** One pass: the oldest due heads of the target queues are sent (or rescheduled), oldest first. */
export async function deliverOutboxOnce(transport: TSend | TTransport, clock: TDeliveryClock = realClock): Promise<TDeliveryReport> {
  const t: TTransport = typeof transport === "function" ? { send: transport } : transport;
  const now = clock.now();
  // Each target's oldest pending row; the due ones oldest first, and when the next of the rest is due.
  const rows = await db().$queryRaw<{ id: bigint | null; target: string | null; next_attempt_at: Date | null; waiting: bigint }[]>`
    WITH heads AS (
      SELECT DISTINCT ON (target) id, target, next_attempt_at
      FROM outbox_messages WHERE status = 'PENDING' ORDER BY target, id),
    due AS (SELECT id, target, next_attempt_at FROM heads WHERE next_attempt_at <= ${now} ORDER BY id LIMIT ${HEADS_PER_PASS})
    SELECT id, target, next_attempt_at, 0::bigint AS waiting FROM due
    UNION ALL
    SELECT NULL, NULL, min(next_attempt_at), count(*) FROM heads WHERE next_attempt_at > ${now}`;
  const waiting = rows.find((r) => r.id === null);
  const heads = rows.filter((r): r is { id: bigint; target: string; next_attempt_at: Date; waiting: bigint } => r.id !== null);
  const report: TDeliveryReport = { sent: 0, failed: 0, deferred: Number(waiting?.waiting ?? 0), nextAttemptAt: waiting?.next_attempt_at ?? null };
  const later = (d: Date) => {
    if (!report.nextAttemptAt || d < report.nextAttemptAt) report.nextAttemptAt = d;
  };

  let budgetSpent = false;
  const deliverHead = async (head: (typeof heads)[number]): Promise<void> => {
    if (budgetSpent) return void (report.deferred += 1);
    const notBefore = await rateLimitFreeAt(head.target, now);
    if (notBefore > now) {
      report.deferred++;
      later(notBefore);
      return;
    }
    // Reserved before the claim, so concurrent heads (here and in other processes) see it; the
    // reservation counts while the call is under way and is stamped with its end in `record`.
    const budget = await reserveBotApiCall(clock.now(), GLOBAL_CALLS_PER_SECOND);
    if (!budget.reserved) {
      // The second's budget is spent: the rest of this pass waits for the next one.
      budgetSpent = true;
      report.deferred += 1;
      later(budget.freeAt);
      return;
    }
    const claimed = await claim(head.id, now, budget.id);
    if (!claimed) return; // another deliverer has it
    const result = await deliverOne(t, claimed).catch(
      (err: unknown): TSendResult => ({ ok: false, permanent: false, error: String((err as Error).message ?? err) }),
    );
    await record(claimed, budget.id, result);
  };
  /** The row's outcome, and in the same statement the end of its call in the shared budget. */
  const finish = (claimed: THead, reservationId: bigint, set: Prisma.Sql) => db().$executeRaw`
    WITH stamped AS (UPDATE bot_api_calls SET sent_at_ms = ${BigInt(clock.now().getTime())}::bigint WHERE id = ${reservationId})
    UPDATE outbox_messages SET ${set} WHERE id = ${claimed.id}`;
  const record = async (claimed: THead, reservationId: bigint, result: TSendResult): Promise<void> => {
    if (!result.ok && result.permanent && t.retryRefusedKinds?.includes(claimed.kind) && claimed.attempts < REFUSED_MAX_ATTEMPTS) {
      // e.g. a removal while the bot is not (yet) an admin: recorded, and tried again in an hour.
      const next = new Date(clock.now().getTime() + REFUSED_RETRY_MS);
      await finish(claimed, reservationId, Prisma.sql`next_attempt_at = ${next}, last_error = ${result.error.slice(0, 500)}`);
      report.deferred++;
      later(next);
    } else if (result.ok) {
      await finish(claimed, reservationId, Prisma.sql`status = 'SENT', sent_at = ${clock.now()}, last_error = NULL`);
      report.sent++;
    } else if (result.permanent) {
      await finish(claimed, reservationId, Prisma.sql`status = 'FAILED', last_error = ${result.error.slice(0, 500)}`);
      logger.warn("outbox message refused permanently", { id: String(claimed.id), target: claimed.target, error: result.error });
      report.failed++;
    } else {
      const waitMs = result.retryAfterSeconds !== undefined ? result.retryAfterSeconds * 1000 : Math.min(MAX_BACKOFF_MS, 2000 * 2 ** Math.min(claimed.attempts, 10));
      const next = new Date(clock.now().getTime() + waitMs);
      await finish(claimed, reservationId, Prisma.sql`next_attempt_at = ${next}, last_error = ${result.error.slice(0, 500)}`);
      report.deferred++;
      later(next);
    }
    // Sent, failed or retrying: the dashboard's delivery screen shows each (after the update's commit).
    void announceChange("delivery");
  };

  let cursor = 0;
  const worker = async () => {
    while (cursor < heads.length) await deliverHead(heads[cursor++]!);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, heads.length) }, worker));
  // More due heads than one pass looks at: the next pass comes at once.
  if (heads.length === HEADS_PER_PASS && !budgetSpent) later(now);
  return report;
}

export type TDeliverOptions = { budgetMs?: number; clock?: TDeliveryClock };

/** Sends until nothing is due, waiting between passes for up to `budgetMs`. */
export async function deliverOutbox(send: TSend | TTransport, options: TDeliverOptions = {}): Promise<TDeliveryReport> {
  const { budgetMs = 20_000, clock = realClock } = options;
  const deadline = clock.now().getTime() + budgetMs;
  const total: TDeliveryReport = { sent: 0, failed: 0, deferred: 0, nextAttemptAt: null };
  for (;;) {
    const pass = await deliverOutboxOnce(send, clock);
    total.sent += pass.sent;
    total.failed += pass.failed;
    total.deferred = pass.deferred;
    total.nextAttemptAt = pass.nextAttemptAt;
    if (pass.sent + pass.failed > 0) continue;
    if (!pass.nextAttemptAt || pass.nextAttemptAt.getTime() > deadline) return total;
    // At most a second at a time: a held message may be released early (signals/broadcast-hold.ts).
    await clock.sleep(Math.min(1000, Math.max(50, pass.nextAttemptAt.getTime() - clock.now().getTime())));
  }
}

async function deliverOne(t: TTransport, row: THead): Promise<TSendResult> {
  if (row.params === null) return t.send(row.target, row.body);
  if (!t.call) return { ok: false, permanent: false, error: `no transport for ${row.method}` };
  const result = await t.call(row.method, row.params);
  if (!result.ok) return result;
  await t.onResult?.({ target: row.target, method: row.method, params: row.params, kind: row.kind }, result.result);
  return { ok: true, messageId: 0 };
}

/**
 * Leases the row for this deliverer. When another deliverer has it, the budget reservation made
 * for it is given back in the same statement: two processes racing for the same heads would
 * otherwise spend the shared budget twice per call made.
 */
async function claim(id: bigint, now: Date, reservationId: bigint): Promise<THead | null> {
  const rows = await db().$queryRaw<THead[]>`
    WITH claimed AS (
      UPDATE outbox_messages
      SET next_attempt_at = ${new Date(now.getTime() + LEASE_MS)}, attempts = attempts + 1
      WHERE id = ${id} AND status = 'PENDING' AND next_attempt_at <= ${now}
      RETURNING id, target, body, attempts, kind, method, params),
    released AS (DELETE FROM bot_api_calls WHERE id = ${reservationId} AND NOT EXISTS (SELECT 1 FROM claimed))
    SELECT id, target, body, attempts, kind, method, params FROM claimed`;
  return rows[0] ?? null;
}

/** When the chat may get its next message: group chats (negative ids) 20 a minute, all 1 a second. */
async function rateLimitFreeAt(target: string, now: Date): Promise<Date> {
  const rows = await db().$queryRaw<{ sent_at: Date }[]>`
    SELECT sent_at FROM outbox_messages
    WHERE target = ${target} AND status = 'SENT' AND sent_at > ${new Date(now.getTime() - 60_000)}
    ORDER BY sent_at DESC LIMIT ${GROUP_MESSAGES_PER_MINUTE}`;
  const latest = rows[0]?.sent_at;
  let free = latest ? new Date(latest.getTime() + 1000) : now;
  const isGroup = target.startsWith("-");
  const oldest = rows[GROUP_MESSAGES_PER_MINUTE - 1]?.sent_at;
  if (isGroup && oldest) free = new Date(Math.max(free.getTime(), oldest.getTime() + 60_000));
  return free;
}

export async function outboxBacklog(): Promise<{ pending: number; failed: number; oldest_pending_at: string | null }> {
  const [pending, failed, oldest] = await Promise.all([
    db().outboxMessage.count({ where: { status: "PENDING" } }),
    db().outboxMessage.count({ where: { status: "FAILED" } }),
    db().outboxMessage.findFirst({ where: { status: "PENDING" }, orderBy: { id: "asc" }, select: { createdAt: true } }),
  ]);
  return { pending, failed, oldest_pending_at: oldest?.createdAt.toISOString() ?? null };
}

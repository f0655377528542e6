// Sends queued pushes to Expo and reads their receipts. A batch is claimed with a lease before it
// is sent, so two deliverers never send a push twice; outages, 429/5xx and MessageRateExceeded are
// retried with backoff; a token Expo reports DeviceNotRegistered (in a ticket or, later, in a
// receipt) is dropped, with its other pending pushes.
import { db } from "../db/client";
import { env } from "../env";
import { logger } from "../logger";
import { createExpoPushClient, PUSH_BATCH_LIMIT, RECEIPT_BATCH_LIMIT, type TExpoMessage, type TExpoPushClient, type TExpoReceipt, type TExpoTicket } from "./expo-push-client";

const LEASE_MS = 30_000;
const MAX_BACKOFF_MS = 5 * 60_000;
/** Retries of a retryable failure before the push is given up (≈ half an hour of backoff). */
export const MAX_PUSH_ATTEMPTS = 12;
/** Expo keeps receipts about a day; after that an unanswered ticket is never answered. */
const RECEIPT_GIVE_UP_MS = 24 * 3_600_000;
/** Expo's advice: receipts are ready once it has handed the push to Apple/Google, allow it time. */
export const DEFAULT_RECEIPT_DELAY_MS = 15 * 60_000;
const NOT_REGISTERED = "DeviceNotRegistered";

type TClaimed = { id: bigint; token: string; title: string; body: string; data: Record<string, unknown>; attempts: number };
export type TPushReport = { sent: number; failed: number; deferred: number; dropped: number; receipts: number };
export type TPushOptions = { now?: () => Date; receiptDelayMs?: number; budgetMs?: number };

/** Everything due, a batch at a time, then the receipts that are ready. */
export async function deliverPushOutbox(client: TExpoPushClient, options: TPushOptions = {}): Promise<TPushReport> {
  const now = options.now ?? (() => new Date());
  const deadline = now().getTime() + (options.budgetMs ?? 20_000);
  const total: TPushReport = { sent: 0, failed: 0, deferred: 0, dropped: 0, receipts: 0 };
  for (;;) {
    const pass = await sendPushBatch(client, now());
    total.sent += pass.sent;
    total.failed += pass.failed;
    total.deferred += pass.deferred;
    total.dropped += pass.dropped;
    if (pass.sent + pass.failed + pass.deferred === 0 || now().getTime() > deadline) break;
  }
  const receipts = await checkPushReceipts(client, now(), options.receiptDelayMs ?? DEFAULT_RECEIPT_DELAY_MS);
  total.receipts = receipts.read;
  total.dropped += receipts.dropped;
  return total;
}

/** The platform's deliverer, from configuration (EXPO_PUSH_URL, EXPO_ACCESS_TOKEN). */
export function deliverExpoPush(options: TPushOptions = {}): Promise<TPushReport> {
  const { EXPO_PUSH_URL, EXPO_ACCESS_TOKEN } = env();
  return deliverPushOutbox(createExpoPushClient({ baseUrl: EXPO_PUSH_URL, accessToken: EXPO_ACCESS_TOKEN }), options);
}

/** One batch: claim up to 100 due pushes, send them in one request, record each ticket. */
export async function sendPushBatch(client: TExpoPushClient, now: Date): Promise<Omit<TPushReport, "receipts">> {
  const report = { sent: 0, failed: 0, deferred: 0, dropped: 0 };
  const claimed = await db().$queryRaw<TClaimed[]>`
    UPDATE push_messages SET next_attempt_at = ${new Date(now.getTime() + LEASE_MS)}, attempts = attempts + 1
    WHERE id IN (SELECT id FROM push_messages WHERE status = 'PENDING' AND next_attempt_at <= ${now} ORDER BY id LIMIT ${PUSH_BATCH_LIMIT} FOR UPDATE SKIP LOCKED)
    RETURNING id, token, title, body, data, attempts`;
  if (claimed.length === 0) return report;
  claimed.sort((a, b) => (a.id < b.id ? -1 : 1));
  const messages: TExpoMessage[] = claimed.map((c) => ({ to: c.token, title: c.title, body: c.body, data: c.data, sound: "default", priority: "high" }));
  const result = await client.send(messages);
  if (!result.ok) {
    for (const c of claimed) {
      const outcome = await retryOrFail(c, result.error, result.retryable, now, result.retryAfterSeconds);
      report[outcome]++;
    }
    logger.warn("expo push batch not accepted", { count: claimed.length, error: result.error, retryable: result.retryable });
    return report;
  }
  const accepted = claimed.flatMap((c, i) => (result.data[i]?.status === "ok" ? [{ id: c.id, ticket: (result.data[i] as { id: string }).id }] : []));
  if (accepted.length > 0) {
    // One statement for the batch's accepted tickets.
    await db().$executeRaw`
      UPDATE push_messages m SET status = 'SENT', ticket_id = t.ticket, sent_at = ${now}, last_error = NULL
      FROM unnest(${accepted.map((a) => a.id)}::bigint[], ${accepted.map((a) => a.ticket)}::text[]) AS t(id, ticket)
      WHERE m.id = t.id`;
    report.sent += accepted.length;
  }
  for (const [i, c] of claimed.entries()) {
    const ticket = result.data[i] as TExpoTicket;
    if (ticket.status === "ok") continue;
    const code = ticket.details?.error;
    if (code === NOT_REGISTERED) {
      await failPush(c.id, `${code}: ${ticket.message}`);
      report.failed++;
      report.dropped += await dropTokens([c.token]);
    } else {
      report[await retryOrFail(c, `${code ?? "error"}: ${ticket.message}`, code === "MessageRateExceeded", now)]++;
    }
  }
  return report;
}

/** Reads the receipts of tickets at least `delayMs` old; DeviceNotRegistered drops the token. */
export async function checkPushReceipts(client: TExpoPushClient, now: Date, delayMs = DEFAULT_RECEIPT_DELAY_MS): Promise<{ read: number; dropped: number }> {
  const rows = await db().pushMessage.findMany({
    where: { status: "SENT", receiptAt: null, ticketId: { not: null }, sentAt: { lte: new Date(now.getTime() - delayMs) } },
    orderBy: { id: "asc" },
    take: RECEIPT_BATCH_LIMIT,
    select: { id: true, token: true, ticketId: true, sentAt: true },
  });
  if (rows.length === 0) return { read: 0, dropped: 0 };
  const result = await client.getReceipts(rows.map((r) => r.ticketId!));
  if (!result.ok) {
    logger.warn("expo push receipts not read", { count: rows.length, error: result.error });
    return { read: 0, dropped: 0 };
  }
  // Every answered receipt (and every ticket Expo has forgotten) in ONE statement: a mass expiry's
  // pushes come back in batches of 1,000.
  const done: { id: bigint; receipt: string; error: string | null }[] = [];
  const unregistered = new Set<string>();
  for (const r of rows) {
    const receipt: TExpoReceipt | undefined = result.data[r.ticketId!];
    if (!receipt) {
      // Not ready yet; a ticket Expo has forgotten is closed as such.
      if (r.sentAt && now.getTime() - r.sentAt.getTime() > RECEIPT_GIVE_UP_MS) done.push({ id: r.id, receipt: "expired", error: null });
      continue;
    }
    const code = receipt.status === "ok" ? "ok" : `error:${receipt.details?.error ?? "unknown"}`;
    done.push({ id: r.id, receipt: code, error: receipt.status === "error" ? receipt.message.slice(0, 500) : null });
    if (receipt.status === "error" && receipt.details?.error === NOT_REGISTERED) unregistered.add(r.token);
  }
  if (done.length > 0) {
    await db().$executeRaw`
      UPDATE push_messages m SET receipt = x.receipt, receipt_at = ${now}, last_error = COALESCE(x.error, m.last_error)
      FROM unnest(${done.map((d) => d.id)}::bigint[], ${done.map((d) => d.receipt)}::text[], ${done.map((d) => d.error)}::text[]) AS x(id, receipt, error)
      WHERE m.id = x.id`;
  }
  const dropped = unregistered.size > 0 ? await dropTokens([...unregistered]) : 0;
  return { read: done.filter((d) => d.receipt !== "expired").length, dropped };
}

async function retryOrFail(c: TClaimed, error: string, retryable: boolean, now: Date, retryAfterSeconds?: number): Promise<"deferred" | "failed"> {
  if (!retryable || c.attempts >= MAX_PUSH_ATTEMPTS) {
    await failPush(c.id, error);
    return "failed";
  }
  const waitMs = retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : Math.min(MAX_BACKOFF_MS, 2000 * 2 ** Math.min(c.attempts - 1, 10));
  await db().pushMessage.update({ where: { id: c.id }, data: { nextAttemptAt: new Date(now.getTime() + waitMs), lastError: error.slice(0, 500) } });
  return "deferred";
}

const failPush = (id: bigint, error: string) => db().pushMessage.update({ where: { id }, data: { status: "FAILED", lastError: error.slice(0, 500) } });

/** Forgets a token the service no longer delivers to, and gives up its other pending pushes. */
/** Devices Expo says are gone, all in one transaction: their rows go, and their pending pushes fail. */
async function dropTokens(tokens: string[]): Promise<number> {
  const [{ count }] = await db().$transaction([
    db().pushDevice.deleteMany({ where: { token: { in: tokens } } }),
    db().pushMessage.updateMany({ where: { token: { in: tokens }, status: "PENDING" }, data: { status: "FAILED", lastError: `${NOT_REGISTERED}: token dropped` } }),
  ]);
  if (count > 0) logger.info("push tokens dropped: devices not registered", { devices: count, first: tokens[0]!.slice(0, 24) });
  return count;
}

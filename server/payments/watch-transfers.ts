// The platform watches its own address: while an invoice is reserved (open or in its grace
// period), each run lists the solidified USDT transfers to USDT_TRC20_ADDRESS since the last one
// seen (one call, plus a call per further page of 200) and decides each transfer once:
//  - its fraction of a USDT names the invoice that held it when the transfer was made (created
//    before it); none → UNMATCHED, listed for the admin to assign;
//  - that invoice open, the amount at least the invoice's → MATCHED: the invoice is PAID (late
//    within the grace period and overpayments are recorded in its reason), then activated;
//  - underpaid, after the grace period, or a second transfer for a paid invoice → REVIEW, with
//    the reason on the transfer and on the invoice, so the admin and the user both see it.
// Exactly once: a transfer row is inserted once (its txid is the key; a second watcher's insert
// waits for the first and skips it), the invoices it may pay are locked while deciding, an
// invoice is paid by one transfer (paid_tx_id unique) and activates one payment (payment_id
// unique, and a hash confirms one payment: payments_tx_hash_confirmed_key). TronGrid down →
// nothing decided and the cursor stays; the next run resumes from it.
import { randomUUID } from "node:crypto";
import { db, Prisma, type TTx } from "../db/client";
import { env } from "../env";
import { logger } from "../logger";
import { confirmPaymentIn } from "./confirm-payment";
import { nudgeOutbox } from "../notifications/nudge-outbox";
import { announceChange } from "../live-updates/live-updates";
import { BASE_UNITS_PER_USDT, releaseInvoices } from "./invoices";
import { utcMinute } from "./messages";
import { formatUsdt } from "./trc20-provider";
import { listIncomingTransfers, type TIncomingTransfer, type TTransferSourceConfig } from "./trongrid-transfers";

const CURSOR_ID = "trc20-incoming";
/** Activations at once: each holds one connection of the pool for its transaction. */
const ACTIVATION_CONCURRENCY = 4;

export type TWatchReport = {
  idle: boolean;
  calls: number;
  seen: number;
  recorded: number;
  matched: number;
  review: number;
  unmatched: number;
  ignored: number;
  activated: number;
  error: string | null;
  /** Wall time of listing and deciding, and of activating the paid invoices. */
  ms: { match: number; activate: number };
};

export type TWatchOptions = { now?: Date; fetch?: typeof fetch; maxPages?: number; pageLimit?: number };

export async function watchIncomingTransfers(options: TWatchOptions = {}): Promise<TWatchReport> {
  const now = options.now ?? new Date();
  const report: TWatchReport = { idle: true, calls: 0, seen: 0, recorded: 0, matched: 0, review: 0, unmatched: 0, ignored: 0, activated: 0, error: null, ms: { match: 0, activate: 0 } };
  const t0 = performance.now();
  await releaseInvoices(now);
  const config = env();
  if (config.USDT_TRC20_ADDRESS) {
    const oldest = await db().paymentInvoice.findFirst({ where: { reserved: true }, orderBy: { createdAt: "asc" }, select: { createdAt: true } });
    if (oldest) {
      report.idle = false;
      const source: TTransferSourceConfig = {
        apiUrl: config.TRON_API_URL,
        apiKey: config.TRON_API_KEY,
        usdtContract: config.USDT_TRC20_CONTRACT,
        receivingAddress: config.USDT_TRC20_ADDRESS,
        fetch: options.fetch,
        limit: options.pageLimit,
      };
      await listAndRecord(source, oldest.createdAt, report, options.maxPages ?? 100);
    }
  }
  const t1 = performance.now();
  // Also after a crash between deciding and activating: a PAID invoice without its payment.
  report.activated = await activatePaidInvoices(now);
  report.ms = { match: Math.round(t1 - t0), activate: Math.round(performance.now() - t1) };
  return report;
}

async function listAndRecord(source: TTransferSourceConfig, oldestInvoice: Date, report: TWatchReport, maxPages: number): Promise<void> {
  const cursor = await db().chainCursor.findUnique({ where: { id: CURSOR_ID } });
  // Nothing older than the oldest reserved invoice can pay one (an invoice is created before its
  // transfer). The solidified list grows in block order, so from the last block seen on (inclusive:
  // its transfers come again and are skipped by their txid) nothing is missed.
  const since = Math.max(cursor ? Number(cursor.timestampMs) : 0, oldestInvoice.getTime());
  let fingerprint: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const answer = await listIncomingTransfers(source, since, fingerprint);
    report.calls++;
    if (!answer.ok) {
      report.error = answer.reason;
      logger.warn("incoming transfers not listed; nothing decided", { reason: answer.reason });
      return;
    }
    report.seen += answer.transfers.length;
    report.ignored += answer.ignored;
    const outcome = await recordTransfers(answer.transfers);
    report.recorded += outcome.recorded;
    report.matched += outcome.matched;
    report.review += outcome.review;
    report.unmatched += outcome.unmatched;
    if (answer.newest !== null) await advanceCursor(answer.newest);
    fingerprint = answer.fingerprint;
    if (!fingerprint) return;
  }
}

async function advanceCursor(timestampMs: number): Promise<void> {
  const ts = BigInt(timestampMs);
  await db().$executeRaw`
    INSERT INTO chain_cursors (id, timestamp_ms, updated_at) VALUES (${CURSOR_ID}, ${ts}, now())
    ON CONFLICT (id) DO UPDATE SET timestamp_ms = GREATEST(chain_cursors.timestamp_ms, EXCLUDED.timestamp_ms), updated_at = now()`;
}

type TCandidate = {
  txId: string;
  invoiceId: string;
  userId: number;
  status: "OPEN" | "PAID" | "EXPIRED";
  amount: string;
  expiresAt: Date;
  graceUntil: Date;
  paidTxId: string | null;
};
type TDecision = { txId: string; status: "MATCHED" | "REVIEW" | "UNMATCHED"; reason: string | null; invoiceId: string | null; invoiceReason?: string };

/** Records and decides a batch of transfers in one transaction; transfers already recorded are skipped. */
export async function recordTransfers(transfers: TIncomingTransfer[]): Promise<{ recorded: number; matched: number; review: number; unmatched: number; decisions: TDecision[] }> {
  const unique = [...new Map(transfers.map((t) => [t.txId, t])).values()];
  if (unique.length === 0) return { recorded: 0, matched: 0, review: 0, unmatched: 0, decisions: [] };
  const decisions = await db().$transaction(
    async (tx) => {
      const inserted = await tx.$queryRaw<{ tx_id: string }[]>`
        INSERT INTO incoming_transfers (tx_id, from_address, amount, block_time, status, updated_at)
        SELECT t.tx_id, t.from_address, t.amount, t.block_time AT TIME ZONE 'UTC', 'UNMATCHED', now()
        FROM unnest(${unique.map((t) => t.txId)}::text[], ${unique.map((t) => t.from)}::text[],
                    ${unique.map((t) => formatUsdt(t.baseUnits))}::numeric[], ${unique.map((t) => t.blockTime.toISOString())}::timestamptz[])
             AS t(tx_id, from_address, amount, block_time)
        ON CONFLICT (tx_id) DO NOTHING
        RETURNING tx_id`;
      const fresh = new Set(inserted.map((r) => r.tx_id));
      const todo = unique.filter((t) => fresh.has(t.txId)).sort((a, b) => a.blockTime.getTime() - b.blockTime.getTime() || a.txId.localeCompare(b.txId));
      if (todo.length === 0) return [];
      const candidates = await lockCandidates(tx, todo);
      const result = decide(todo, candidates);
      await writeDecisions(tx, todo, result);
      return result;
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
  const count = (s: TDecision["status"]) => decisions.filter((d) => d.status === s).length;
  // The admin's incoming-transfers list shows each one, matched or waiting to be assigned.
  if (decisions.length > 0) await announceChange("payments");
  return { recorded: decisions.length, matched: count("MATCHED"), review: count("REVIEW"), unmatched: count("UNMATCHED"), decisions };
}

/** For each transfer, the latest invoice created before it with its fraction; those invoices locked. */
async function lockCandidates(tx: TTx, todo: TIncomingTransfer[]): Promise<Map<string, TCandidate>> {
  const fractions = todo.map((t) => Number(t.baseUnits % BigInt(BASE_UNITS_PER_USDT)));
  const rows = await tx.$queryRaw<{ tx_id: string; id: string }[]>`
    SELECT t.tx_id, c.id::text AS id
    FROM unnest(${todo.map((t) => t.txId)}::text[], ${fractions}::int[], ${todo.map((t) => t.blockTime.toISOString())}::timestamptz[]) AS t(tx_id, fraction, block_time)
    CROSS JOIN LATERAL (
      SELECT i.id FROM payment_invoices i
      WHERE t.fraction > 0 AND i.fraction = t.fraction AND i.created_at <= (t.block_time AT TIME ZONE 'UTC')
      ORDER BY i.created_at DESC LIMIT 1) c`;
  if (rows.length === 0) return new Map();
  const ids = [...new Set(rows.map((r) => r.id))].sort();
  const invoices = await tx.$queryRaw<Omit<TCandidate, "txId">[]>`
    SELECT id::text AS "invoiceId", user_id AS "userId", status::text AS status, amount::text AS amount,
           expires_at AS "expiresAt", grace_until AS "graceUntil", paid_tx_id AS "paidTxId"
    FROM payment_invoices WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
  const byId = new Map(invoices.map((i) => [i.invoiceId, i]));
  return new Map(rows.map((r) => [r.tx_id, { txId: r.tx_id, ...byId.get(r.id)! }]));
}

const usdt = (d: Prisma.Decimal) => d.toString();

function decide(todo: TIncomingTransfer[], candidates: Map<string, TCandidate>): TDecision[] {
  const paidNow = new Map<string, string>();
  return todo.map((t): TDecision => {
    const inv = candidates.get(t.txId);
    const amount = new Prisma.Decimal(formatUsdt(t.baseUnits));
    if (!inv) return { txId: t.txId, status: "UNMATCHED", reason: `no invoice holds ${amount.toString()} USDT: assign it to a user by hand`, invoiceId: null };
    const paidBy = inv.paidTxId ?? paidNow.get(inv.invoiceId);
    if (paidBy) {
      const reason = `second transfer for invoice ${inv.invoiceId}, already paid by ${paidBy}: needs review`;
      return { txId: t.txId, status: "REVIEW", reason, invoiceId: inv.invoiceId, invoiceReason: `a second transfer (${amount.toString()} USDT, ${t.txId}) arrived after this invoice was paid: an admin will review it` };
    }
    if (inv.status === "EXPIRED" || t.blockTime > inv.graceUntil) {
      const reason = `late: sent ${utcMinute(t.blockTime)}, after invoice ${inv.invoiceId} closed (grace period ended ${utcMinute(inv.graceUntil)}): needs review`;
      return { txId: t.txId, status: "REVIEW", reason, invoiceId: inv.invoiceId, invoiceReason: `a transfer arrived after the grace period (${amount.toString()} USDT, ${t.txId}): an admin will review it` };
    }
    const expected = new Prisma.Decimal(inv.amount);
    if (amount.lessThan(expected)) {
      const short = usdt(expected.minus(amount));
      const reason = `underpaid by ${short} USDT (sent ${amount.toString()}, invoice ${inv.invoiceId} asks ${expected.toString()}): needs review`;
      return { txId: t.txId, status: "REVIEW", reason, invoiceId: inv.invoiceId, invoiceReason: `underpaid: ${amount.toString()} of ${expected.toString()} USDT arrived (${t.txId}); an admin will review it` };
    }
    paidNow.set(inv.invoiceId, t.txId);
    const notes = [
      t.blockTime > inv.expiresAt ? `late: paid ${utcMinute(t.blockTime)}, after the invoice expired, within the grace period` : null,
      amount.greaterThan(expected) ? `overpaid by ${usdt(amount.minus(expected))} USDT (recorded)` : null,
    ].filter(Boolean);
    return { txId: t.txId, status: "MATCHED", reason: notes.join("; ") || null, invoiceId: inv.invoiceId, invoiceReason: notes.join("; ") || undefined };
  });
}

async function writeDecisions(tx: TTx, todo: TIncomingTransfer[], decisions: TDecision[]): Promise<void> {
  await tx.$executeRaw`
    UPDATE incoming_transfers AS t SET status = d.status::"TransferStatus", reason = d.reason, invoice_id = d.invoice_id::uuid
    FROM unnest(${decisions.map((d) => d.txId)}::text[], ${decisions.map((d) => d.status)}::text[], ${decisions.map((d) => d.reason)}::text[], ${decisions.map((d) => d.invoiceId)}::text[])
         AS d(tx_id, status, reason, invoice_id)
    WHERE t.tx_id = d.tx_id`;
  const byTx = new Map(todo.map((t) => [t.txId, t]));
  const paid = decisions.filter((d) => d.status === "MATCHED");
  if (paid.length > 0) {
    await tx.$executeRaw`
      UPDATE payment_invoices AS i
      SET status = 'PAID', paid_tx_id = d.tx_id, paid_amount = d.amount, paid_at = (d.paid_at AT TIME ZONE 'UTC'), reason = d.reason
      FROM unnest(${paid.map((d) => d.invoiceId)}::text[], ${paid.map((d) => d.txId)}::text[], ${paid.map((d) => formatUsdt(byTx.get(d.txId)!.baseUnits))}::numeric[],
                  ${paid.map((d) => byTx.get(d.txId)!.blockTime.toISOString())}::timestamptz[], ${paid.map((d) => d.invoiceReason ?? null)}::text[])
           AS d(invoice_id, tx_id, amount, paid_at, reason)
      WHERE i.id = d.invoice_id::uuid`;
  }
  const noted = decisions.filter((d) => d.status === "REVIEW" && d.invoiceId);
  if (noted.length > 0) {
    await tx.$executeRaw`
      UPDATE payment_invoices AS i SET reason = COALESCE(i.reason || '; ', '') || d.reason
      FROM unnest(${noted.map((d) => d.invoiceId)}::text[], ${noted.map((d) => d.invoiceReason ?? null)}::text[]) AS d(invoice_id, reason)
      WHERE i.id = d.invoice_id::uuid`;
  }
}

/** Activates every PAID invoice that has no payment yet, one transaction each, a few at a time (their users differ). */
export async function activatePaidInvoices(now = new Date(), only?: string[]): Promise<number> {
  let activated = 0;
  for (;;) {
    const batch = await db().paymentInvoice.findMany({
      where: { status: "PAID", paymentId: null, ...(only ? { id: { in: only } } : {}) },
      orderBy: { paidAt: "asc" },
      take: 200,
      select: { id: true },
    });
    let progressed = false;
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const { id } = batch[next++]!;
        try {
          if (await activateInvoice(id, now)) activated++;
          progressed = true;
        } catch (err) {
          // The invoice stays PAID without a payment: the next run tries again.
          logger.error("invoice activation failed", { invoiceId: id, err: err as Error });
        }
      }
    };
    await Promise.all(Array.from({ length: ACTIVATION_CONCURRENCY }, worker));
    if (batch.length < 200 || !progressed) break;
  }
  if (activated > 0) await Promise.all([nudgeOutbox(), announceChange("payments")]);
  return activated;
}

type TLockedInvoice = { id: string; userId: number; plan: "VIP" | "PREMIUM"; amount: string; status: string; paymentId: string | null; paidTxId: string | null; paidAmount: string | null; paidAt: Date | null; reason: string | null };

/** One invoice: its payment created (or the user's own submission of the same hash adopted) and confirmed; true when confirmed by this call. */
export async function activateInvoice(invoiceId: string, now = new Date(), tx?: TTx): Promise<boolean> {
  const run = async (t: TTx) => {
    const [inv] = await t.$queryRaw<TLockedInvoice[]>`
      SELECT id::text AS id, user_id AS "userId", plan::text AS plan, amount::text AS amount, status::text AS status, payment_id::text AS "paymentId",
             paid_tx_id AS "paidTxId", paid_amount::text AS "paidAmount", paid_at AS "paidAt", reason
      FROM payment_invoices WHERE id = ${invoiceId}::uuid FOR UPDATE`;
    if (!inv || inv.status !== "PAID" || inv.paymentId || !inv.paidTxId || !inv.paidAmount || !inv.paidAt) return false;
    const mine = await t.payment.findUnique({ where: { txHash_userId: { txHash: inv.paidTxId, userId: inv.userId } }, select: { id: true, status: true } });
    let paymentId = mine?.id;
    if (!mine) {
      paymentId = randomUUID();
      await t.payment.create({
        data: { id: paymentId, userId: inv.userId, plan: inv.plan, provider: "TRC20", network: "TRC20", txHash: inv.paidTxId, expectedAmount: inv.amount, status: "PENDING", createdAt: now },
      });
    }
    if (mine?.status === "REJECTED") {
      // An admin rejected this user's own submission of the hash before the watcher saw it: theirs stands.
      await t.paymentInvoice.update({ where: { id: inv.id }, data: { paymentId: mine.id, reason: `the payment of this transfer was rejected by an admin: contact support` } });
      return false;
    }
    const confirmNow = mine?.status !== "CONFIRMED";
    if (confirmNow) {
      const paid = new Prisma.Decimal(inv.paidAmount);
      const overpaidBy = paid.greaterThan(inv.amount) ? paid.minus(inv.amount).toString() : undefined;
      const transfer = await t.incomingTransfer.findUnique({ where: { txId: inv.paidTxId }, select: { fromAddress: true } });
      await confirmPaymentIn(
        t,
        paymentId!,
        { kind: "provider", paidAmount: paid.toString(), paidAt: inv.paidAt, details: { source: "invoice", invoiceId: inv.id, txid: inv.paidTxId, from: transfer?.fromAddress, paidAmount: paid.toString(), expectedAmount: inv.amount, overpaidBy, note: inv.reason } },
        now,
      );
    }
    await t.paymentInvoice.update({ where: { id: inv.id }, data: { paymentId } });
    // Whoever else submitted this hash cannot be its payer: the amount named this invoice.
    await t.payment.updateMany({
      where: { txHash: inv.paidTxId, OR: [{ userId: { not: inv.userId } }, { userId: null }], status: "PENDING" },
      data: { reason: `Needs review: this transfer paid another account's invoice (${inv.id})`, nextCheckAt: null },
    });
    return confirmNow;
  };
  return tx ? run(tx) : db().$transaction(run, { timeout: 30_000, maxWait: 30_000 });
}

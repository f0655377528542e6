// The sweeper (every minute): claims the PENDING payments whose next check is due — with a
// lease, FOR UPDATE SKIP LOCKED, so two sweepers never check one payment twice — and checks them
// a few at a time. Decided payments and those handed to the admin (next_check_at NULL) are
// never selected.
import { db, Prisma } from "../db/client";
import { logger } from "../logger";
import { CHECK_LEASE_MS } from "./check-schedule";
import { checkPayment, type TCheckOutcome } from "./check-payment";
import type { TPaymentProvider } from "./provider";

export type TSweepReport = Record<TCheckOutcome | "failed", number> & { checked: number };

export async function sweepPendingPayments(
  options: {
    provider?: TPaymentProvider;
    now?: Date;
    batchSize?: number;
    concurrency?: number;
    maxBatches?: number;
    /** Only these payments (tests and benchmarks share their database with other work). */
    only?: string[];
  } = {},
): Promise<TSweepReport> {
  const report: TSweepReport = { checked: 0, confirmed: 0, rejected: 0, pending: 0, needs_review: 0, skipped: 0, failed: 0 };
  // 4 checks at a time (≤ 2 calls each) stays under TronGrid's usual ~15 requests a second per key.
  const { batchSize = 200, concurrency = 4, maxBatches = 10 } = options;
  for (let batch = 0; batch < maxBatches; batch++) {
    const now = options.now ?? new Date();
    const ids = await claimDue(now, batchSize, options.only);
    if (ids.length === 0) break;
    await forEachLimited(ids, concurrency, async (id) => {
      try {
        report[await checkPayment(id, { provider: options.provider, now: options.now })]++;
      } catch (err) {
        // The claim's lease expires and a later sweep retries it.
        report.failed++;
        logger.error("payment check failed", { paymentId: id, err: err as Error });
      }
      report.checked++;
    });
    if (ids.length < batchSize) break;
  }
  return report;
}

async function claimDue(now: Date, limit: number, only?: string[]): Promise<string[]> {
  const scope = only ? Prisma.sql`AND id = ANY(${only}::uuid[])` : Prisma.empty;
  const rows = await db().$queryRaw<{ id: string }[]>`
    UPDATE payments SET next_check_at = ${new Date(now.getTime() + CHECK_LEASE_MS)}
    WHERE id IN (
      SELECT id FROM payments
      WHERE status = 'PENDING' AND next_check_at <= ${now} ${scope}
      ORDER BY next_check_at LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id::text AS id`;
  return rows.map((r) => r.id);
}

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

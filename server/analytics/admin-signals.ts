// GET /api/admin/signals (seed row 4.2): every signal, newest first, a page at a time, with its
// outcome, realized profit % and what the auto-trader made of it — copies opened (paper / live) and
// copies not opened, with the reasons (positions.failure_code) counted. Two queries for the page
// (rows + total) and one grouped count over the page's positions (index positions(signal_id, status)).
import { z } from "zod";
import { db, type Prisma } from "../db/client";
import { DAY_MS } from "../risk/clock";
import { SIGNAL_SELECT, toSignalDto } from "../signals/signal-dto";
import { normalizeSymbol } from "../lib/symbol";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` (a UTC day) or an ISO 8601 date-time with an offset. */
const ZWhen = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: "must be a date (YYYY-MM-DD) or an ISO 8601 date-time" });

export const ZAdminSignalsQuery = z
  .object({
    page: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(100_000, "is too large").default(1),
    per_page: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(100, "must be at most 100").default(20),
    status: z.enum(["OPEN", "TP_PARTIAL", "HIT_TP", "HIT_SL", "CANCELLED", "CLOSED"], { error: "must be OPEN, TP_PARTIAL, HIT_TP, HIT_SL, CANCELLED or CLOSED" }).optional(),
    symbol: z.string().trim().min(1, "must not be empty").max(40, "is too long").optional(),
    source: z.enum(["ADMIN", "API", "WEBHOOK", "TELEGRAM"], { error: "must be ADMIN, API, WEBHOOK or TELEGRAM" }).optional(),
    /** Created at or after; a date means from 00:00 UTC that day. */
    from: ZWhen.optional(),
    /** Created at or before; a date means through the end of that UTC day. */
    to: ZWhen.optional(),
  })
  .refine((q) => !q.from || !q.to || rangeStart(q.from) < rangeEnd(q.to), { message: "must be after from", path: ["to"] });
export type TAdminSignalsQuery = z.infer<typeof ZAdminSignalsQuery>;

const rangeStart = (v: string) => new Date(DATE_ONLY.test(v) ? `${v}T00:00:00.000Z` : v);
/** Exclusive end: the next day's 00:00 UTC for a date, just after the instant for a date-time. */
const rangeEnd = (v: string) => (DATE_ONLY.test(v) ? new Date(rangeStart(v).getTime() + DAY_MS) : new Date(new Date(v).getTime() + 1));

type TCopies = { opened: number; open_now: number; paper: number; live: number; skipped_or_failed: number; reasons: Record<string, number> };
const noCopies = (): TCopies => ({ opened: 0, open_now: 0, paper: 0, live: 0, skipped_or_failed: 0, reasons: {} });

export async function listAdminSignals(query: TAdminSignalsQuery) {
  const createdAt: Prisma.DateTimeFilter = {
    ...(query.from ? { gte: rangeStart(query.from) } : {}),
    ...(query.to ? { lt: rangeEnd(query.to) } : {}),
  };
  const where: Prisma.SignalWhereInput = {
    ...(query.status ? { status: query.status } : {}),
    ...(query.source ? { source: query.source } : {}),
    ...(query.symbol ? { symbol: normalizeSymbol(query.symbol) ?? query.symbol.toUpperCase() } : {}),
    ...(query.from || query.to ? { createdAt } : {}),
  };
  const [rows, total] = await db().$transaction([
    db().signal.findMany({
      where,
      select: SIGNAL_SELECT,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (query.page - 1) * query.per_page,
      take: query.per_page,
    }),
    db().signal.count({ where }),
  ]);
  const copies = await countCopies(rows.map((r) => r.id));
  return {
    signals: rows.map((s) => ({ ...toSignalDto(s), copies: copies.get(s.id) ?? noCopies() })),
    page: query.page,
    per_page: query.per_page,
    total,
  };
}

/**
 * Per signal: opened = copies that entered (OPEN or CLOSED), split paper / live; skipped_or_failed =
 * FAILED copies (a rule skipped them — stale signal, risk engine, size — or the exchange refused),
 * counted per failure code.
 */
async function countCopies(signalIds: string[]): Promise<Map<string, TCopies>> {
  const out = new Map<string, TCopies>();
  if (signalIds.length === 0) return out;
  const groups = await db().position.groupBy({
    by: ["signalId", "status", "mode", "failureCode"],
    where: { signalId: { in: signalIds } },
    _count: { _all: true },
  });
  for (const g of groups) {
    if (!g.signalId) continue;
    const c = out.get(g.signalId) ?? noCopies();
    const count = g._count._all;
    if (g.status === "FAILED") {
      c.skipped_or_failed += count;
      const code = g.failureCode ?? "UNKNOWN";
      c.reasons[code] = (c.reasons[code] ?? 0) + count;
    } else {
      c.opened += count;
      if (g.status === "OPEN") c.open_now += count;
      if (g.mode === "PAPER") c.paper += count;
      else c.live += count;
    }
    out.set(g.signalId, c);
  }
  return out;
}

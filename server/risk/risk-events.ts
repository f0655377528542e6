// Risk events (SPEC §7): every refused trade and every change of the global kill switch, kept for the
// admin's list and for the daily report's safety section (blocked trades per UTC day, by rule).
//
// Kinds: USER_BLOCKED — a per-user rule refused a trade; GLOBAL_BLOCKED — the kill switch refused it;
// GLOBAL_HALT / GLOBAL_RESUME — the kill switch was switched on / off (circuit breaker or admin).
// `rule` names the rule (max_concurrent_trades, cooldown, kill_switch, global_drawdown…).
import { db, type Prisma, type TTx } from "../db/client";
import type { TSql } from "../db/sql";
import { utcDayStart } from "./clock";

export const BLOCK_KINDS = ["USER_BLOCKED", "GLOBAL_BLOCKED"] as const;
export type TRiskEventKind = (typeof BLOCK_KINDS)[number] | "GLOBAL_HALT" | "GLOBAL_RESUME";

/** The kind of event a refused trade records: the kill switch is global, every other rule is the user's. */
export const blockKindOf = (rule: string): TRiskEventKind => (rule === "kill_switch" ? "GLOBAL_BLOCKED" : "USER_BLOCKED");

export type TRiskBlock = { userId: number; symbol: string; rule: string; reason: string; signalId: string | null };

/** Records refused trades, one row each, in one statement (the fan-out may refuse thousands). */
export async function recordRiskBlocks(sql: TSql, rows: TRiskBlock[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await sql.exec(
    `INSERT INTO risk_events (user_id, kind, rule, symbol, reason, details, created_at)
     SELECT u.user_id, u.kind, u.rule, u.symbol, u.reason, jsonb_strip_nulls(jsonb_build_object('signal_id', u.signal_id)), ($7::timestamptz AT TIME ZONE 'UTC')
     FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(user_id, kind, rule, symbol, reason, signal_id)`,
    rows.map((r) => r.userId), rows.map((r) => blockKindOf(r.rule)), rows.map((r) => r.rule), rows.map((r) => r.symbol), rows.map((r) => r.reason),
    rows.map((r) => r.signalId), now.toISOString(),
  );
}

/** A global event (the kill switch changed): no user, no symbol. */
export async function recordGlobalEvent(tx: TTx, e: { kind: "GLOBAL_HALT" | "GLOBAL_RESUME"; rule: string; reason: string; details?: Record<string, unknown>; now: Date }) {
  await tx.riskEvent.create({ data: { kind: e.kind, rule: e.rule, reason: e.reason, details: (e.details ?? {}) as Prisma.InputJsonObject, createdAt: e.now } });
}

export type TBlockedCounts = { day: string; total: number; users: number; by_kind: Record<string, number>; by_rule: Record<string, number> };

/** Trades refused on one UTC day: the daily report's safety section and the widget's `blocks`. */
export async function blockedTradeCounts(day: Date): Promise<TBlockedCounts> {
  const from = utcDayStart(day);
  const to = new Date(from.getTime() + 86_400_000);
  const rows = await db().riskEvent.groupBy({
    by: ["kind", "rule"],
    where: { kind: { in: [...BLOCK_KINDS] }, createdAt: { gte: from, lt: to } },
    _count: { _all: true },
  });
  const users = await db().riskEvent.findMany({ where: { kind: { in: [...BLOCK_KINDS] }, createdAt: { gte: from, lt: to } }, distinct: ["userId"], select: { userId: true } });
  const counts: TBlockedCounts = { day: from.toISOString().slice(0, 10), total: 0, users: users.length, by_kind: {}, by_rule: {} };
  for (const r of rows) {
    const n = r._count._all;
    counts.total += n;
    counts.by_kind[r.kind] = (counts.by_kind[r.kind] ?? 0) + n;
    const rule = r.rule ?? "unknown";
    counts.by_rule[rule] = (counts.by_rule[rule] ?? 0) + n;
  }
  return counts;
}

export type TRiskEventsQuery = { since?: Date; page: number; limit: number };

/** GET /api/risk/events?since=&page=&limit= (admin), newest first. */
export async function listRiskEvents(q: TRiskEventsQuery) {
  const where = q.since ? { createdAt: { gte: q.since } } : {};
  const [total, rows] = await Promise.all([
    db().riskEvent.count({ where }),
    db().riskEvent.findMany({
      where,
      orderBy: { id: "desc" },
      skip: (q.page - 1) * q.limit,
      take: q.limit,
      select: { id: true, userId: true, kind: true, rule: true, symbol: true, reason: true, details: true, createdAt: true },
    }),
  ]);
  return {
    events: rows.map((e) => ({ id: e.id, user_id: e.userId, kind: e.kind, rule: e.rule, symbol: e.symbol, reason: e.reason, details: e.details, created_at: e.createdAt.toISOString() })),
    page: q.page,
    limit: q.limit,
    total,
  };
}

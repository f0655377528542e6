// The global safety state (SPEC §7): the kill switch (admin toggle: audit event + alert to the admin
// and VIP chats on change), its status with the background jobs, the widget's figures, and the
// risk events list for the admin.
import { db } from "../db/client";
import { env } from "../env";
import { enqueueOutbox } from "../notifications/outbox";

export const utcDayStart = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));

async function safetyRow() {
  const row = await db().safetyState.findUnique({ where: { id: 1 }, select: { killSwitch: true, reason: true, changedAt: true, changedById: true } });
  return row ?? { killSwitch: false, reason: null, changedAt: null, changedById: null };
}

/** System drawdown since `from`: losses net of gains realized by positions closed since then, in % of the capital of the users who closed them. */
async function drawdownPct(from: Date): Promise<string> {
  const [row] = await db().$queryRawUnsafe<{ pct: string }[]>(
    `SELECT COALESCE(GREATEST(0, -sum(p.pnl)) / NULLIF(sum(u.capital_usdt), 0) * 100, 0)::numeric(12, 4)::text AS pct
     FROM (SELECT user_id, sum(realized_pnl) AS pnl FROM positions WHERE status = 'CLOSED' AND closed_at >= ($1::timestamptz AT TIME ZONE 'UTC') GROUP BY user_id) p
     JOIN users u ON u.id = p.user_id`,
    from.toISOString(),
  );
  return Number(row?.pct ?? 0).toString();
}

export async function getSafetyStatus(now: Date = new Date()) {
  const [state, dd, jobs] = await Promise.all([
    safetyRow(),
    drawdownPct(new Date(now.getTime() - 86_400_000)),
    db().jobRun.findMany({ orderBy: { name: "asc" }, select: { name: true, lastRunAt: true, lastStatus: true, lastError: true } }),
  ]);
  return {
    kill_switch: state.killSwitch,
    reason: state.reason,
    changed_at: state.changedAt?.toISOString() ?? null,
    max_dd_limit: env().GLOBAL_MAX_DD_PCT,
    drawdown_24h_pct: dd,
    auto_resume: env().AUTO_RESUME,
    jobs: jobs.map((j) => ({ name: j.name, last_run_at: j.lastRunAt.toISOString(), last_status: j.lastStatus, last_error: j.lastError })),
    timestamp: now.toISOString(),
  };
}

/** Admin toggle. A change writes an audit event and alerts the admin and VIP chats; the same state again changes nothing. */
export async function setKillSwitch(admin: { id: number }, on: boolean, reason: string | null, now: Date = new Date()) {
  await db().$transaction(async (tx) => {
    const current = await tx.safetyState.findUnique({ where: { id: 1 }, select: { killSwitch: true } });
    if ((current?.killSwitch ?? false) === on) return;
    const why = reason ?? (on ? "halted by an admin" : "resumed by an admin");
    await tx.safetyState.upsert({
      where: { id: 1 },
      create: { id: 1, killSwitch: on, reason: why, changedAt: now, changedById: admin.id },
      update: { killSwitch: on, reason: why, changedAt: now, changedById: admin.id, recoveringSince: null },
    });
    await tx.auditEvent.create({ data: { actorId: admin.id, action: on ? "safety.kill_switch.on" : "safety.kill_switch.off", target: "safety_state:1", details: { reason: why } } });
    const body = on ? `🚨 GLOBAL HALT ENABLED\nReason: ${why}` : `✅ Global halt lifted: trading resumed\nReason: ${why}`;
    const key = `kill-switch:${on ? "on" : "off"}:${now.toISOString()}`;
    await enqueueOutbox(tx, [
      { audience: "admin", kind: "kill_switch", body, dedupeKey: key },
      { audience: "vip", kind: "kill_switch", body, dedupeKey: key },
    ]);
  });
  return getSafetyStatus(now);
}

/** GET /api/safety/widget. */
export async function getSafetyWidget(now: Date = new Date()) {
  const day = utcDayStart(now);
  const [state, dd, trades, blocks] = await Promise.all([
    safetyRow(),
    drawdownPct(day),
    db().position.count({ where: { status: { not: "FAILED" }, openedAt: { gte: day } } }),
    db().riskEvent.count({ where: { createdAt: { gte: day } } }),
  ]);
  return { kill_switch: state.killSwitch, today_dd_pct: dd, today_trades: trades, blocks, max_dd_limit: env().GLOBAL_MAX_DD_PCT, timestamp: now.toISOString() };
}

export type TRiskEventsQuery = { since?: Date; page: number; limit: number };

/** GET /api/risk/events?since=&page=&limit= (admin), newest first. */
export async function listRiskEvents(q: TRiskEventsQuery) {
  const where = q.since ? { createdAt: { gte: q.since } } : {};
  const [total, rows] = await Promise.all([
    db().riskEvent.count({ where }),
    db().riskEvent.findMany({ where, orderBy: { id: "desc" }, skip: (q.page - 1) * q.limit, take: q.limit, select: { id: true, userId: true, kind: true, symbol: true, reason: true, details: true, createdAt: true } }),
  ]);
  return {
    events: rows.map((e) => ({ id: e.id, user_id: e.userId, kind: e.kind, symbol: e.symbol, reason: e.reason, details: e.details, created_at: e.createdAt.toISOString() })),
    page: q.page,
    limit: q.limit,
    total,
  };
}

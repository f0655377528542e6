// The uptime monitor (issue 12, SPEC §12): each run checks every part and, when a part's state
// changes, records it and queues ONE admin-chat message through the outbox in the same
// transaction — an outage alert when it goes down, a recovery (with how long it was down) when it
// comes back. Outages are rows (one open per part, a unique index), and each message's outbox
// dedupe key names its outage, so two monitors racing, a retried run or a replay never post twice.
// Once per UTC day it also posts a heartbeat: every part's state and uptime.
//
// The database is the exception: while it is down nothing can be stored or queued (the outbox lives
// in it). The process remembers when it first failed, and the first run that reaches it again
// records the outage and posts one message covering both changes.
import { db, type TTx } from "../db/client";
import { logger } from "../logger";
import { enqueueOutbox, type TOutboxMessage } from "../notifications/outbox";
import { DAY_MS, utcDayStart } from "../risk/clock";
import { nudgeOutbox } from "../notifications/nudge-outbox";
import { escapeHtml } from "../telegram/format";
import { checkParts, type TCheckOptions, type TPartCheck } from "./check-parts";
import { formatDuration, PART_LABELS, PARTS, type TPart } from "./parts";
import { partUptimes } from "./uptime";

const MONITOR_LOCK = 7_270_736_930;

export type TUptimeChange = { part: TPart; to: "up" | "down"; down_ms?: number };
export type TUptimeReport = { checks: TPartCheck[]; changes: TUptimeChange[]; heartbeat: boolean };

/** When this process first found the database down (null: it has not, or the outage is recorded). */
let databaseDown: { since: Date; detail: string } | null = null;

const time = (d: Date) => d.toISOString().replace("T", " ").slice(0, 19);

export const downText = (part: TPart, detail: string | null, since: Date) =>
  [`🔴 <b>DOWN: ${PART_LABELS[part]}</b>`, ...(detail ? [escapeHtml(detail)] : []), `Since ${time(since)} UTC`].join("\n");

export const upText = (part: TPart, startedAt: Date, endedAt: Date) =>
  [`🟢 <b>BACK UP: ${PART_LABELS[part]}</b> after ${formatDuration(endedAt.getTime() - startedAt.getTime())}`, `Down from ${time(startedAt)} to ${time(endedAt)} UTC`].join("\n");

export const databaseOutageText = (since: Date, until: Date, detail: string) =>
  [
    `🔴→🟢 <b>${PART_LABELS.database} was unreachable</b> for ${formatDuration(until.getTime() - since.getTime())}`,
    escapeHtml(detail),
    `From ${time(since)} to ${time(until)} UTC (alerts wait for the database, so this one comes after the recovery)`,
  ].join("\n");

export async function runUptimeMonitor(
  options: Partial<TCheckOptions> & { checks?: (o: TCheckOptions) => Promise<TPartCheck[]> } = {},
): Promise<TUptimeReport> {
  const now = options.now ?? new Date();
  const checks = await (options.checks ?? checkParts)({ now, fetch: options.fetch });
  const database = checks.find((c) => c.part === "database");
  if (database?.status === "down") {
    databaseDown ??= { since: now, detail: database.detail ?? "unreachable" };
    logger.error("uptime monitor: the database is down", { since: databaseDown.since.toISOString(), detail: database.detail });
    return { checks, changes: databaseDown.since === now ? [{ part: "database", to: "down" }] : [], heartbeat: false };
  }
  const outage = databaseDown;
  const result = await db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${MONITOR_LOCK}::bigint)`;
    const changes: TUptimeChange[] = [];
    const messages: TOutboxMessage[] = [];
    if (outage) {
      const row = await tx.uptimeOutage.create({ data: { part: "database", startedAt: outage.since, endedAt: now, detail: outage.detail }, select: { id: true } });
      messages.push({ audience: "admin", kind: "uptime", body: databaseOutageText(outage.since, now, outage.detail), dedupeKey: `uptime:database:down-up:${row.id}` });
      changes.push({ part: "database", to: "up", down_ms: now.getTime() - outage.since.getTime() });
    }
    for (const check of checks) {
      if (check.status === "off") continue;
      const change = await applyCheck(tx, check as TPartCheck & { status: "up" | "down" }, now, messages);
      if (change) changes.push(change);
    }
    const heartbeat = await heartbeatMessage(tx, now);
    if (heartbeat) messages.push(heartbeat);
    const queued = await enqueueOutbox(tx, messages);
    return { changes, heartbeat: heartbeat !== null && queued > 0, queued };
  });
  if (outage) databaseDown = null;
  if (result.queued > 0) await nudgeOutbox();
  return { checks, changes: result.changes, heartbeat: result.heartbeat };
}

async function applyCheck(tx: TTx, check: TPartCheck & { status: "up" | "down" }, now: Date, messages: TOutboxMessage[]): Promise<TUptimeChange | null> {
  const { part, status, detail } = check;
  const row = await tx.uptimePart.findUnique({ where: { part }, select: { status: true } });
  if (row?.status === status) {
    await tx.uptimePart.update({ where: { part }, data: { detail, checkedAt: now } });
    return null;
  }
  await tx.uptimePart.upsert({
    where: { part },
    create: { part, status, since: now, detail, checkedAt: now, firstCheckedAt: now },
    update: { status, since: now, detail, checkedAt: now },
  });
  if (status === "down") {
    const opened = await tx.uptimeOutage.create({ data: { part, startedAt: now, detail }, select: { id: true } });
    messages.push({ audience: "admin", kind: "uptime", body: downText(part, detail, now), dedupeKey: `uptime:${part}:down:${opened.id}` });
    return { part, to: "down" };
  }
  if (!row) return null; // first look, and it is up: nothing changed
  const open = await tx.uptimeOutage.findFirst({ where: { part, endedAt: null }, select: { id: true, startedAt: true } });
  if (!open) return { part, to: "up" };
  await tx.uptimeOutage.update({ where: { id: open.id }, data: { endedAt: now } });
  messages.push({ audience: "admin", kind: "uptime", body: upText(part, open.startedAt, now), dedupeKey: `uptime:${part}:up:${open.id}` });
  return { part, to: "up", down_ms: now.getTime() - open.startedAt.getTime() };
}

/** The day's heartbeat (first run of each UTC day), unless it is already queued. */
async function heartbeatMessage(tx: TTx, now: Date): Promise<TOutboxMessage | null> {
  const date = now.toISOString().slice(0, 10);
  const dedupeKey = `uptime:heartbeat:${date}`;
  if (await tx.outboxMessage.findUnique({ where: { dedupeKey: `${dedupeKey}:admin` }, select: { id: true } })) return null;
  const rows = await tx.uptimePart.findMany({ select: { part: true, status: true } });
  const uptimes = await partUptimes({ day: { from: new Date(now.getTime() - DAY_MS), to: now }, week: { from: new Date(now.getTime() - 7 * DAY_MS), to: now } }, tx);
  const lines = PARTS.map((part) => {
    const status = rows.find((r) => r.part === part)?.status;
    const u = uptimes[part];
    const icon = status === "up" ? "🟢" : status === "down" ? "🔴" : "⚪️";
    return `${icon} ${PART_LABELS[part]}: ${status ?? "not monitored"}${u.day.pct === null ? "" : ` · 24 h ${u.day.pct}% · 7 d ${u.week.pct}%`}`;
  });
  return { audience: "admin", kind: "uptime_heartbeat", body: [`💓 <b>Monitor heartbeat — ${date}</b> (since ${time(utcDayStart(now))} UTC)`, ...lines].join("\n"), dedupeKey };
}

/** For tests: forget a database outage this process remembers. */
export function resetUptimeMonitorMemory(): void {
  databaseDown = null;
}

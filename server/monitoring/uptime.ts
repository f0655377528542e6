// Uptime per part over a window, from the monitor's outages: the share of the window (counted from
// the monitor's first look at the part) that the part was not in an outage. For /api/health's admin
// detail (24 h and 7 d) and the daily report (its day and the 7 days to its end).
import { db, type TTx } from "../db/client";
import { DAY_MS } from "../risk/clock";
import { PART_LABELS, PARTS, type TPart } from "./parts";

export type TPartUptime = { pct: string | null; down_ms: number; outages: number };

type TOutage = { part: string; startedAt: Date; endedAt: Date | null };

function uptimeIn(from: Date, to: Date, firstCheckedAt: Date | undefined, outages: TOutage[]): TPartUptime {
  const start = Math.max(from.getTime(), firstCheckedAt?.getTime() ?? Infinity);
  const covered = to.getTime() - start;
  let down = 0;
  let count = 0;
  for (const o of outages) {
    const overlap = Math.min(o.endedAt?.getTime() ?? to.getTime(), to.getTime()) - Math.max(o.startedAt.getTime(), start);
    if (overlap > 0 || (o.startedAt.getTime() >= start && o.startedAt < to)) count++;
    if (overlap > 0) down += overlap;
  }
  if (!(covered > 0)) return { pct: null, down_ms: 0, outages: 0 };
  return { pct: ((100 * (covered - Math.min(down, covered))) / covered).toFixed(2), down_ms: down, outages: count };
}

/** Each part's uptime in each window [from, to). `client`: a transaction to read in (one connection on PGlite). */
export async function partUptimes<W extends string>(windows: Record<W, { from: Date; to: Date }>, client: TTx = db()): Promise<Record<TPart, Record<W, TPartUptime>>> {
  const spans = Object.values<{ from: Date; to: Date }>(windows);
  const earliest = new Date(Math.min(...spans.map((w) => w.from.getTime())));
  const latest = new Date(Math.max(...spans.map((w) => w.to.getTime())));
  const [rows, outages] = await Promise.all([
    client.uptimePart.findMany({ select: { part: true, firstCheckedAt: true } }),
    client.uptimeOutage.findMany({
      where: { startedAt: { lt: latest }, OR: [{ endedAt: null }, { endedAt: { gt: earliest } }] },
      select: { part: true, startedAt: true, endedAt: true },
    }),
  ]);
  const first = new Map(rows.map((r) => [r.part, r.firstCheckedAt]));
  return Object.fromEntries(
    PARTS.map((part) => [
      part,
      Object.fromEntries(
        Object.entries<{ from: Date; to: Date }>(windows).map(([name, w]) => [name, uptimeIn(w.from, w.to, first.get(part), outages.filter((o) => o.part === part))]),
      ),
    ]),
  ) as Record<TPart, Record<W, TPartUptime>>;
}

/** /api/health's admin detail: each part's state as the monitor last saw it, and its uptime over 24 h and 7 d. */
export async function uptimeSummary(now = new Date()) {
  const [rows, uptimes] = await Promise.all([
    db().uptimePart.findMany(),
    partUptimes({ day: { from: new Date(now.getTime() - DAY_MS), to: now }, week: { from: new Date(now.getTime() - 7 * DAY_MS), to: now } }),
  ]);
  return PARTS.map((part) => {
    const row = rows.find((r) => r.part === part);
    const u = uptimes[part];
    return {
      part,
      label: PART_LABELS[part],
      status: (row?.status ?? "unknown") as "up" | "down" | "unknown",
      since: row?.since.toISOString() ?? null,
      detail: row?.detail ?? null,
      checked_at: row?.checkedAt.toISOString() ?? null,
      uptime_24h_pct: u.day.pct,
      uptime_7d_pct: u.week.pct,
      outages_7d: u.week.outages,
    };
  });
}

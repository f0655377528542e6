// The daily report (SPEC §6, seed 6.3 and phase 8): built once per UTC day after the day is over,
// stored (daily_reports, one row per day: the primary key makes the job and an admin's "generate
// now" race-safe), and posted through the outbox in the same transaction — in full to the VIP
// group, the results part to the TRIAL group. It replaces the old "last 24 hours results" post, so
// each group gets one report a day.
import { z } from "zod";
import { db } from "../db/client";
import { AppError, invalidInput } from "../errors";
import { enqueueOutbox } from "../notifications/outbox";
import { DAY_MS, utcDayStart } from "../risk/clock";
import { nudgeOutbox } from "../notifications/nudge-outbox";
import { partUptimes } from "../monitoring/uptime";
import { effectivePlan, type TPlan } from "../users/plan";
import { computeDailyReport, type TDailyReport } from "./compute-daily-report";
import { dailyReportTeaser, dailyReportText } from "./daily-report-text";
import { reportChainHead } from "./report-chain-head";

const ZDay = z.iso.date({ error: "must be a date (YYYY-MM-DD)" });

export const ZDailyReportsQuery = z.object({
  date: ZDay.optional(),
  limit: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(366, "must be at most 366").default(30),
});
export type TDailyReportsQuery = z.infer<typeof ZDailyReportsQuery>;

/** POST /api/reports/daily: `{"date":"YYYY-MM-DD"}`, `?date=`, or nothing (yesterday). */
export const ZGenerateReportInput = z.strictObject(
  { date: ZDay.optional() },
  { error: (i) => (i.code === "unrecognized_keys" ? `unknown field(s): ${i.keys.join(", ")}` : "must be a JSON object") },
);

/**
 * The day an admin's "generate now" asks for, the one rule for it: the body's `date`, else
 * `?date=`, else none (generateDailyReport then builds yesterday's). A body that is not an object,
 * or a malformed date in either place that decides, is INVALID_INPUT.
 */
export function requestedReportDay(request: { body?: unknown; queryDate?: string | null }): string | undefined {
  const fromBody = request.body === undefined ? undefined : ZGenerateReportInput.parse(request.body).date;
  if (fromBody) return fromBody;
  return request.queryDate ? ZGenerateReportInput.parse({ date: request.queryDate }).date : undefined;
}

/** Each monitored part's uptime over the report's day and the 7 days to its end (null: not monitored then). */
export type TReportUptime = Record<string, { day_pct: string | null; week_pct: string | null; outages: number }>;
type TStored = TDailyReport & { chain_head: string | null; uptime?: TReportUptime };

async function reportUptime(from: Date): Promise<TReportUptime> {
  const to = new Date(from.getTime() + DAY_MS);
  const u = await partUptimes({ day: { from, to }, week: { from: new Date(to.getTime() - 7 * DAY_MS), to } });
  return Object.fromEntries(Object.entries(u).map(([part, w]) => [part, { day_pct: w.day.pct, week_pct: w.week.pct, outages: w.day.outages }]));
}

/** Builds, stores and posts the report of the UTC day `date` (must be over); a stored day is returned as it was. */
export async function generateDailyReport(date: string | undefined, now = new Date()) {
  const today = utcDayStart(now);
  const from = date ? new Date(`${date}T00:00:00.000Z`) : new Date(today.getTime() - DAY_MS);
  if (from >= today) throw invalidInput("date", "the day is not over yet (UTC); a report covers a whole day");
  const existing = await db().dailyReport.findUnique({ where: { day: from }, select: { payload: true, createdAt: true } });
  if (existing) return { created: false, created_at: existing.createdAt.toISOString(), report: existing.payload as unknown as TStored };

  const report: TStored = { ...(await computeDailyReport(from)), chain_head: await reportChainHead(new Date(from.getTime() + DAY_MS)), uptime: await reportUptime(from) };
  const created = await db().$transaction(async (tx) => {
    const { count } = await tx.dailyReport.createMany({ data: [{ day: from, payload: report, createdAt: now }], skipDuplicates: true });
    if (count === 0) return false; // another run stored the day meanwhile: it posts, not this one
    await enqueueOutbox(tx, [
      { audience: "vip", kind: "daily_report", body: dailyReportText(report, report.chain_head, report.uptime), dedupeKey: `daily-report:${report.date}` },
      { audience: "trial", kind: "daily_report", body: dailyReportTeaser(report, report.chain_head), dedupeKey: `daily-report:${report.date}` },
    ]);
    return true;
  });
  if (!created) return generateDailyReport(report.date, now);
  await nudgeOutbox();
  return { created: true, created_at: now.toISOString(), report };
}

/** The job (hourly, so a run missed at midnight catches up within the hour after a restart): yesterday's report if not stored. */
export async function runDailyReportJob(now = new Date()) {
  const result = await generateDailyReport(undefined, now);
  return { date: result.report.date, created: result.created };
}

/** What a viewer may see: the results part for TRIAL, everything for paid plans and admins. */
function forViewer(report: TStored, plan: TPlan | "ADMIN") {
  if (plan !== "TRIAL") return report;
  return { date: report.date, signals: report.signals, chain_head: report.chain_head };
}

/** GET /api/reports/daily: stored reports, newest first, or the one of `?date=` (404 if none). */
export async function listDailyReports(query: TDailyReportsQuery, viewer: { role: string; plan: TPlan; planExpiresAt: Date | null }) {
  const plan = viewer.role === "ADMIN" ? "ADMIN" : effectivePlan(viewer);
  const rows = await db().dailyReport.findMany({
    where: query.date ? { day: new Date(`${query.date}T00:00:00.000Z`) } : {},
    orderBy: { day: "desc" },
    take: query.limit,
    select: { payload: true, createdAt: true },
  });
  if (query.date && rows.length === 0) throw new AppError("NOT_FOUND", `No daily report for ${query.date}`);
  return {
    view: plan === "TRIAL" ? "results" : "full",
    reports: rows.map((r) => ({ ...forViewer(r.payload as unknown as TStored, plan), created_at: r.createdAt.toISOString() })),
  };
}

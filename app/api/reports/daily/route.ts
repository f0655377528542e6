// GET: the stored daily reports (signed-in users; TRIAL sees the results part). POST (admin):
// build a finished day's report now — `{"date":"YYYY-MM-DD"}`, `?date=`, or no body for yesterday.
import { preflightResponse } from "@/server/http/cors";
import { readRawBody } from "@/server/http/read-json";
import { parseJsonText } from "@/server/lib/parse-json-text";
import { route } from "@/server/http/route";
import { generateDailyReport, listDailyReports, requestedReportDay, ZDailyReportsQuery } from "@/server/reports/daily-report";

export const GET = route({ auth: "user", query: ZDailyReportsQuery }, async ({ query, user }) => listDailyReports(query, user));

export const POST = route({ auth: "admin" }, async ({ req }) => {
  // The body is optional, so it is read here rather than by route(); which day wins is the service's rule.
  const text = await readRawBody(req);
  const day = requestedReportDay({ body: text.trim() ? parseJsonText(text) : undefined, queryDate: new URL(req.url).searchParams.get("date") });
  const result = await generateDailyReport(day);
  return Response.json(result, { status: result.created ? 201 : 200 });
});
export const OPTIONS = preflightResponse;

// What the soak prints: each step with its time, and at the end the calls by route and status,
// the dashboard loads, and every 5xx (or unanswered call) with the server's log line for it.
import type { Tally } from "./client";
import type { TDashboard } from "./dashboard";

const started = Date.now();
const clock = () => {
  const s = Math.round((Date.now() - started) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
};

export function say(line: string): void {
  console.log(`[${clock()}] ${line}`);
}

/** Runs a named step and prints how long it took. */
export async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  say(`${name}…`);
  const result = await run();
  say(`${name}: done in ${seconds(Date.now() - t0)}`);
  return result;
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function printSummary(label: string, tally: Tally, dashboard: TDashboard | undefined, serverLog: (text: string) => string[]): void {
  console.log(`\n== soak ${label}: ${tally.calls} calls (${tally.invalidCalls} wrong on purpose, counted as wrong:<status>) by route and status`);
  const width = Math.max(...[...tally.byRoute.keys()].map((r) => r.length));
  for (const route of [...tally.byRoute.keys()].sort(byPath)) {
    const statuses = [...tally.byRoute.get(route)!].sort(([a], [b]) => a.localeCompare(b));
    const total = statuses.reduce((n, [, c]) => n + c, 0);
    console.log(`  ${route.padEnd(width)}  ${String(total).padStart(4)}  ${statuses.map(([s, c]) => `${s}×${c}`).join(" ")}`);
  }
  if (dashboard) console.log(`  dashboard /admin: served ${dashboard.loads - dashboard.failures.length} of ${dashboard.loads} loads`);
  for (const f of dashboard?.failures ?? []) console.log(`  DASHBOARD NOT SERVED ${f}`);
  if (tally.failures.length === 0) return;
  console.log(`\n== ${tally.failures.length} server errors (5xx) or unanswered calls:`);
  for (const f of tally.failures) {
    const requestId = /"request_id":"([^"]+)"/.exec(f.body)?.[1];
    const cause = requestId ? serverLog(requestId).map(errorOf).join(" | ") : "";
    console.log(`  ${f.at} ${f.method} ${f.path} → ${f.status} ${f.body}${cause ? `\n      server: ${cause}` : ""}`);
  }
}

/** The error message of a JSON log line (the whole line, shortened, when it is not JSON). */
function errorOf(line: string): string {
  try {
    const parsed = JSON.parse(line) as { err?: { message?: string } };
    return parsed.err?.message ?? line.slice(0, 300);
  } catch {
    return line.slice(0, 300);
  }
}

const byPath = (a: string, b: string) => a.slice(a.indexOf(" ")).localeCompare(b.slice(b.indexOf(" "))) || a.localeCompare(b);

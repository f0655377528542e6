// The daily results post to both groups (SPEC §5, the operator's "📈 Last 24 hours results").
import { db } from "../db/client";
import { enqueueOutbox } from "../notifications/outbox";
import { escapeHtml } from "../telegram/format";
import { announceOutbox } from "./announce";

type TDayRow = { calls: bigint; closed: bigint; wins: bigint; losses: bigint; tp_hits: bigint; avg_profit: string | null };

export async function summarizeLast24h(now = new Date()) {
  const since = new Date(now.getTime() - 86_400_000);
  const [row] = await db().$queryRaw<TDayRow[]>`
    SELECT
      (SELECT count(*) FROM signals WHERE created_at >= ${since}) AS calls,
      count(*) FILTER (WHERE s.status NOT IN ('OPEN', 'TP_PARTIAL')) AS closed,
      count(*) FILTER (WHERE s.status NOT IN ('OPEN', 'TP_PARTIAL') AND s.realized_profit_pct > 0) AS wins,
      count(*) FILTER (WHERE s.status NOT IN ('OPEN', 'TP_PARTIAL') AND s.realized_profit_pct < 0) AS losses,
      (SELECT count(*) FROM signal_events WHERE created_at >= ${since} AND type IN ('TP_HIT', 'ALL_TP')) AS tp_hits,
      avg(s.realized_profit_pct) FILTER (WHERE s.status NOT IN ('OPEN', 'TP_PARTIAL'))::text AS avg_profit
    FROM signals s WHERE s.closed_at >= ${since}`;
  const closed = Number(row?.closed ?? 0n);
  const wins = Number(row?.wins ?? 0n);
  return {
    calls: Number(row?.calls ?? 0n),
    closed,
    wins,
    losses: Number(row?.losses ?? 0n),
    targetsHit: Number(row?.tp_hits ?? 0n),
    winRatePct: closed === 0 ? null : ((wins / closed) * 100).toFixed(2),
    avgProfitPct: row?.avg_profit ? Number(row.avg_profit).toFixed(2) : null,
  };
}

export function dailyResultsText(s: Awaited<ReturnType<typeof summarizeLast24h>>): string {
  return [
    "<b>📈 Last 24 hours results</b>",
    `📡 Signal Calls: ${s.calls} calls`,
    `🎯 Targets hit: ${s.targetsHit}`,
    `✅ Wins: ${s.wins} · ⛔️ Losses: ${s.losses}`,
    `📊 Win Rate: ${escapeHtml(s.winRatePct === null ? "—" : `${s.winRatePct}%`)}`,
    ...(s.avgProfitPct === null ? [] : [`💰 Average profit: ${escapeHtml(s.avgProfitPct)}%`]),
  ].join("\n");
}

/** Queues the day's results for both groups, once per UTC day. */
export async function postDailySignalResults(now = new Date()) {
  const summary = await summarizeLast24h(now);
  const body = dailyResultsText(summary);
  const day = now.toISOString().slice(0, 10);
  const queued = await db().$transaction((tx) =>
    enqueueOutbox(tx, [
      { audience: "vip", kind: "daily_results", body, dedupeKey: `daily-results:${day}` },
      { audience: "trial", kind: "daily_results", body, dedupeKey: `daily-results:${day}` },
    ]),
  );
  if (queued > 0) await announceOutbox();
  return { day, queued, summary };
}

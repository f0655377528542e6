import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { toAppError } from "@/server/errors";
import { listDailyReports, ZDailyReportsQuery } from "@/server/reports/daily-report";
import { PageHeader } from "../../_components/states";
import { when } from "../../_lib/format";
import { requireAdminPage } from "../../_lib/require-admin";

export const metadata: Metadata = { title: "Daily report" };
export const dynamic = "force-dynamic";

function Group({ title, rows }: { title: string; rows: [string, ReactNode][] }) {
  return (
    <section aria-label={title} className="rounded-lg border border-slate-800 bg-slate-900 p-4 text-sm">
      <h2 className="mb-3 font-semibold">{title}</h2>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-slate-400">{k}</dt>
            <dd className="tabular-nums">{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export default async function ReportPage({ params }: { params: Promise<{ date: string }> }) {
  const admin = await requireAdminPage();
  const { date } = await params;
  const query = ZDailyReportsQuery.safeParse({ date, limit: 1 });
  if (!query.success) notFound();
  const { reports } = await listDailyReports(query.data, admin).catch((err: unknown) => {
    if (toAppError(err).code === "NOT_FOUND") notFound();
    throw err;
  });
  const r = reports[0];
  if (!r || !("auto_trader" in r)) notFound();
  const s = r.signals;
  const signalLink = (x: { id: string; symbol: string; direction: string; profit_pct: string } | null) =>
    x ? (
      <Link href={`/admin/signals/${x.id}`} className="underline">
        {x.symbol} {x.direction} {x.profit_pct}%
      </Link>
    ) : (
      "—"
    );
  const rules = Object.entries(r.safety.blocked_by_rule);
  return (
    <div>
      <Link href="/admin/reports" className="text-sm text-slate-400 underline">
        ← All reports
      </Link>
      <PageHeader title={`Daily report ${r.date}`} />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2" data-testid="report-detail">
        <Group
          title="Signals"
          rows={[
            ["Posted", s.calls],
            ["Targets reached", s.targets_hit],
            ["Stop losses", s.stop_losses],
            ["Closed", `${s.closed} (${s.wins} won, ${s.losses} lost)`],
            ["Win rate", s.win_rate === null ? "—" : `${s.win_rate}%`],
            ["Average profit", s.average_profit_pct === null ? "—" : `${s.average_profit_pct}%`],
            ["Total profit", `${s.total_profit_pct}%`],
            ["Best", signalLink(s.best)],
            ["Worst", signalLink(s.worst)],
          ]}
        />
        <Group
          title="Auto-trader"
          rows={[
            ["Trades closed", `${r.auto_trader.trades} (${r.auto_trader.wins} won, ${r.auto_trader.losses} lost)`],
            ["Realized P&L", `${r.auto_trader.realized_pnl_usdt} USDT`],
            ["Paper", `${r.auto_trader.paper.trades} trades · ${r.auto_trader.paper.realized_pnl_usdt} USDT`],
            ["Live", `${r.auto_trader.live.trades} trades · ${r.auto_trader.live.realized_pnl_usdt} USDT`],
          ]}
        />
        <Group
          title="Safety"
          rows={[
            ["Kill switch", r.safety.kill_switch ? `ON${r.safety.kill_reason ? ` — ${r.safety.kill_reason}` : ""}` : "off"],
            ["24 h drawdown", `${r.safety.drawdown_pct}%`],
            ["Blocked trades", r.safety.blocked_trades],
            ["By rule", rules.length === 0 ? "—" : rules.map(([k, n]) => `${k} ${n}`).join(", ")],
          ]}
        />
        <Group
          title="Track record"
          rows={[
            ["Chain head at the day's end", <span key="h" data-testid="report-detail-chain-head">{r.chain_head ? <code className="break-all text-xs">{r.chain_head}</code> : "none: no signal had closed yet"}</span>],
            ["Stored", when(r.created_at)],
          ]}
        />
      </div>
    </div>
  );
}

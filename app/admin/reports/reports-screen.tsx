"use client";
// Screen 9, the daily reports: the stored reports newest first (server/reports/daily-report.ts),
// each with the track record's head at the end of its day, "generate now" for a finished day, and
// the chain's head now. A report is built once per day; asking again answers the stored one.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useId, useState, type FormEvent } from "react";
import type { AppRouter } from "@/server/trpc/root";
import { columnHelper, DataTable } from "../_components/data-table";
import { buttonClass, ErrorState, inputClass, ListStates, primaryButtonClass } from "../_components/states";
import { useToast } from "../_components/toast";
import { useTRPC } from "../_components/trpc-provider";
import { when } from "../_lib/format";

type TOut = inferRouterOutputs<AppRouter>["analytics"];
type TReports = TOut["dailyReports"];
type TRow = TReports["reports"][number];
/** Admins get the full view; the fields below exist only there. */
type TFull = Extract<TRow, { auto_trader: unknown }>;

const PAGE = 30;
const MAX = 366;
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const shortHash = (h: string | null) => (h ? `${h.slice(0, 10)}…${h.slice(-6)}` : "—");
const full = (r: TRow): TFull | null => ("auto_trader" in r ? r : null);

const h = columnHelper<TRow>();
const columns = [
  h.accessor("date", {
    header: "Day (UTC)",
    cell: (c) => (
      <Link href={`/admin/reports/${c.getValue()}`} className="font-medium underline">
        {c.getValue()}
      </Link>
    ),
  }),
  h.display({ id: "calls", header: "Signals", cell: (c) => `${c.row.original.signals.calls} posted · ${c.row.original.signals.closed} closed` }),
  h.display({ id: "wl", header: "Wins / losses", cell: (c) => `${c.row.original.signals.wins} / ${c.row.original.signals.losses}${c.row.original.signals.win_rate ? ` (${c.row.original.signals.win_rate}%)` : ""}` }),
  h.display({ id: "profit", header: "Profit", cell: (c) => `${c.row.original.signals.total_profit_pct}%` }),
  h.display({ id: "pnl", header: "Auto-trader P&L", cell: (c) => (full(c.row.original) ? `${full(c.row.original)!.auto_trader.realized_pnl_usdt} USDT` : "—") }),
  h.display({ id: "blocked", header: "Blocked", cell: (c) => full(c.row.original)?.safety.blocked_trades ?? "—" }),
  h.accessor("chain_head", {
    header: "Chain head",
    cell: (c) => (
      <code className="text-xs" title={c.getValue() ?? "no signal had closed yet"} data-testid="report-chain-head">
        {shortHash(c.getValue())}
      </code>
    ),
  }),
];

function GenerateNow() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const dateId = useId();
  const [date, setDate] = useState(yesterday);
  const generate = useMutation(
    trpc.analytics.generateDailyReport.mutationOptions({
      onSuccess: async (r) => {
        toast(r.created ? `Report for ${r.report.date} built and posted to the groups` : `The report for ${r.report.date} was already stored: nothing posted again`);
        await queryClient.invalidateQueries({ queryKey: trpc.analytics.dailyReports.pathKey() });
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    generate.mutate({ date });
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-800 bg-slate-900 p-4" aria-label="Generate a report now">
      <div className="flex flex-col gap-1">
        <label htmlFor={dateId} className="text-sm text-slate-300">
          Day (UTC)
        </label>
        <input id={dateId} type="date" required max={yesterday()} value={date} onChange={(e) => setDate(e.target.value)} className={inputClass} />
      </div>
      <button type="submit" className={primaryButtonClass} disabled={generate.isPending || !date}>
        {generate.isPending ? "Generating…" : "Generate the report now"}
      </button>
      <p className="basis-full text-xs text-slate-400">A finished day only. The job builds yesterday&apos;s report after midnight UTC by itself; a day already stored is shown as it was, never posted twice.</p>
      {generate.isError && (
        <div className="basis-full">
          <ErrorState error={generate.error} />
        </div>
      )}
    </form>
  );
}

export function ReportsScreen({ initial, head }: { initial: TReports; head: { seq: number; hash: string } }) {
  const trpc = useTRPC();
  const [limit, setLimit] = useState(PAGE);
  const reports = useQuery({ ...trpc.analytics.dailyReports.queryOptions({ limit }), initialData: limit === PAGE ? initial : undefined, initialDataUpdatedAt: 0, placeholderData: (p) => p });
  const chain = useQuery({ ...trpc.analytics.chainHead.queryOptions(), initialData: head, initialDataUpdatedAt: 0 });
  return (
    <div className="flex flex-col gap-6">
      <GenerateNow />
      <section aria-label="Track record now" className="flex flex-wrap items-center gap-x-4 gap-y-1 rounded-lg border border-slate-800 px-4 py-3 text-sm">
        <span className="text-slate-400">Track record now</span>
        <span data-testid="chain-head-now">
          {!chain.data ? (
            "—"
          ) : chain.data.seq === 0 ? (
            "link 0 — empty: no signal has closed yet"
          ) : (
            <>
              link {chain.data.seq} · <code className="break-all text-xs">{chain.data.hash}</code>
            </>
          )}
        </span>
        <span className="text-xs text-slate-500">Anyone can re-check it: npm run verify-chain -- &lt;base url&gt; --expect &lt;hash&gt;</span>
      </section>
      <ListStates query={reports} what="the reports" isEmpty={(d) => d.reports.length === 0} empty="No daily report yet. The job builds one after each UTC day ends; or generate one above.">
        {(d) => (
          <div className="flex flex-col gap-3">
            <DataTable caption="Daily reports, newest first" columns={columns} data={d.reports} rowId={(r) => r.date} testId="reports-table" />
            {d.reports.length >= limit && limit < MAX && (
              <button type="button" className={`${buttonClass} self-start`} onClick={() => setLimit((l) => Math.min(MAX, l + PAGE))}>
                Show older reports
              </button>
            )}
            <p className="text-xs text-slate-500">Stored {when(d.reports[0]?.created_at ?? null)} for the newest day.</p>
          </div>
        )}
      </ListStates>
    </div>
  );
}

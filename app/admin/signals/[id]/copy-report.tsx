"use client";
// A signal's copy report: what the auto-trader made of it for every user, paper and live apart —
// copies opened, skipped with the reason, and how fast and how close to the signal's entry each
// copy entered (distributions). The numbers are the server's (server/analytics/copy-report.ts).
// Copies settle in the background after an event, so the report polls while the signal or a copy is open.
import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";
import { ChartFigure, Histogram } from "../../_components/charts";
import { ErrorState, Loading } from "../../_components/states";
import { useTRPC } from "../../_components/trpc-provider";
import { pairBuckets, ruleLabel } from "../../_lib/chart-series";

type TReport = inferRouterOutputs<AppRouter>["signals"]["copyReport"];
type TMode = TReport["paper"];

const REASONS: [keyof TMode["skipped_by_reason"], string][] = [
  ["risk_rule", "Risk rule"],
  ["stale_price", "Stale price"],
  ["size_too_small", "Size too small"],
  ["exchange_error", "Exchange error"],
  ["other", "Other"],
];

const ms = (v: number | null) => (v === null ? "—" : v < 1000 ? `${v} ms` : `${(v / 1000).toFixed(1)} s`);
const copies = (n: number) => `${n} ${n === 1 ? "copy" : "copies"}`;
const pctOrDash = (v: string | null) => (v === null ? "—" : `${v}%`);

function ModeCard({ name, m }: { name: "paper" | "live"; m: TMode }) {
  const id = (k: string) => `copy-${name}-${k}`;
  return (
    <section aria-label={`${name === "paper" ? "Paper" : "Live"} copies`} className="flex flex-col gap-3 rounded-lg border border-slate-800 bg-slate-900 p-4 text-sm" data-testid={`copy-${name}`}>
      <h3 className="font-semibold">{name === "paper" ? "Paper" : "Live (Binance)"}</h3>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2">
        <dt className="text-slate-400">Copies opened</dt>
        <dd className="tabular-nums" data-testid={id("opened")}>
          {m.opened} <span className="text-xs text-slate-400">({m.open_now} open · {m.closed} closed)</span>
        </dd>
        <dt className="text-slate-400">Took a target</dt>
        <dd className="tabular-nums" data-testid={id("tp-filled")}>{m.tp_filled}</dd>
        <dt className="text-slate-400">Realized P&amp;L</dt>
        <dd className="tabular-nums" data-testid={id("pnl")}>{m.realized_pnl_usdt} USDT</dd>
        <dt className="text-slate-400">Signal → entry</dt>
        <dd className="tabular-nums">
          median {ms(m.latency_ms.p50)} · p95 {ms(m.latency_ms.p95)}
        </dd>
        <dt className="text-slate-400">Slippage</dt>
        <dd className="tabular-nums">
          median {pctOrDash(m.slippage_pct.p50)} · avg {pctOrDash(m.slippage_pct.avg)}
        </dd>
        <dt className="text-slate-400">Skipped</dt>
        <dd className="tabular-nums" data-testid={id("skipped")}>{m.skipped}</dd>
      </dl>
      {m.skipped > 0 && (
        <ul className="flex flex-col gap-1 border-t border-slate-800 pt-2" aria-label="Why copies were skipped">
          {REASONS.filter(([k]) => m.skipped_by_reason[k] > 0).map(([k, label]) => (
            <li key={k} className="flex justify-between gap-2" data-testid={id(`reason-${k}`)}>
              <span>
                {label}
                {k === "risk_rule" && Object.keys(m.risk_rules).length > 0 && (
                  <span className="text-xs text-slate-400">
                    {" "}
                    ({Object.entries(m.risk_rules).map(([rule, n]) => `${ruleLabel(rule)} ${n}`).join(", ")})
                  </span>
                )}
              </span>
              <span className="tabular-nums">{m.skipped_by_reason[k]}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function CopyReport({ signalId, live }: { signalId: string; live: boolean }) {
  const trpc = useTRPC();
  const report = useQuery({ ...trpc.signals.copyReport.queryOptions({ signal_id: signalId }), refetchInterval: (q) => {
      const d = q.state.data;
      return live || (d && d.paper.open_now + d.live.open_now > 0) ? 5_000 : false;
    },
  });
  return (
    <section aria-labelledby="copy-report" data-testid="copy-report" className="flex flex-col gap-4">
      <h2 id="copy-report" className="text-lg font-semibold">
        Copy report
      </h2>
      {report.isError ? (
        <ErrorState error={report.error} retry={() => void report.refetch()} />
      ) : !report.data ? (
        <Loading what="the copy report" />
      ) : report.data.paper.opened + report.data.paper.skipped + report.data.live.opened + report.data.live.skipped === 0 ? (
        <p className="rounded-md border border-dashed border-slate-700 px-4 py-6 text-center text-sm text-slate-400" data-testid="copy-report-empty">
          No copy yet: no PREMIUM user with the auto-trader on was eligible for this signal.
        </p>
      ) : (
        <>
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
            <ModeCard name="paper" m={report.data.paper} />
            <ModeCard name="live" m={report.data.live} />
          </div>
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
            <ChartFigure title="Time from signal to entry" summary={copies(report.data.paper.latency_ms.count + report.data.live.latency_ms.count)} testId="copy-latency-chart">
              <Histogram
                buckets={pairBuckets(report.data.paper.latency_ms.histogram, report.data.live.latency_ms.histogram)}
                series={[
                  { key: "paper", label: "Paper", color: "#38bdf8" },
                  { key: "live", label: "Live", color: "#f59e0b" },
                ]}
                empty="No copy has entered yet."
              />
            </ChartFigure>
            <ChartFigure title="Entry slippage (% of the signal's entry)" summary="above 0 = worse for the trader" testId="copy-slippage-chart">
              <Histogram
                buckets={pairBuckets(report.data.paper.slippage_pct.histogram, report.data.live.slippage_pct.histogram)}
                series={[
                  { key: "paper", label: "Paper", color: "#38bdf8" },
                  { key: "live", label: "Live", color: "#f59e0b" },
                ]}
                empty="No copy has entered yet."
              />
            </ChartFigure>
          </div>
        </>
      )}
    </section>
  );
}

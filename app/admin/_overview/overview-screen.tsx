"use client";
// Screen 1, the overview: the kill switch and every part's health at the top, the KPI cards, and
// the charts over 7 / 30 / 90 / 365 days. First paint from the server; then live — the signal
// stream invalidates the analytics queries (_components/live-updates.tsx), payment and kill-switch
// mutations invalidate them too, and a slow poll catches what happens elsewhere (on-chain payments,
// the circuit breaker).
import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import type { AppRouter } from "@/server/trpc/root";
import { ErrorState } from "../_components/states";
import { useTRPC } from "../_components/trpc-provider";
import { RANGES, type TRange } from "../_lib/chart-series";
import { KpiCards } from "./kpi-cards";
import { OverviewCharts } from "./overview-charts";
import { PlatformStatus } from "./platform-status";

type TOut = inferRouterOutputs<AppRouter>["analytics"];
export type TOverview = TOut["overview"];
export type TSeriesAnswer = TOut["signupsSeries"];
export type THealthAnswer = TOut["health"];
export type TInitialSeries = Partial<Record<"signupsSeries" | "revenueSeries" | "signalsSeries" | "profitSeries" | "pnlSeries" | "blockedSeries", TSeriesAnswer>>;

const POLL_MS = 30_000;

export function OverviewScreen({ overview: initialOverview, health: initialHealth, series }: { overview: TOverview; health: THealthAnswer | null; series: TInitialSeries }) {
  const trpc = useTRPC();
  const [range, setRange] = useState<TRange>(30);
  const overview = useQuery({ ...trpc.analytics.overview.queryOptions(), initialData: initialOverview, initialDataUpdatedAt: 0, refetchInterval: POLL_MS });
  const health = useQuery({ ...trpc.analytics.health.queryOptions(), initialData: initialHealth ?? undefined, initialDataUpdatedAt: 0, refetchInterval: POLL_MS });
  const widget = useQuery({ ...trpc.safety.widget.queryOptions(), refetchInterval: 15_000, staleTime: 5_000 });
  const o = overview.data;
  const killSwitch = o ? { ...o.kill_switch, on: widget.data?.kill_switch ?? o.kill_switch.on } : null;

  return (
    <div className="flex flex-col gap-6">
      <PlatformStatus killSwitch={killSwitch} health={health.data} healthError={health.isError ? health.error.message : null} />
      {overview.isError && <ErrorState error={overview.error} retry={() => void overview.refetch()} />}
      {o && <KpiCards o={o} />}
      <section aria-labelledby="charts-title" className="flex flex-col gap-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="charts-title" className="text-lg font-semibold">
            Over time
          </h2>
          <div role="group" aria-label="Window" className="flex overflow-hidden rounded-md border border-slate-700 text-sm">
            {RANGES.map((r) => (
              <button
                key={r}
                type="button"
                aria-pressed={range === r}
                onClick={() => setRange(r)}
                className={`px-3 py-1.5 ${range === r ? "bg-emerald-500 font-medium text-slate-950" : "text-slate-300 hover:bg-slate-800"}`}
              >
                {r === 365 ? "1 year" : `${r} days`}
              </button>
            ))}
          </div>
        </div>
        <OverviewCharts range={range} initial={series} />
      </section>
    </div>
  );
}

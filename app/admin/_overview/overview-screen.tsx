"use client";
// Screen 1, the overview: the kill switch and every part's health at the top, the KPI cards, and
// the charts over 7 / 30 / 90 / 365 days. First paint from the server; then live — the stream's
// `signals`, `payments` (submitted, confirmed by an admin or on chain, rejected; plans changed) and
// `safety` (kill switch, circuit breaker) events invalidate these queries (_components/live-updates.tsx).
// They poll only while the stream is down.
import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import type { AppRouter } from "@/server/trpc/root";
import { useLiveFallback } from "../_components/live-updates";
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

const FALLBACK_MS = 30_000;
/**
 * Health is not an event: a job that stops running or a fake that stops answering announces
 * nothing, so the health panel keeps a slow poll even while the stream is up.
 */
const HEALTH_POLL_MS = 60_000;

export function OverviewScreen({ overview: initialOverview, health: initialHealth, series }: { overview: TOverview; health: THealthAnswer | null; series: TInitialSeries }) {
  const trpc = useTRPC();
  const [range, setRange] = useState<TRange>(30);
  const fallback = useLiveFallback(FALLBACK_MS);
  const overview = useQuery({ ...trpc.analytics.overview.queryOptions(), initialData: initialOverview, initialDataUpdatedAt: 0, refetchInterval: fallback });
  const health = useQuery({ ...trpc.analytics.health.queryOptions(), initialData: initialHealth ?? undefined, initialDataUpdatedAt: 0, refetchInterval: fallback === false ? HEALTH_POLL_MS : fallback });
  const widget = useQuery({ ...trpc.safety.widget.queryOptions(), refetchInterval: useLiveFallback(15_000), staleTime: 5_000 });
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

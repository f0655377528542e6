"use client";
// The overview's six charts over the chosen window, each from its time series (server/analytics/
// time-series.ts), shaped by _lib/chart-series.ts. Each chart loads, fails and retries on its own.
import { useQuery } from "@tanstack/react-query";
import { ChartFigure, DailyChart, type TSeriesDef } from "../_components/charts";
import { ErrorState, Loading } from "../_components/states";
import { useTRPC } from "../_components/trpc-provider";
import { ruleLabel, seriesKeys, toChartPoints, windowCount, windowTotal, type TRange } from "../_lib/chart-series";
import type { TSeriesAnswer } from "./overview-screen";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const RULE_COLORS = ["#f43f5e", "#f59e0b", "#a78bfa", "#38bdf8", "#34d399", "#f472b6", "#facc15", "#94a3b8"];

type TChartDef = {
  procedure: "signupsSeries" | "revenueSeries" | "signalsSeries" | "profitSeries" | "pnlSeries" | "blockedSeries";
  title: string;
  kind: "bars" | "lines";
  unit?: string;
  empty: string;
  series: (a: TSeriesAnswer) => TSeriesDef[];
  summary: (a: TSeriesAnswer) => string;
};

const CHARTS: TChartDef[] = [
  {
    procedure: "signupsSeries",
    title: "Signups per day, by plan",
    kind: "bars",
    empty: "Nobody signed up in this window.",
    series: () => [
      { key: "TRIAL", label: "TRIAL", color: "#94a3b8" },
      { key: "VIP", label: "VIP", color: "#f59e0b" },
      { key: "PREMIUM", label: "PREMIUM", color: "#10b981" },
    ],
    summary: (a) => plural(windowCount(a.points, "total"), "signup", "signups"),
  },
  {
    procedure: "revenueSeries",
    title: "Revenue per day (USDT)",
    kind: "bars",
    empty: "No payment was confirmed in this window.",
    series: () => [{ key: "revenue_usdt", label: "Revenue", color: "#10b981" }],
    summary: (a) => `${windowTotal(a.points, "revenue_usdt")} USDT from ${plural(windowCount(a.points, "payments"), "payment", "payments")}`,
  },
  {
    procedure: "signalsSeries",
    title: "Signals per day, by outcome",
    kind: "bars",
    empty: "No signal was posted in this window.",
    series: () => [
      { key: "WIN", label: "Win", color: "#10b981" },
      { key: "LOSS", label: "Loss", color: "#f43f5e" },
      { key: "BREAKEVEN", label: "Breakeven", color: "#94a3b8" },
      { key: "OPEN", label: "Open", color: "#38bdf8" },
    ],
    summary: (a) => plural(windowCount(a.points, "total"), "signal", "signals"),
  },
  {
    procedure: "profitSeries",
    title: "Cumulative signal profit",
    kind: "lines",
    unit: "%",
    empty: "No signal has closed yet.",
    series: () => [
      { key: "cumulative_pct", label: "Cumulative %", color: "#10b981" },
      { key: "profit_pct", label: "That day %", color: "#38bdf8" },
    ],
    summary: (a) => `${windowTotal(a.points, "profit_pct")}% in this window, ${String(a.points.at(-1)?.cumulative_pct ?? "0")}% since the first signal`,
  },
  {
    procedure: "pnlSeries",
    title: "Auto-trader P&L per day (USDT)",
    kind: "bars",
    empty: "No copy closed in this window.",
    series: () => [
      { key: "paper_usdt", label: "Paper", color: "#38bdf8" },
      { key: "live_usdt", label: "Live", color: "#f59e0b" },
    ],
    summary: (a) => `paper ${windowTotal(a.points, "paper_usdt")} · live ${windowTotal(a.points, "live_usdt")} USDT`,
  },
  {
    procedure: "blockedSeries",
    title: "Blocked trades per day, by rule",
    kind: "bars",
    empty: "The risk engine blocked no trade in this window.",
    series: (a) => seriesKeys(a.points).map((k, i) => ({ key: k, label: ruleLabel(k), color: RULE_COLORS[i % RULE_COLORS.length]! })),
    summary: (a) => `${windowCount(a.points, "total")} blocked`,
  },
];

function OneChart({ def, range, initial }: { def: TChartDef; range: TRange; initial?: TSeriesAnswer }) {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.analytics[def.procedure].queryOptions({ days: range }), initialData: initial?.days === range ? initial : undefined, initialDataUpdatedAt: 0, placeholderData: (prev) => prev });
  const a = query.data;
  return (
    <ChartFigure title={def.title} summary={a ? def.summary(a) : ""} testId={`chart-${def.procedure.replace("Series", "")}`}>
      {query.isError ? (
        <ErrorState error={query.error} retry={() => void query.refetch()} />
      ) : !a ? (
        <Loading what="the chart" />
      ) : (
        <DailyChart points={toChartPoints(a.points, def.series(a).map((s) => s.key))} series={def.series(a)} kind={def.kind} range={range} empty={def.empty} unit={def.unit} />
      )}
    </ChartFigure>
  );
}

export function OverviewCharts({ range, initial }: { range: TRange; initial: Partial<Record<TChartDef["procedure"], TSeriesAnswer>> }) {
  return (
    <div className="grid grid-cols-1 items-start gap-4 xl:grid-cols-2">
      {CHARTS.map((def) => (
        <OneChart key={def.procedure} def={def} range={range} initial={initial[def.procedure]} />
      ))}
    </div>
  );
}

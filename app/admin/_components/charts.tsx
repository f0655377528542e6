"use client";
// The dashboard's charts, on Recharts: one daily chart (stacked bars or lines, one point per UTC
// day) and one histogram. Each chart is a <figure> with a caption and a text summary, so the
// figure is readable without seeing the drawing; an all-zero window shows the empty state instead.
import type { ReactNode } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { dayLabel, isAllZero, tickInterval, type TChartPoint } from "../_lib/chart-series";
import { Empty } from "./states";

export type TSeriesDef = { key: string; label: string; color: string };

const AXIS = { stroke: "#64748b", fontSize: 11 };
const TOOLTIP = { contentStyle: { background: "#0f172a", border: "1px solid #334155", fontSize: 12 }, labelStyle: { color: "#e2e8f0" } };

export function ChartFigure({ title, summary, testId, children }: { title: string; summary: ReactNode; testId?: string; children: ReactNode }) {
  return (
    <figure className="flex min-w-0 flex-col gap-2 rounded-lg border border-slate-800 bg-slate-900 p-4" data-testid={testId}>
      <figcaption className="flex flex-wrap items-baseline justify-between gap-2">
        <span className="font-medium">{title}</span>
        <span className="text-xs text-slate-400">{summary}</span>
      </figcaption>
      {children}
    </figure>
  );
}

export function DailyChart({ points, series, kind, range, empty, unit = "" }: {
  points: TChartPoint[];
  series: TSeriesDef[];
  kind: "bars" | "lines";
  range: number;
  empty: string;
  unit?: string;
}) {
  if (series.length === 0 || isAllZero(points, series.map((s) => s.key))) return <Empty>{empty}</Empty>;
  const x = <XAxis dataKey="date" tickFormatter={(d: string) => dayLabel(d, range)} interval={tickInterval(points.length)} {...AXIS} />;
  const y = <YAxis width={56} tickFormatter={(v: number) => `${v}${unit}`} allowDecimals={unit !== ""} {...AXIS} />;
  const tooltip = <Tooltip {...TOOLTIP} formatter={(v) => `${String(v)}${unit}`} />;
  return (
    <div className="h-56 w-full">
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height: 224 }}>
        {kind === "bars" ? (
          <BarChart data={points} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#1e293b" vertical={false} />
            {x}
            {y}
            {tooltip}
            <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
            {series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.label} stackId="day" fill={s.color} isAnimationActive={false} />
            ))}
          </BarChart>
        ) : (
          <LineChart data={points} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#1e293b" vertical={false} />
            {x}
            {y}
            {tooltip}
            <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
            {series.map((s) => (
              <Line key={s.key} dataKey={s.key} name={s.label} stroke={s.color} dot={false} strokeWidth={2} type="monotone" isAnimationActive={false} />
            ))}
          </LineChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}

/** Buckets side by side (paper and live as two series): the copy report's distributions. */
export function Histogram({ buckets, series, empty }: { buckets: ({ label: string } & Record<string, number | string>)[]; series: TSeriesDef[]; empty: string }) {
  if (buckets.every((b) => series.every((s) => Number(b[s.key] ?? 0) === 0))) return <Empty>{empty}</Empty>;
  return (
    <div className="h-52 w-full">
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 500, height: 208 }}>
        <BarChart data={buckets} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#1e293b" vertical={false} />
          <XAxis dataKey="label" interval={0} angle={-30} textAnchor="end" height={48} {...AXIS} />
          <YAxis width={40} allowDecimals={false} {...AXIS} />
          <Tooltip {...TOOLTIP} />
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
          {series.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

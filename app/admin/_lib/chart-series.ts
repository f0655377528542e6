// Shapes the analytics API's answers (exact decimal strings, one point per UTC day) into what the
// charts draw (numbers, stable series keys, short axis labels). Pure: no rule lives here, only the
// conversion, so it is unit-tested apart from the components (chart-series.test.ts).
import Decimal from "decimal.js";

export const RANGES = [7, 30, 90, 365] as const;
export type TRange = (typeof RANGES)[number];

type TRawPoint = { date: string } & Record<string, number | string | undefined>;
export type TChartPoint = { date: string } & Record<string, number | string>;

/** Each `keys` field as a number (decimal strings parsed; a missing field is 0), `date` kept. */
export function toChartPoints(points: readonly TRawPoint[], keys: readonly string[]): TChartPoint[] {
  return points.map((p) => {
    const out: TChartPoint = { date: p.date };
    for (const k of keys) {
      const v = p[k];
      const n = typeof v === "number" ? v : typeof v === "string" && v !== "" ? Number(v) : 0;
      out[k] = Number.isFinite(n) ? n : 0;
    }
    return out;
  });
}

/**
 * The blocked-trades series has one field per rule that blocked something in the window: the
 * rules seen anywhere in it, most blocks first (then by name), so every day stacks in one order
 * and the legend lists the biggest cause first.
 */
export function seriesKeys(points: readonly TRawPoint[], exclude: readonly string[] = ["date", "total"]): string[] {
  const totals = new Map<string, number>();
  for (const p of points) {
    for (const [k, v] of Object.entries(p)) {
      if (exclude.includes(k)) continue;
      totals.set(k, (totals.get(k) ?? 0) + (typeof v === "number" ? v : Number(v) || 0));
    }
  }
  return [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
}

/** The exact sum of a decimal-string field over the window ("0" when empty), for the chart's caption. */
export function windowTotal(points: readonly TRawPoint[], key: string): string {
  return points.reduce((t, p) => t.plus(new Decimal(String(p[key] ?? "0") || "0")), new Decimal(0)).toFixed();
}

/** The sum of a count field over the window. */
export function windowCount(points: readonly TRawPoint[], key: string): number {
  return points.reduce((t, p) => t + (Number(p[key]) || 0), 0);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** An x-axis label for a UTC day: "5 Dec" (the year's view shows months only: "Dec"). */
export function dayLabel(date: string, range: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const month = MONTHS[Number(m[2]) - 1] ?? m[2]!;
  return range > 90 ? `${month} ${m[1]!.slice(2)}` : `${Number(m[3])} ${month}`;
}

/** How many ticks to skip between labels so that about `maxLabels` fit on the axis. */
export function tickInterval(points: number, maxLabels = 8): number {
  return points <= maxLabels ? 0 : Math.ceil(points / maxLabels) - 1;
}

/** True when every `keys` value of every point is 0 (the chart then shows its empty state). */
export function isAllZero(points: readonly TChartPoint[], keys: readonly string[]): boolean {
  return points.every((p) => keys.every((k) => Number(p[k] ?? 0) === 0));
}

/** A rule's machine name as a legend label: "max_concurrent_trades" → "Max concurrent trades". */
export function ruleLabel(rule: string): string {
  const words = rule.replace(/[_-]+/g, " ").trim().toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : rule;
}

type TBucket = { label: string; count: number };
export type TPairedBucket = { label: string; paper: number; live: number };

/**
 * The copy report's paper and live histograms as one series per bucket, matched by label — never by
 * position, so a side with a bucket the other lacks (or in another order) cannot shift the counts
 * into the wrong bars. Labels keep paper's order; a label only live has comes after the live label
 * before it (first when none), and a side without a bucket counts 0 there.
 */
export function pairBuckets(paper: readonly TBucket[], live: readonly TBucket[]): TPairedBucket[] {
  const out: TPairedBucket[] = [];
  const byLabel = new Map<string, TPairedBucket>();
  for (const b of paper) {
    const row = byLabel.get(b.label);
    if (row) row.paper += b.count;
    else {
      const fresh = { label: b.label, paper: b.count, live: 0 };
      byLabel.set(b.label, fresh);
      out.push(fresh);
    }
  }
  let after = -1; // index in `out` of the last live label placed
  for (const b of live) {
    const row = byLabel.get(b.label);
    if (row) {
      row.live += b.count;
      after = out.indexOf(row);
      continue;
    }
    const fresh = { label: b.label, paper: 0, live: b.count };
    byLabel.set(b.label, fresh);
    out.splice(after + 1, 0, fresh);
    after += 1;
  }
  return out;
}

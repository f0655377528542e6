import { describe, expect, it } from "vitest";
import { dayLabel, isAllZero, pairBuckets, ruleLabel, seriesKeys, tickInterval, toChartPoints, windowCount, windowTotal } from "./chart-series";

describe("chart series shaping", () => {
  it("turns the API's decimal strings into numbers, a missing or bad field into 0, and keeps the date", () => {
    const points = [
      { date: "2026-12-01", paper_usdt: "12.5", live_usdt: "-3.25", paper_trades: 2 },
      { date: "2026-12-02", paper_usdt: "0", live_usdt: "", paper_trades: 0 },
      { date: "2026-12-03", paper_usdt: "abc" },
    ];
    expect(toChartPoints(points, ["paper_usdt", "live_usdt"])).toEqual([
      { date: "2026-12-01", paper_usdt: 12.5, live_usdt: -3.25 },
      { date: "2026-12-02", paper_usdt: 0, live_usdt: 0 },
      { date: "2026-12-03", paper_usdt: 0, live_usdt: 0 },
    ]);
  });

  it("lists the blocked-trade rules seen anywhere in the window, most blocks first, ties by name", () => {
    const points = [
      { date: "2026-12-01", total: 3, cooldown: 1, kill_switch: 2 },
      { date: "2026-12-02", total: 0 },
      { date: "2026-12-03", total: 3, cooldown: 2, max_daily_trades: 1 },
    ];
    expect(seriesKeys(points)).toEqual(["cooldown", "kill_switch", "max_daily_trades"]);
    expect(seriesKeys([{ date: "2026-12-01", total: 2, b: 1, a: 1 }])).toEqual(["a", "b"]);
    expect(seriesKeys([{ date: "2026-12-01", total: 0 }])).toEqual([]);
  });

  it("sums a decimal field exactly over the window (no float drift) and counts", () => {
    const points = [
      { date: "a", revenue_usdt: "0.1", payments: 1 },
      { date: "b", revenue_usdt: "0.2", payments: 2 },
      { date: "c", revenue_usdt: "148.500001", payments: 0 },
    ];
    expect(windowTotal(points, "revenue_usdt")).toBe("148.800001");
    expect(windowTotal([], "revenue_usdt")).toBe("0");
    expect(windowCount(points, "payments")).toBe(3);
  });

  it("labels days short, by month over a year, and leaves a malformed date alone", () => {
    expect(dayLabel("2026-12-05", 30)).toBe("5 Dec");
    expect(dayLabel("2026-01-31", 7)).toBe("31 Jan");
    expect(dayLabel("2026-12-05", 365)).toBe("Dec 26");
    expect(dayLabel("before", 30)).toBe("before");
  });

  it("skips ticks so about eight labels fit", () => {
    expect(tickInterval(7)).toBe(0);
    expect(tickInterval(8)).toBe(0);
    expect(tickInterval(30)).toBe(3);
    expect(tickInterval(365)).toBe(45);
  });

  it("knows an all-zero window (the chart shows its empty state)", () => {
    expect(isAllZero([{ date: "a", x: 0 }, { date: "b", x: 0 }], ["x"])).toBe(true);
    expect(isAllZero([{ date: "a", x: 0 }, { date: "b", x: -1 }], ["x"])).toBe(false);
    expect(isAllZero([], ["x"])).toBe(true);
  });

  it("names a rule for the legend", () => {
    expect(ruleLabel("max_concurrent_trades")).toBe("Max concurrent trades");
    expect(ruleLabel("kill_switch")).toBe("Kill switch");
    expect(ruleLabel("")).toBe("");
  });
});

describe("copy report histograms, paper and live paired by bucket label", () => {
  const b = (label: string, count: number) => ({ label, count });

  it("pairs the same buckets side by side", () => {
    expect(pairBuckets([b("<1s", 3), b("1–5s", 1)], [b("<1s", 0), b("1–5s", 2)])).toEqual([
      { label: "<1s", paper: 3, live: 0 },
      { label: "1–5s", paper: 1, live: 2 },
    ]);
  });

  it("matches by label when the sides list their buckets in another order (never by index)", () => {
    expect(pairBuckets([b("a", 1), b("b", 2), b("c", 3)], [b("c", 30), b("a", 10), b("b", 20)])).toEqual([
      { label: "a", paper: 1, live: 10 },
      { label: "b", paper: 2, live: 20 },
      { label: "c", paper: 3, live: 30 },
    ]);
  });

  it("keeps a bucket only one side has, at its place, with 0 on the other side", () => {
    // live lacks "1–5s" and has "> 60s" that paper lacks: by index, live's 7 would land in "1–5s".
    expect(pairBuckets([b("<1s", 4), b("1–5s", 2), b("5–60s", 1)], [b("<1s", 1), b("5–60s", 0), b("> 60s", 7)])).toEqual([
      { label: "<1s", paper: 4, live: 1 },
      { label: "1–5s", paper: 2, live: 0 },
      { label: "5–60s", paper: 1, live: 0 },
      { label: "> 60s", paper: 0, live: 7 },
    ]);
    expect(pairBuckets([b("b", 1)], [b("a", 5), b("b", 2)])).toEqual([
      { label: "a", paper: 0, live: 5 },
      { label: "b", paper: 1, live: 2 },
    ]);
  });

  it("handles an empty side", () => {
    expect(pairBuckets([], [b("x", 2)])).toEqual([{ label: "x", paper: 0, live: 2 }]);
    expect(pairBuckets([b("x", 2)], [])).toEqual([{ label: "x", paper: 2, live: 0 }]);
    expect(pairBuckets([], [])).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { dayLabel, isAllZero, ruleLabel, seriesKeys, tickInterval, toChartPoints, windowCount, windowTotal } from "./chart-series";

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

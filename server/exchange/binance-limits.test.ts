import { describe, expect, it } from "vitest";
import { learnLimits, OrderBudget, orderBudget, requestWeight, SAFETY, WeightBudget, weightBudget, clearBinanceLimitsForTests } from "./binance-limits";

/** A clock that only moves when someone sleeps on it. */
function manualClock(start: number) {
  const c = {
    t: start,
    slept: [] as number[],
    now: () => c.t,
    sleep: async (ms: number) => {
      c.slept.push(ms);
      c.t += ms;
    },
  };
  return c;
}

describe("WeightBudget", () => {
  it("admits up to the safe share of the minute's weight, then waits for the next minute", async () => {
    const clock = manualClock(60_000 * 1000 + 5_000);
    const b = new WeightBudget(100, clock);
    for (let i = 0; i < 18; i++) await b.take(5); // 90 = 100 × SAFETY
    expect(clock.slept).toEqual([]);
    await b.take(5);
    expect(clock.slept).toHaveLength(1);
    expect(Math.floor(clock.t / 60_000)).toBe(1001);
    expect(b.usedThisMinute()).toBe(5);
  });

  it("believes Binance's header when it counts more than we did (another tool on the IP)", async () => {
    const clock = manualClock(60_000 * 7);
    const b = new WeightBudget(2400, clock);
    await b.take(1);
    b.observe(2300);
    expect(b.usedThisMinute()).toBe(2300);
    await b.take(1);
    expect(clock.slept).toHaveLength(1);
    expect(b.usedThisMinute()).toBe(1); // the next minute
    b.observe(3);
    b.observe(2); // a lower count never lowers ours within the minute
    expect(b.usedThisMinute()).toBe(3);
  });

  it("serves waiting callers in arrival order", async () => {
    const clock = manualClock(60_000 * 3);
    const b = new WeightBudget(10, clock);
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4].map((i) => b.take(4).then(() => order.push(i))));
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it("lets weight 0 (order placements) through without counting", async () => {
    const clock = manualClock(0);
    const b = new WeightBudget(10, clock);
    await b.take(9);
    await b.take(0);
    expect(clock.slept).toEqual([]);
  });
});

describe("OrderBudget", () => {
  it("keeps under the safe share of 10 s and of the minute, sliding", async () => {
    const clock = manualClock(1_000_000);
    const b = new OrderBudget(10, 1000, clock);
    for (let i = 0; i < 9; i++) await b.take();
    expect(clock.slept).toEqual([]);
    await b.take();
    expect(clock.t - 1_000_000).toBeGreaterThanOrEqual(10_000);
  });

  it("the minute's cap applies too", async () => {
    const clock = manualClock(0);
    const b = new OrderBudget(1000, 20, clock);
    for (let i = 0; i < 18; i++) await b.take();
    await b.take();
    expect(clock.t).toBeGreaterThanOrEqual(60_000);
  });
});

describe("limits from exchangeInfo", () => {
  it("applies the announced limits to the base URL's budgets", () => {
    clearBinanceLimitsForTests();
    const w = weightBudget("http://x");
    const o = orderBudget("http://x", "key");
    learnLimits("http://x", [
      { rateLimitType: "REQUEST_WEIGHT", interval: "MINUTE", intervalNum: 1, limit: 6000 },
      { rateLimitType: "ORDERS", interval: "SECOND", intervalNum: 10, limit: 50 },
      { rateLimitType: "ORDERS", interval: "MINUTE", intervalNum: 1, limit: 100 },
      { rateLimitType: "ORDERS", interval: "DAY", intervalNum: 1, limit: 5 },
    ]);
    expect(w.limit).toBe(6000);
    expect(o).toMatchObject({ per10s: 50, perMinute: 100 });
    expect(weightBudget("http://y").limit).toBe(2400);
    clearBinanceLimitsForTests();
  });

  it("ignores what is not a list of limits", () => {
    clearBinanceLimitsForTests();
    learnLimits("http://x", { limit: 1 });
    learnLimits("http://x", [{ rateLimitType: "REQUEST_WEIGHT", interval: "MINUTE", intervalNum: 1, limit: "lots" }]);
    expect(weightBudget("http://x").limit).toBe(2400);
    clearBinanceLimitsForTests();
  });
});

describe("requestWeight", () => {
  it("follows Binance's table: placements weigh nothing, all-symbol reads weigh more", () => {
    expect(requestWeight("POST", "/fapi/v1/order", true)).toBe(0);
    expect(requestWeight("GET", "/fapi/v1/openOrders", false)).toBe(40);
    expect(requestWeight("GET", "/fapi/v1/openOrders", true)).toBe(1);
    expect(requestWeight("GET", "/fapi/v2/positionRisk", true)).toBe(5);
    expect(requestWeight("POST", "/fapi/v1/leverage", true)).toBe(1);
    expect(SAFETY).toBeLessThan(1);
  });
});

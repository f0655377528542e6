import { describe, expect, it } from "vitest";
import { laneOf, learnLimits, OrderBudget, orderBudget, requestWeight, SAFETY, WeightBudget, weightBudget, clearBinanceLimitsForTests } from "./binance-limits";

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

describe("the protective lane", () => {
  it("classifies stops, take-profits, cancels, look-ups and the stop's mark price as protective; entries and their preparation as normal", () => {
    expect(laneOf("POST", "/fapi/v1/algoOrder", { symbol: "BTCUSDT", type: "STOP_MARKET" })).toBe("protective");
    expect(laneOf("POST", "/fapi/v1/order", { symbol: "BTCUSDT", side: "SELL", type: "LIMIT", reduceOnly: true })).toBe("protective");
    expect(laneOf("POST", "/fapi/v1/order", { symbol: "BTCUSDT", side: "SELL", type: "LIMIT", positionSide: "LONG" })).toBe("protective"); // hedge mode: closes the LONG
    expect(laneOf("DELETE", "/fapi/v1/order", { symbol: "BTCUSDT" })).toBe("protective");
    expect(laneOf("DELETE", "/fapi/v1/algoOpenOrders", { symbol: "BTCUSDT" })).toBe("protective");
    expect(laneOf("GET", "/fapi/v1/order", { symbol: "BTCUSDT" })).toBe("protective");
    expect(laneOf("GET", "/fapi/v1/algoOrder", {})).toBe("protective");
    expect(laneOf("GET", "/fapi/v1/premiumIndex", { symbol: "BTCUSDT" })).toBe("protective");
    expect(laneOf("POST", "/fapi/v1/order", { symbol: "BTCUSDT", side: "BUY", type: "MARKET" })).toBe("normal");
    expect(laneOf("POST", "/fapi/v1/order", { symbol: "BTCUSDT", side: "BUY", type: "MARKET", positionSide: "LONG" })).toBe("normal");
    expect(laneOf("GET", "/fapi/v1/symbolConfig", { symbol: "BTCUSDT" })).toBe("normal");
    expect(laneOf("POST", "/fapi/v1/leverage", { symbol: "BTCUSDT" })).toBe("normal");
    expect(laneOf("GET", "/fapi/v1/userTrades", { symbol: "BTCUSDT" })).toBe("normal");
    expect(laneOf("GET", "/fapi/v1/premiumIndex", {})).toBe("normal");
  });

  it("a stop's look-up that arrives behind a burst of entry preparation waiting for the next minute goes first", async () => {
    const clock = manualClock(60_000 * 5);
    const b = new WeightBudget(100, clock);
    await b.take(88); // 90 is the safe share: 2 left this minute
    const order: string[] = [];
    const burst = [1, 2, 3].map((i) => b.take(5).then(() => order.push(`entry-prep ${i}`)));
    const lookup = b.take(1, "protective").then(() => order.push("stop look-up"));
    await Promise.all([...burst, lookup]);
    // The look-up fitted in this minute's remainder at once; the burst waited for the next minute.
    expect(order).toEqual(["stop look-up", "entry-prep 1", "entry-prep 2", "entry-prep 3"]);
    expect(clock.slept).toHaveLength(1);
  });

  it("when neither fits, the protective call waiting is admitted before normal calls that arrived earlier", async () => {
    const clock = manualClock(60_000 * 9);
    const b = new WeightBudget(100, clock);
    await b.take(90);
    const order: string[] = [];
    const normal = [1, 2].map((i) => b.take(40).then(() => order.push(`normal ${i}`)));
    const cancel = b.take(1, "protective").then(() => order.push("cancel"));
    await Promise.all([...normal, cancel]);
    expect(order).toEqual(["cancel", "normal 1", "normal 2"]);
  });

  it("an account's protective orders are placed before its entries waiting for room in the 10 s window", async () => {
    const clock = manualClock(1_000_000);
    const b = new OrderBudget(10, 1200, clock);
    for (let i = 0; i < 9; i++) await b.take(); // 9 = 10 × SAFETY
    const order: string[] = [];
    const entries = [1, 2].map((i) => b.take().then(() => order.push(`entry ${i}`)));
    const stop = b.take("protective").then(() => order.push("stop"));
    await Promise.all([...entries, stop]);
    expect(order).toEqual(["stop", "entry 1", "entry 2"]);
  });
});

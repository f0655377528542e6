import { describe, expect, it } from "vitest";
import { trailedStop, trailOnPrice, trailStep } from "./trailing-stop";

describe("trailedStop", () => {
  it("is pct behind the best price, rounded away from it to 8 significant digits", () => {
    expect(trailedStop("LONG", "121", "1")).toBe("119.79");
    expect(trailedStop("SHORT", "85", "2")).toBe("86.7");
    // 0.123456789 × 0.9875 = 0.1219135791375 → down; × 1.0125 = 0.1249999988625 → up
    expect(trailedStop("LONG", "0.123456789", "1.25")).toBe("0.12191357");
    expect(trailedStop("SHORT", "0.123456789", "1.25")).toBe("0.125");
    expect(trailedStop("LONG", "0.000001234567891", "1")).toBe("0.000001222222");
  });
});

describe("trailOnPrice", () => {
  const t = { direction: "LONG" as const, pct: "1", extreme: "121", stop: "119.79" };
  it("moves the stop only by at least the step (a tenth of the distance)", () => {
    expect(trailStep("121.1", "1").toFixed()).toBe("0.1211");
    expect(trailOnPrice(t, "121.1")).toEqual({ extreme: "121.1", stop: null });
    expect(trailOnPrice(t, "121.13")).toEqual({ extreme: "121.13", stop: "119.9187" });
  });
  it("never moves backwards, and places a stop when there is none", () => {
    expect(trailOnPrice(t, "100")).toEqual({ extreme: "121", stop: null });
    expect(trailOnPrice({ ...t, stop: "125" }, "130")).toEqual({ extreme: "130", stop: "128.7" });
    expect(trailOnPrice({ ...t, stop: "129" }, "130")).toEqual({ extreme: "130", stop: null });
    expect(trailOnPrice({ ...t, extreme: null, stop: null }, "50")).toEqual({ extreme: "50", stop: "49.5" });
  });
});

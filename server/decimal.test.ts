import { describe, expect, it } from "vitest";
import { dec, floorToStep, money, roundToTick } from "./decimal";

describe("exchange rounding", () => {
  it("amounts round DOWN to the step, keeping the step's places", () => {
    expect(floorToStep("0.0129", "0.001")).toBe("0.012");
    expect(floorToStep("0.0120", "0.001")).toBe("0.012");
    expect(floorToStep("166.99", "1")).toBe("166");
    expect(floorToStep("0.0009", "0.001")).toBe("0.000");
    expect(floorToStep("12.35", "0.05")).toBe("12.35");
    expect(floorToStep("12.39", "0.05")).toBe("12.35");
  });

  it("prices round to the nearest tick", () => {
    expect(roundToTick("60000.07", "0.1")).toBe("60000.1");
    expect(roundToTick("60000.04", "0.10")).toBe("60000.0");
    expect(roundToTick("0.1500049", "0.00001")).toBe("0.15000");
    expect(roundToTick("0.150005", "0.00001")).toBe("0.15001");
  });

  it("is exact where floats are not", () => {
    expect(money(dec("0.1").add("0.2"))).toBe("0.3");
    expect(floorToStep(dec("0.3").div("0.1"), "1")).toBe("3");
  });

  it("reads Prisma-style exponent notation and refuses junk", () => {
    expect(dec("1e-7").toFixed()).toBe("0.0000001");
    expect(() => dec("")).toThrow();
    expect(() => dec("NaN")).toThrow();
    expect(() => dec("1,5")).toThrow();
  });

  it("hands out one parsed value per string, and results never change it", () => {
    const a = dec("110.5");
    expect(a.add("1").toFixed()).toBe("111.5");
    expect(dec("110.5")).toBe(a);
    expect(a.toFixed()).toBe("110.5");
    // Junk is refused every time, not remembered.
    expect(() => dec("1e99999999999999999")).toThrow();
    expect(() => dec("1e99999999999999999")).toThrow();
    for (let i = 0; i < 10_050; i++) dec(String(i));
    expect(dec("110.5").toFixed()).toBe("110.5");
  });
});

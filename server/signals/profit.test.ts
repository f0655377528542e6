import { describe, expect, it } from "vitest";
import { movePct, realizedPct, targetShares } from "./profit";

const apt = { direction: "LONG" as const, entryLow: "4.812", entryHigh: "4.812", targets: ["4.836", "4.860", "4.884", "4.908", "4.932"], stopLoss: "4.731", leverage: 12 };

describe("signal profit %", () => {
  it("is the price move times leverage (the channel's convention)", () => {
    // (4.884 − 4.812) / 4.812 × 100 × 12 = 17.955…
    expect(movePct(apt, "4.884").toFixed(4)).toBe("17.9551");
    expect(movePct({ ...apt, direction: "SHORT" }, "4.884").toFixed(4)).toBe("-17.9551");
  });

  it("splits the position evenly with the remainder on the last target, summing to exactly 1", () => {
    const shares = targetShares(3);
    expect(shares.reduce((a, s) => a.plus(s)).toString()).toBe("1");
    expect(shares[0]!.toString()).toBe("0.333333333333");
  });

  it("weights each hit target by its share and closes the rest at the exit", () => {
    const allTp = realizedPct(apt, 5);
    const expected = ["4.836", "4.860", "4.884", "4.908", "4.932"].map((t) => movePct(apt, t).div(5)).reduce((a, b) => a.plus(b));
    expect(allTp.toFixed(4)).toBe(expected.toFixed(4));
    const slAfterTwo = realizedPct(apt, 2, apt.stopLoss);
    expect(slAfterTwo.toNumber()).toBeCloseTo((movePct(apt, "4.836").toNumber() + movePct(apt, "4.860").toNumber() + 3 * movePct(apt, "4.731").toNumber()) / 5, 3);
    expect(realizedPct(apt, 0, apt.stopLoss).toFixed(4)).toBe(movePct(apt, "4.731").toFixed(4));
    expect(realizedPct(apt, 0).toString()).toBe("0");
  });
});

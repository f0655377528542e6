import { describe, expect, it } from "vitest";
import { mapPool } from "./map-pool";

describe("mapPool", () => {
  it("keeps at most `limit` calls in flight and starts the next as soon as one ends", async () => {
    let inFlight = 0;
    let peak = 0;
    const started: number[] = [];
    const delays = [50, 5, 5, 5, 5];
    const out = await mapPool(delays, 2, async (ms, i) => {
      started.push(i);
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, ms));
      inFlight -= 1;
      return i * 10;
    });
    expect(out).toEqual([0, 10, 20, 30, 40]);
    expect(peak).toBe(2);
    // Items 2..4 ran beside the slow item 0 instead of waiting for it (a batch of 2 would have).
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it("handles no items", async () => {
    expect(await mapPool([], 3, async () => 1)).toEqual([]);
  });
});

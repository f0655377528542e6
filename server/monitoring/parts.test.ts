import { describe, expect, it } from "vitest";
import { formatDuration } from "./parts";

describe("formatDuration (the recovery message's downtime)", () => {
  it.each([
    [0, "0 s"],
    [44_600, "45 s"],
    [60_000, "1 min"],
    [4 * 60_000, "4 min"],
    [60 * 60_000, "1 h"],
    [65 * 60_000, "1 h 5 min"],
    [24 * 3_600_000, "1 d"],
    [51 * 3_600_000, "2 d 3 h"],
    [-5, "0 s"],
  ])("%i ms → %s", (ms, text) => expect(formatDuration(ms)).toBe(text));
});

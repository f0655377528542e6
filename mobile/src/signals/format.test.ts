import { eventLabel, formatCountdown, formatPct, statusLabel } from "./format";

describe("formatting", () => {
  const now = Date.parse("2026-12-04T12:00:00Z");
  it("counts down to an unlock", () => {
    expect(formatCountdown("2026-12-04T12:00:30Z", now)).toBe("in less than a minute");
    expect(formatCountdown("2026-12-04T12:12:00Z", now)).toBe("in 12 min");
    expect(formatCountdown("2026-12-04T13:05:00Z", now)).toBe("in 1 h 5 min");
    expect(formatCountdown("2026-12-04T14:00:00Z", now)).toBe("in 2 h");
    expect(formatCountdown("2026-12-04T11:59:00Z", now)).toBeNull();
  });
  it("signs percentages and tolerates bad input", () => {
    expect(formatPct("7.2993")).toBe("+7.30%");
    expect(formatPct("-3.1")).toBe("-3.10%");
    expect(formatPct("0")).toBe("0.00%");
    expect(formatPct("abc")).toBe("—");
  });
  it("names statuses and events", () => {
    expect(statusLabel({ status: "TP_PARTIAL", targets_hit: 2, targets_count: 5 })).toBe("TP 2/5 hit");
    expect(statusLabel({ status: "HIT_SL", targets_hit: 0, targets_count: 5 })).toBe("Stopped out");
    expect(eventLabel({ type: "TP_HIT", target: 3 })).toBe("Target 3 reached");
    expect(eventLabel({ type: "ALL_TP", target: null })).toBe("All targets reached");
    expect(eventLabel({ type: "SOMETHING_NEW", target: null })).toBe("SOMETHING_NEW");
  });
});

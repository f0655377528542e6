import { describe, expect, it } from "vitest";
import { lastChangeBy } from "./safety";

describe("lastChangeBy", () => {
  it("names an admin, the circuit breaker (it always records why) or nobody (the row as set up)", () => {
    expect(lastChangeBy({ changedById: 7, reason: null })).toBe("admin");
    expect(lastChangeBy({ changedById: 7, reason: "maintenance" })).toBe("admin");
    expect(lastChangeBy({ changedById: null, reason: "24 h system drawdown 12% reached the 10% limit" })).toBe("circuit_breaker");
    expect(lastChangeBy({ changedById: null, reason: null })).toBe("never");
  });
});

// Which day POST /api/reports/daily builds: one rule, in server/reports, not in the route.
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { requestedReportDay } from "./daily-report";

describe("requestedReportDay", () => {
  it("the body's date wins over ?date=", () => {
    expect(requestedReportDay({ body: { date: "2026-11-30" }, queryDate: "2026-11-01" })).toBe("2026-11-30");
  });

  it("?date= when the body names no day (absent, or an object without date)", () => {
    expect(requestedReportDay({ queryDate: "2026-11-01" })).toBe("2026-11-01");
    expect(requestedReportDay({ body: {}, queryDate: "2026-11-01" })).toBe("2026-11-01");
  });

  it("neither: no day, which generateDailyReport takes as yesterday", () => {
    expect(requestedReportDay({})).toBeUndefined();
    expect(requestedReportDay({ body: {}, queryDate: null })).toBeUndefined();
    expect(requestedReportDay({ queryDate: "" })).toBeUndefined();
  });

  it("a malformed date or a body that is not an object is refused, naming the field", () => {
    for (const request of [{ body: { date: "yesterday" } }, { queryDate: "2026-13-01" }, { body: [] }, { body: { date: 20260101 } }, { body: { day: "2026-11-30" } }]) {
      expect(() => requestedReportDay(request)).toThrow(ZodError);
    }
    try {
      requestedReportDay({ queryDate: "nope" });
    } catch (err) {
      expect((err as ZodError).issues[0]?.path).toEqual(["date"]);
    }
  });
});

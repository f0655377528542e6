import { describe, expect, it } from "vitest";
import { LATENCY_LABELS, shapeCopyReport, skipReasonOf, SLIPPAGE_LABELS, type TCopyRow } from "./copy-report-shape";

const row = (over: Partial<TCopyRow>): TCopyRow => ({
  part: "outcome",
  mode: "paper",
  status: null,
  code: null,
  rule: null,
  bucket: null,
  n: 1n,
  tp_filled: null,
  pnl: null,
  latency_p50: null,
  latency_p95: null,
  latency_max: null,
  slippage_p50: null,
  slippage_p95: null,
  slippage_avg: null,
  ...over,
});

describe("copy report shape", () => {
  it("maps failure codes to the operator's reasons", () => {
    expect(["RISK_BLOCKED", "STALE_SIGNAL", "SIZE_REFUSED", "EXCHANGE_ERROR", "UNKNOWN_MARKET", "ENTRY_UNCONFIRMED", null].map(skipReasonOf)).toEqual([
      "risk_rule",
      "stale_price",
      "size_too_small",
      "exchange_error",
      "exchange_error",
      "other",
      "other",
    ]);
  });

  it("labels one bucket more than bounds, open at both ends", () => {
    expect(LATENCY_LABELS).toEqual(["< 250 ms", "250–500 ms", "0.5–1 s", "1–2 s", "2–5 s", "5–10 s", "10–30 s", "30–60 s", "≥ 60 s"]);
    expect(SLIPPAGE_LABELS[0]).toBe("< -0.5");
    expect(SLIPPAGE_LABELS[5]).toBe("-0.01…0.01");
    expect(SLIPPAGE_LABELS.at(-1)).toBe("≥ 0.5");
  });

  it("adds P&L exactly, keeps modes apart, counts risk rules, and rounds the stats", () => {
    const r = shapeCopyReport([
      row({ status: "OPEN", n: 2n, tp_filled: 1n, pnl: "0.1" }),
      row({ status: "CLOSED", n: 1n, tp_filled: 1n, pnl: "0.2" }),
      row({ status: "FAILED", code: "RISK_BLOCKED", rule: "cooldown", n: 3n }),
      row({ status: "FAILED", code: "RISK_BLOCKED", rule: null, n: 1n }),
      row({ mode: "live", status: "FAILED", code: "EXCHANGE_ERROR", n: 1n }),
      row({ part: "latency", bucket: 2, n: 3n }),
      row({ part: "slippage", bucket: 10, n: 3n }),
      row({ part: "stats", latency_p50: 612.5, latency_p95: 980.2, latency_max: 1000, slippage_p50: "0.512345678", slippage_p95: "0.6", slippage_avg: "0.55555555" }),
    ]);
    expect(r.paper).toMatchObject({ opened: 3, open_now: 2, closed: 1, tp_filled: 2, realized_pnl_usdt: "0.3", skipped: 4, risk_rules: { cooldown: 3, unknown: 1 } });
    expect(r.paper.latency_ms).toMatchObject({ count: 3, p50: 613, p95: 980, max: 1000 });
    expect(r.paper.latency_ms.histogram[2]).toEqual({ label: "0.5–1 s", count: 3 });
    expect(r.paper.slippage_pct).toMatchObject({ count: 3, p50: "0.5123", p95: "0.6", avg: "0.5556" });
    expect(r.live).toMatchObject({ opened: 0, skipped: 1, skipped_by_reason: { exchange_error: 1 } });
  });
});

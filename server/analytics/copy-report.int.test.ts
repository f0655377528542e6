// The copy report of one signal, on a real PostgreSQL: copies written as the trading core writes
// them (OPEN / CLOSED positions with their receipt, FAILED ones with a failure code, the risk event
// naming the rule), read back paper and live apart.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { toAppError } from "@/server/errors";
import { createUser } from "@/test/helpers/factories";
import { insertPosition } from "@/test/helpers/positions";
import { uniqueSymbol } from "@/test/helpers/signals";
import { getCopyReport } from "./copy-report";

async function signal() {
  return db().signal.create({ data: { symbol: uniqueSymbol(), direction: "LONG", entryLow: "100", entryHigh: "100", targets: ["110", "120"], stopLoss: "90", source: "ADMIN" } });
}

async function copy(signalId: string, over: Parameters<typeof insertPosition>[1]) {
  const { user } = await createUser({ plan: "PREMIUM" });
  return { userId: user.id, position: await insertPosition(user.id, { signalId, ...over }) };
}

describe("copy report", () => {
  it("counts opened and skipped copies by reason, names the risk rule, and spreads latency and slippage — paper and live apart", async () => {
    const s = await signal();
    const other = await signal();
    await copy(s.id, { entryLatencyMs: 120, slippagePct: "0", realizedPnl: "0" });
    await copy(s.id, { entryLatencyMs: 800, slippagePct: "0.03", targetsHit: 1, realizedPnl: "1.25", remainingQty: "0.025" });
    await copy(s.id, { status: "CLOSED", entryLatencyMs: 1500, slippagePct: "0.12", targetsHit: 2, realizedPnl: "2.5", closedAt: new Date() });
    await copy(s.id, { mode: "BINANCE_TESTNET", entryLatencyMs: 70_000, slippagePct: "-0.3", realizedPnl: "-0.75" });
    await copy(s.id, { status: "FAILED", failureCode: "STALE_SIGNAL", qty: "0", remainingQty: "0" });
    await copy(s.id, { status: "FAILED", failureCode: "SIZE_REFUSED", qty: "0", remainingQty: "0" });
    await copy(s.id, { status: "FAILED", failureCode: "UNKNOWN_MARKET", qty: "0", remainingQty: "0" });
    await copy(s.id, { status: "FAILED", failureCode: "ENTRY_UNCONFIRMED", mode: "BINANCE_MAINNET", qty: "0", remainingQty: "0" });
    await copy(s.id, { status: "FAILED", failureCode: "EXCHANGE_ERROR", mode: "BINANCE_MAINNET", qty: "0", remainingQty: "0" });
    const blocked = await copy(s.id, { status: "FAILED", failureCode: "RISK_BLOCKED", qty: "0", remainingQty: "0" });
    // The rule of this signal's block, not of another signal's block of the same user.
    await db().riskEvent.create({ data: { userId: blocked.userId, kind: "USER_BLOCKED", rule: "max_concurrent_trades", reason: "5 open", details: { signal_id: s.id } } });
    await db().riskEvent.create({ data: { userId: blocked.userId, kind: "USER_BLOCKED", rule: "cooldown", reason: "cooling", details: { signal_id: other.id } } });
    const killed = await copy(s.id, { status: "FAILED", failureCode: "RISK_BLOCKED", qty: "0", remainingQty: "0" });
    await db().riskEvent.create({ data: { userId: killed.userId, kind: "GLOBAL_BLOCKED", rule: "kill_switch", reason: "halted", details: { signal_id: s.id } } });
    await copy(other.id, { entryLatencyMs: 10 });

    const r = await getCopyReport(s.id);
    expect(r.signal_id).toBe(s.id);
    expect(r.paper).toMatchObject({
      opened: 3,
      open_now: 2,
      closed: 1,
      tp_filled: 2,
      realized_pnl_usdt: "3.75",
      skipped: 5,
      skipped_by_reason: { risk_rule: 2, stale_price: 1, size_too_small: 1, exchange_error: 1, other: 0 },
      risk_rules: { max_concurrent_trades: 1, kill_switch: 1 },
      failure_codes: { RISK_BLOCKED: 2, STALE_SIGNAL: 1, SIZE_REFUSED: 1, UNKNOWN_MARKET: 1 },
    });
    expect(r.paper.latency_ms).toMatchObject({ count: 3, p50: 800, max: 1500 });
    expect(r.paper.latency_ms.histogram.map((b) => b.count)).toEqual([1, 0, 1, 1, 0, 0, 0, 0, 0]);
    expect(r.paper.latency_ms.histogram[0]!.label).toBe("< 250 ms");
    expect(r.paper.slippage_pct).toMatchObject({ count: 3, p50: "0.03", avg: "0.05" });
    // Buckets: < -0.5, -0.5…-0.2, …, -0.01…0.01 (index 5), 0.01…0.05, 0.05…0.1, 0.1…0.2, …
    expect(r.paper.slippage_pct.histogram.map((b) => b.count)).toEqual([0, 0, 0, 0, 0, 1, 1, 0, 1, 0, 0]);

    expect(r.live).toMatchObject({
      opened: 1,
      open_now: 1,
      realized_pnl_usdt: "-0.75",
      skipped: 2,
      skipped_by_reason: { risk_rule: 0, stale_price: 0, size_too_small: 0, exchange_error: 1, other: 1 },
      failure_codes: { ENTRY_UNCONFIRMED: 1, EXCHANGE_ERROR: 1 },
    });
    expect(r.live.latency_ms).toMatchObject({ count: 1, p50: 70_000, p95: 70_000 });
    expect(r.live.latency_ms.histogram.at(-1)).toEqual({ label: "≥ 60 s", count: 1 });
    expect(r.live.slippage_pct.histogram[1]).toEqual({ label: "-0.5…-0.2", count: 1 });
  });

  it("answers an empty report for a signal nobody copied, and NOT_FOUND for an unknown signal", async () => {
    const s = await signal();
    const r = await getCopyReport(s.id);
    expect(r.paper).toMatchObject({ opened: 0, skipped: 0, realized_pnl_usdt: "0", latency_ms: { count: 0, p50: null }, slippage_pct: { count: 0, avg: null } });
    expect(r.live.opened).toBe(0);
    const err = await getCopyReport("00000000-0000-4000-8000-000000000000").catch((e: unknown) => toAppError(e));
    expect(err).toMatchObject({ code: "NOT_FOUND" });
  });
});

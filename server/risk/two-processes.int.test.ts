// SPEC §7 "limits hold under parallel fan-out … also with two app processes": two separate Node
// processes (test/workers/open-copies.ts) open copies of 10 signals each for the same users at the
// same instant against the same PostgreSQL database. Only the per-user advisory lock in PostgreSQL
// stands between them — no process-local mutex can help here. The workers connect to DATABASE_URL:
// the PostgreSQL server, or the socket the test setup serves the embedded PGlite on (one session
// there, so the processes take turns: the race itself is only exercised on a server).
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { uniqueSymbol } from "@/test/helpers/signals";
import { createTrader, long100, storeSignal } from "@/test/helpers/trading";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

async function worker(startAt: number, signals: { symbol: string; id: string }[]) {
  const args = ["--import", "tsx", "test/workers/open-copies.ts", String(startAt), "100", ...signals.map((s) => `${s.symbol}=${s.id}`)];
  const { stdout } = await run(process.execPath, args, { cwd: ROOT, env: process.env, timeout: 60_000 });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as { opened: number; failed: number };
}

describe("two app processes fan out at once (PostgreSQL advisory locks)", () => {
  it("20 signals split over two processes never let users past max_concurrent_trades, per_symbol_limit or max_daily_trades", async () => {
    const concurrent = await createTrader({ autoTradeEnabled: true });
    const daily = await createTrader({ autoTradeEnabled: true });
    await db().user.update({ where: { id: concurrent.id }, data: { maxConcurrentTrades: 3, maxDailyTrades: 50, perSymbolLimit: 50 } });
    await db().user.update({ where: { id: daily.id }, data: { maxConcurrentTrades: 50, maxDailyTrades: 4, perSymbolLimit: 50 } });
    try {
      const signals = await Promise.all(Array.from({ length: 20 }, async () => {
        const symbol = uniqueSymbol();
        return { symbol, id: (await storeSignal(long100(symbol))).id };
      }));
      // Both processes load and prepare first, then start opening at the same instant.
      const startAt = Date.now() + 4_000;
      const [a, b] = await Promise.all([worker(startAt, signals.slice(0, 10)), worker(startAt, signals.slice(10))]);
      expect(a.opened + b.opened).toBe(3 + 4);
      expect(a.failed + b.failed).toBe(17 + 16);
      const open = (userId: number) => db().position.count({ where: { userId, status: "OPEN" } });
      expect(await open(concurrent.id)).toBe(3);
      expect(await open(daily.id)).toBe(4);
      expect(await db().riskEvent.count({ where: { userId: concurrent.id, kind: "USER_BLOCKED", rule: "max_concurrent_trades" } })).toBe(17);
      expect(await db().riskEvent.count({ where: { userId: daily.id, kind: "USER_BLOCKED", rule: "max_daily_trades" } })).toBe(16);
    } finally {
      await db().user.updateMany({ where: { id: { in: [concurrent.id, daily.id] } }, data: { autoTradeEnabled: false } });
    }
  });

  it("one symbol in both processes: per_symbol_limit 2 holds", async () => {
    const u = await createTrader({ autoTradeEnabled: true });
    await db().user.update({ where: { id: u.id }, data: { maxConcurrentTrades: 50, maxDailyTrades: 50, perSymbolLimit: 2 } });
    try {
      const symbol = uniqueSymbol();
      const signals = await Promise.all(Array.from({ length: 12 }, async () => ({ symbol, id: (await storeSignal(long100(symbol))).id })));
      const startAt = Date.now() + 4_000;
      const [a, b] = await Promise.all([worker(startAt, signals.slice(0, 6)), worker(startAt, signals.slice(6))]);
      expect(a.opened + b.opened).toBe(2);
      expect(await db().position.count({ where: { userId: u.id, status: "OPEN", symbol } })).toBe(2);
    } finally {
      await db().user.update({ where: { id: u.id }, data: { autoTradeEnabled: false } });
    }
  });
});

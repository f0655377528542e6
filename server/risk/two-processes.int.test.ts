// SPEC §7 "limits hold under parallel fan-out … also with two app processes": two separate Node
// processes (test/workers/open-copies.ts) open copies of 10 signals each for the same users at the
// same instant against the same PostgreSQL database. Only the per-user advisory lock in PostgreSQL
// stands between them — no process-local mutex can help here. The workers connect to DATABASE_URL:
// the PostgreSQL server, or the socket the test setup serves the embedded PGlite on (one session
// there, so the processes take turns: the race itself is only exercised on a server).
import { fork } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { uniqueSymbol } from "@/test/helpers/signals";
import { createTrader, long100, storeSignal } from "@/test/helpers/trading";

const ROOT = path.resolve(import.meta.dirname, "../..");
// Two Node processes compile the server with tsx before they race: slow on a busy machine, and
// not what is measured, so the tests get room for it.
const TWO_PROCESSES_MS = 180_000;

type TOutcome = { opened: number; failed: number };

/** Starts a worker; `ready` resolves once it has prepared its signals, `go()` lets it open them. */
function worker(signals: { symbol: string; id: string }[]) {
  const child = fork("test/workers/open-copies.ts", ["100", ...signals.map((s) => `${s.symbol}=${s.id}`)], {
    cwd: ROOT,
    env: process.env,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`open-copies worker exited (${code}) before answering`))));
  const message = <T>(pick: (m: any) => T | undefined) =>
    Promise.race([
      new Promise<T>((resolve) => {
        const on = (m: unknown) => {
          const v = pick(m);
          if (v === undefined) return;
          child.off("message", on);
          resolve(v);
        };
        child.on("message", on);
      }),
      exited,
    ]);
  return {
    ready: message((m) => (m?.ready === true ? true : undefined)),
    outcome: message<TOutcome>((m) => (typeof m?.opened === "number" ? (m as TOutcome) : undefined)),
    go: () => child.send("go"),
  };
}

/** Both workers prepare, then open at the same moment; returns their outcomes. */
async function race(first: { symbol: string; id: string }[], second: { symbol: string; id: string }[]): Promise<[TOutcome, TOutcome]> {
  const [a, b] = [worker(first), worker(second)];
  await Promise.all([a.ready, b.ready]);
  a.go();
  b.go();
  return Promise.all([a.outcome, b.outcome]);
}

/** n signals, stored one after another (their storing is set-up, not the race under test). */
async function storeSignals(n: number, symbol?: string) {
  const stored: { symbol: string; id: string }[] = [];
  for (let i = 0; i < n; i++) {
    const s = symbol ?? uniqueSymbol();
    stored.push({ symbol: s, id: (await storeSignal(long100(s))).id });
  }
  return stored;
}

describe("two app processes fan out at once (PostgreSQL advisory locks)", () => {
  it("20 signals split over two processes never let users past max_concurrent_trades, per_symbol_limit or max_daily_trades", async () => {
    const concurrent = await createTrader({ autoTradeEnabled: true });
    const daily = await createTrader({ autoTradeEnabled: true });
    await db().user.update({ where: { id: concurrent.id }, data: { maxConcurrentTrades: 3, maxDailyTrades: 50, perSymbolLimit: 50 } });
    await db().user.update({ where: { id: daily.id }, data: { maxConcurrentTrades: 50, maxDailyTrades: 4, perSymbolLimit: 50 } });
    try {
      const signals = await storeSignals(20);
      const [a, b] = await race(signals.slice(0, 10), signals.slice(10));
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
  }, TWO_PROCESSES_MS);

  it("one symbol in both processes: per_symbol_limit 2 holds", async () => {
    const u = await createTrader({ autoTradeEnabled: true });
    await db().user.update({ where: { id: u.id }, data: { maxConcurrentTrades: 50, maxDailyTrades: 50, perSymbolLimit: 2 } });
    try {
      const symbol = uniqueSymbol();
      const signals = await storeSignals(12, symbol);
      const [a, b] = await race(signals.slice(0, 6), signals.slice(6));
      expect(a.opened + b.opened).toBe(2);
      expect(await db().position.count({ where: { userId: u.id, status: "OPEN", symbol } })).toBe(2);
    } finally {
      await db().user.update({ where: { id: u.id }, data: { autoTradeEnabled: false } });
    }
  }, TWO_PROCESSES_MS);
});

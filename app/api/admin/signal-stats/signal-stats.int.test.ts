// GET /api/admin/signal-stats: win rate and average profit computed from the outcomes stored on
// the signals (overall, per symbol, per UTC day), admin only.
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createSignal } from "@/server/signals/create-signal";
import { recordSignalEvent, type TSignalEventInput } from "@/server/signals/record-event";
import { ZSignalInput } from "@/server/signals/schemas";
import { createAdmin, createUser } from "@/test/helpers/factories";
import { call, expectError } from "@/test/helpers/http";
import { longSignal, recordJobEvents, uniqueSymbol } from "@/test/helpers/signals";
import { GET } from "./route";

beforeEach(() => void recordJobEvents());

const stats = (token: string | undefined, query = "") => call(GET, { token, path: `/api/admin/signal-stats${query}` });

/** Entry 100, targets 101…104, stop 98, leverage 5: quarters of +5/+10/+15/+20 %, stop −10 %. */
async function signalWith(symbol: string, events: Omit<TSignalEventInput, "signalId">[]): Promise<string> {
  const draft = ZSignalInput.parse(longSignal(symbol, { targets: [101, 102, 103, 104], stop_loss: 98, leverage: 5 }));
  const { signal } = await createSignal(draft, "ADMIN");
  for (const e of events) await recordSignalEvent({ signalId: signal.id, ...e });
  return signal.id;
}

/** Five signals: a win (+12.5), a loss (−10), a small win (+1.25), a breakeven (0) and one still open. */
async function seed(symbol: string): Promise<string[]> {
  return [
    await signalWith(symbol, [{ type: "ALL_TP", target: null, price: null }]),
    await signalWith(symbol, [{ type: "SL_HIT", target: null, price: null }]),
    await signalWith(symbol, [
      { type: "TP_HIT", target: 1, price: null },
      { type: "CANCELLED", target: null, price: null },
    ]),
    await signalWith(symbol, [{ type: "CANCELLED", target: null, price: null }]),
    await signalWith(symbol, [{ type: "TP_HIT", target: 1, price: null }]),
  ];
}

const expectedFigures = {
  signals: 5,
  open: 1,
  closed: 4,
  wins: 2,
  losses: 1,
  win_rate_pct: "50.00",
  // (12.5 − 10 + 1.25 + 0) / 4 = 0.9375
  avg_profit_pct: "0.94",
  total_profit_pct: "3.75",
};

describe("GET /api/admin/signal-stats", () => {
  it("answers 401 without a token and 403 for a non-admin", async () => {
    expectError(await stats(undefined), 401);
    const { token } = await createUser({ plan: "PREMIUM" });
    expectError(await stats(token), 403, "forbidden");
  });

  it("computes win rate and average profit per symbol from the stored outcomes", async () => {
    const { token } = await createAdmin();
    const symbol = uniqueSymbol();
    await seed(symbol);
    const res = await stats(token);
    expect(res.status).toBe(200);
    expect(res.body.days).toBe(30);
    const mine = res.body.per_symbol.find((r: { symbol: string }) => r.symbol === symbol);
    expect(mine).toEqual({ symbol, ...expectedFigures });
    expect(res.body.overall.signals).toBeGreaterThanOrEqual(5);
    expect(res.body.overall.closed + res.body.overall.open).toBe(res.body.overall.signals);
  });

  it("answers the operator's fields at the top level: total_signals, wins, losses, win_rate, average_profit", async () => {
    const { token } = await createAdmin();
    const before = (await stats(token)).body;
    await seed(uniqueSymbol());
    const after = (await stats(token)).body;
    // Other files may share the database: the five signals above change the totals by exactly this much.
    expect(after.total_signals - before.total_signals).toBe(5);
    expect(after.wins - before.wins).toBe(2);
    expect(after.losses - before.losses).toBe(1);
    // The operator's figures are the overall ones, as numbers (percent, 2 decimals).
    expect(after.total_signals).toBe(after.overall.signals);
    expect([after.wins, after.losses]).toEqual([after.overall.wins, after.overall.losses]);
    expect(after.win_rate).toBe(Number(after.overall.win_rate_pct));
    expect(after.average_profit).toBe(Number(after.overall.avg_profit_pct));
    expect(after.win_rate).toBeCloseTo((after.overall.wins / after.overall.closed) * 100, 2);
  });

  it("follows later events: a signal's outcome is kept current", async () => {
    const { token } = await createAdmin();
    const symbol = uniqueSymbol();
    const id = await signalWith(symbol, [{ type: "TP_HIT", target: 1, price: null }]);
    const open = (await stats(token)).body.per_symbol.find((r: { symbol: string }) => r.symbol === symbol);
    expect(open).toMatchObject({ signals: 1, open: 1, closed: 0, win_rate_pct: null, avg_profit_pct: null, total_profit_pct: "0.00" });
    await recordSignalEvent({ signalId: id, type: "SL_HIT", target: null, price: null });
    const closed = (await stats(token)).body.per_symbol.find((r: { symbol: string }) => r.symbol === symbol);
    // ¼·5 + ¾·(−10) = −6.25
    expect(closed).toMatchObject({ signals: 1, open: 0, closed: 1, wins: 0, losses: 1, win_rate_pct: "0.00", avg_profit_pct: "-6.25" });
  });

  it("groups by UTC day and leaves out what is older than `days`", async () => {
    const { token } = await createAdmin();
    const symbol = uniqueSymbol();
    const ids = await seed(symbol);
    // Move them to one day 200 days ago, where no other test puts signals.
    const day = new Date(Date.now() - 200 * 86_400_000);
    day.setUTCHours(12, 0, 0, 0);
    await db().signal.updateMany({ where: { id: { in: ids } }, data: { createdAt: day } });

    const year = await stats(token, "?days=365");
    expect(year.body.days).toBe(365);
    const dayKey = day.toISOString().slice(0, 10);
    expect(year.body.per_day.find((r: { day: string }) => r.day === dayKey)).toEqual({ day: dayKey, ...expectedFigures });
    expect(year.body.per_symbol.find((r: { symbol: string }) => r.symbol === symbol)).toEqual({ symbol, ...expectedFigures });
    const days: string[] = year.body.per_day.map((r: { day: string }) => r.day);
    expect(days).toEqual([...days].sort());

    const month = await stats(token, "?days=30");
    expect(month.body.per_symbol.some((r: { symbol: string }) => r.symbol === symbol)).toBe(false);
    expect(month.body.per_day.some((r: { day: string }) => r.day === dayKey)).toBe(false);
    expect(new Date(month.body.since).getTime()).toBeGreaterThan(day.getTime());
  });

  it.each(["0", "366", "-1", "abc", "1.5", ""])("answers 400 naming days for days=%j", async (days) => {
    const { token } = await createAdmin();
    const res = await stats(token, `?days=${days}`);
    expect(expectError(res, 400, "invalid_input").field).toBe("days");
  });
});

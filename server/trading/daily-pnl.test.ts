import { describe, expect, it } from "vitest";
import { addTradesToDay, EMPTY_DAY, groupByUserDay, type TDailyPnl, type TDayTrade } from "./daily-pnl";

const T0 = Date.parse("2026-03-10T08:00:00.000Z");
/** Trades closed one minute apart, 0.1 USDT fees each, capital 100 (so USDT = %). */
const trades = (...pnls: string[]): TDayTrade[] => pnls.map((pnl, i) => ({ pnl, fees: "0.1", capitalUsdt: "100", closedAt: new Date(T0 + i * 60_000) }));
const at = (i: number) => new Date(T0 + i * 60_000);

const dd = (d: TDailyPnl) => [d.realizedPnl, d.peakPnl, d.maxDrawdownPnl, d.maxDrawdownPct];

describe("addTradesToDay", () => {
  it("several trades of one day, wins and losses: counts, net, gross, fees, %, peak and the deepest fall", () => {
    // cumulative 5, 2, 3, −1, 1: peak 5, falls 0, 3, 2, 6, 4 → max drawdown 6.
    const day = addTradesToDay(EMPTY_DAY, trades("5", "-3", "1", "-4", "2"));
    expect(day).toEqual({
      trades: 5,
      wins: 3,
      losses: 2,
      realizedPnl: "1",
      realizedPct: "1",
      grossPnl: "1.5",
      fees: "0.5",
      grossPct: "1.5",
      peakPnl: "5",
      maxDrawdownPnl: "6",
      maxDrawdownPct: "6",
      lastLossAt: at(3),
    });
  });

  it("a first losing trade is a drawdown from the 0 the day starts at; a later fall from a new peak can be deeper", () => {
    expect(dd(addTradesToDay(EMPTY_DAY, trades("-2")))).toEqual(["-2", "0", "2", "2"]);
    // cumulative −2, 3, −1: peak 0 → 3, falls 2, 0, 4.
    expect(dd(addTradesToDay(EMPTY_DAY, trades("-2", "5", "-4")))).toEqual(["-1", "3", "4", "4"]);
    // Only winners: the peak follows the cumulative, no drawdown.
    expect(dd(addTradesToDay(EMPTY_DAY, trades("1.5", "2.25")))).toEqual(["3.75", "3.75", "0", "0"]);
  });

  it("any split of the day's trades into batches gives the row of closing them one at a time", () => {
    const paths = [
      ["5", "-3", "1", "-4", "2"],
      ["-2", "5", "-4"],
      ["-5", "10", "-1"],
      ["5", "-5", "5", "-0.5"],
      ["0.12345678", "-7.00000001", "3", "3", "-0.99999999", "-2"],
    ];
    for (const path of paths) {
      const all = trades(...path);
      const oneByOne = all.reduce((day, t) => addTradesToDay(day, [t]), EMPTY_DAY);
      expect(addTradesToDay(EMPTY_DAY, all)).toEqual(oneByOne);
      for (let cut = 0; cut <= all.length; cut++) {
        expect(addTradesToDay(addTradesToDay(EMPTY_DAY, all.slice(0, cut)), all.slice(cut))).toEqual(oneByOne);
      }
    }
  });

  it("a batch's fall is measured from the row's peak, not from the batch's start", () => {
    // The row stands at 2 with a peak of 5 (fall 3 so far). Both batches add +5 and reach a relative
    // peak of +5, but the first dips to −5 first: 2 − 5 = −3 is 8 below the old peak of 5.
    const row = addTradesToDay(EMPTY_DAY, trades("5", "-3"));
    expect(dd(row)).toEqual(["2", "5", "3", "3"]);
    expect(dd(addTradesToDay(row, trades("-5", "10")))).toEqual(["7", "7", "8", "8"]);
    expect(dd(addTradesToDay(row, trades("5", "-5", "5")))).toEqual(["7", "7", "5", "5"]);
  });

  it("folds in close order whatever order the trades come in, and does not mutate its inputs", () => {
    const ordered = trades("-2", "5", "-4");
    const shuffled = [ordered[2]!, ordered[0]!, ordered[1]!];
    const before = structuredClone(shuffled);
    expect(addTradesToDay(EMPTY_DAY, shuffled)).toEqual(addTradesToDay(EMPTY_DAY, ordered));
    expect(shuffled).toEqual(before);
  });

  it("a break-even trade is neither a win nor a loss; fees still count in gross", () => {
    const day = addTradesToDay(EMPTY_DAY, trades("0"));
    expect([day.trades, day.wins, day.losses, day.realizedPnl, day.grossPnl, day.fees, day.lastLossAt]).toEqual([1, 0, 0, "0", "0.1", "0.1", null]);
  });

  it("% of the capital each trade closed with, rounded per trade to 4 places; no capital leaves the % as it was", () => {
    const t = (pnl: string, capitalUsdt: string, i: number): TDayTrade => ({ pnl, fees: "0.01", capitalUsdt, closedAt: at(i) });
    const day = addTradesToDay(EMPTY_DAY, [t("1", "300", 0), t("1", "300", 1), t("-3", "300", 2), t("-1", "0", 3)]);
    // 1/300 = 0.33333… → 0.3333 twice, −1; gross 1.01/300 = 0.33667 → 0.3367 twice, −2.99/300 = −0.99667 → −0.9967.
    expect([day.realizedPnl, day.realizedPct, day.grossPnl, day.grossPct, day.fees]).toEqual(["-2", "-0.3334", "-1.96", "-0.3233", "0.04"]);
    // Falls: 3 (capital 300 → 1%), then 4 with no capital: the USDT deepens, the % keeps the last known.
    expect([day.peakPnl, day.maxDrawdownPnl, day.maxDrawdownPct]).toEqual(["2", "4", "1"]);
  });

  it("keeps the latest loss time and normalizes the decimals it reads back from the database", () => {
    const stored: TDailyPnl = { ...EMPTY_DAY, trades: 1, losses: 1, realizedPnl: "-1.500000000000", peakPnl: "0.000000000000", maxDrawdownPnl: "1.500000000000", maxDrawdownPct: "1.5000", realizedPct: "-1.5000", lastLossAt: at(9) };
    const day = addTradesToDay(stored, trades("-1"));
    expect(day).toMatchObject({ trades: 2, losses: 2, realizedPnl: "-2.5", realizedPct: "-2.5", peakPnl: "0", maxDrawdownPnl: "2.5", maxDrawdownPct: "2.5", lastLossAt: at(9) });
  });
});

describe("groupByUserDay", () => {
  it("groups by user and UTC day, in (user, day) order; 23:59:59.999 and 00:00:00 are different days", () => {
    const t = (userId: number, iso: string) => ({ userId, pnl: "1", fees: "0", capitalUsdt: "100", closedAt: new Date(iso) });
    const groups = groupByUserDay([t(10, "2026-03-10T00:00:00.000Z"), t(2, "2026-03-10T12:00:00.000Z"), t(10, "2026-03-09T23:59:59.999Z"), t(2, "2026-03-10T01:00:00.000Z")]);
    expect(groups.map((g) => [g.userId, g.day, g.trades.map((x) => x.closedAt.toISOString())])).toEqual([
      [2, "2026-03-10", ["2026-03-10T12:00:00.000Z", "2026-03-10T01:00:00.000Z"]],
      [10, "2026-03-09", ["2026-03-09T23:59:59.999Z"]],
      [10, "2026-03-10", ["2026-03-10T00:00:00.000Z"]],
    ]);
  });
});

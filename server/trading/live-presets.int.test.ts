// Margin type and leverage set ahead on the usual symbols (live-presets.ts) against the local fake
// Binance: each live auto-trader's account gets what their next copy asks for, a second pass sends
// nothing, a copy then spends no weight before its entry, and a minute without weight to spare stops it.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { presetLiveSymbolsJob } from "@/inngest/functions/preset-live-symbols";
import { db } from "@/server/db/client";
import { startFakeBinance, type TFakeBinance } from "@/test/fakes/binance";
import { connectExchange, createLiveTrader, createTrader, liveTradingOn, storeSignal, turnOffAllAutoTraders } from "@/test/helpers/trading";
import { openLiveCopies } from "./live-copies";
import { presetLiveSymbols, presetSymbols } from "./live-presets";

let fake: TFakeBinance;
let tight: TFakeBinance;
beforeAll(async () => {
  fake = await startFakeBinance();
  // An IP allowed 10 weight a minute: we spend under half of 90 %, 4 — two accounts' settings at most.
  tight = await startFakeBinance({ rateLimits: { weightPerMinute: 10 } });
});
afterAll(async () => {
  await fake.close();
  await tight.close();
});
beforeEach(turnOffAllAutoTraders);
afterEach(turnOffAllAutoTraders);

const configure = (on: TFakeBinance) => liveTradingOn(on);

async function liveTrader(on: TFakeBinance, leverageDefault = 5) {
  const t = await createLiveTrader(on);
  await db().exchangeConnection.update({ where: { userId: t.id }, data: { leverageDefault } });
  return t;
}

const settingCalls = (on: TFakeBinance, apiKey: string) => on.calls.filter((c) => c.apiKey === apiKey && (c.path === "/fapi/v1/leverage" || c.path === "/fapi/v1/marginType")).length;

describe("live presets", () => {
  it("sets each live auto-trader's leverage and margin type on the usual symbols once; their copies then send the entry first", async () => {
    configure(fake);
    const a = await liveTrader(fake, 5);
    const b = await liveTrader(fake, 3);
    const paper = await createTrader({ autoTradeEnabled: true });
    await connectExchange(paper.id, { mode: "PAPER" });

    const first = await presetLiveSymbols(new Date(), ["ETHUSDT", "BTCUSDT"]);
    expect(first).toMatchObject({ accounts: 2, due: 4, set: 4, failed: 0, stoppedForWeight: false });
    expect(fake.account(a.apiKey)).toMatchObject({ leverage: { ETHUSDT: 5, BTCUSDT: 5 }, marginType: { ETHUSDT: "ISOLATED", BTCUSDT: "ISOLATED" } });
    expect(fake.account(b.apiKey)).toMatchObject({ leverage: { ETHUSDT: 3, BTCUSDT: 3 } });
    expect(settingCalls(fake, a.apiKey)).toBe(4);

    // Known and fresh: a second pass sends nothing.
    expect(await presetLiveSymbols(new Date(), ["ETHUSDT", "BTCUSDT"])).toMatchObject({ accounts: 2, due: 0, set: 0 });
    expect(settingCalls(fake, a.apiKey)).toBe(4);

    // A signal on a preset symbol: the copies' first request is the entry.
    const signal = await storeSignal({ symbol: "ETHUSDT", direction: "LONG", entry: 3000, targets: [3030, 3060], stop_loss: 2950, leverage: 10 });
    const results = await openLiveCopies(signal.id, [a.id, b.id]);
    expect(results.map((r) => r.outcome)).toEqual(["opened", "opened"]);
    expect(settingCalls(fake, a.apiKey) + settingCalls(fake, b.apiKey)).toBe(8);

    // A user who changes their leverage is due again — except under their open ETH copy, which
    // Binance would re-margin: left as it is.
    await db().exchangeConnection.update({ where: { userId: b.id }, data: { leverageDefault: 4 } });
    expect(await presetLiveSymbols(new Date(), ["ETHUSDT", "BTCUSDT"])).toMatchObject({ due: 1, set: 1 });
    expect(fake.account(b.apiKey)).toMatchObject({ leverage: { ETHUSDT: 3, BTCUSDT: 4 } });
  });

  it("spends only weight the minute has to spare, and stops there", async () => {
    configure(tight);
    await liveTrader(tight);
    await liveTrader(tight);
    await liveTrader(tight);
    const run = await presetLiveSymbols(new Date(), ["SOLUSDT"]);
    expect(run.stoppedForWeight).toBe(true);
    expect(run.set).toBeLessThan(3);
    expect(tight.calls.filter((c) => c.status === 429 || c.status === 418)).toEqual([]);
  });

  it("takes the usual symbols from the recent signals, the most signalled first; runs every minute as a job", async () => {
    for (let i = 0; i < 3; i++) await storeSignal({ symbol: "XRPUSDT", direction: "LONG", entry: 0.5, targets: [0.51], stop_loss: 0.49, leverage: 5 });
    const symbols = await presetSymbols();
    expect(symbols).toContain("XRPUSDT");
    expect(symbols.length).toBeLessThanOrEqual(10);
    expect(presetLiveSymbolsJob).toMatchObject({ id: "preset-live-symbols", singleton: true, triggers: [{ cron: "* * * * *" }] });
  });
});

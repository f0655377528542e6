// Many users' live clients on one IP against the fake Binance that enforces Binance's limits: the
// platform paces itself (binance-limits.ts), so a burst larger than the IP's minute waits for the
// next minute instead of being answered 429 (and then 418 for whoever keeps sending).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FAKE_API_KEY, FAKE_API_SECRET, startFakeBinance, type TFakeBinance } from "@/test/fakes/binance";
import { clearMarketsCacheForTests } from "./ccxt-client";
import { createCcxtExchange } from "./ccxt-exchange";
import { clientOrderId } from "./client-order-id";

let fake: TFakeBinance;
const adapter = (apiKey = FAKE_API_KEY, apiSecret = FAKE_API_SECRET) =>
  createCcxtExchange({ mode: "BINANCE_TESTNET", apiKey, apiSecret, baseUrl: fake.baseUrl, timeoutMs: 5_000, retry: { backoffMs: [50] } });

beforeAll(async () => {
  fake = await startFakeBinance();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  clearMarketsCacheForTests();
});

/** Puts Binance's clock `ms` before the end of one of its minutes. */
function minuteEndsIn(ms: number): number {
  const offset = (((60_000 - ms - (Date.now() % 60_000)) % 60_000) + 60_000) % 60_000;
  fake.setClockOffset(offset);
  return offset;
}

describe("pacing under Binance's limits", () => {
  it("8 users reading their balance on an IP allowed 40 weight a minute: all succeed, none answered 429 or 418, the rest wait for Binance's next minute", async () => {
    const offset = minuteEndsIn(4_000);
    fake.setRateLimits({ weightPerMinute: 40 });
    const users = Array.from({ length: 8 }, (_, k) => {
      const key = `pace${k}${"0".repeat(40)}`;
      fake.addAccount({ apiKey: key, apiSecret: `${key}s` });
      return adapter(key, `${key}s`);
    });
    const results = await Promise.all(users.map((u) => u.balance().then(() => "ok", (e: { code?: string }) => e.code ?? "error")));
    expect(results).toEqual(Array(8).fill("ok"));
    expect(fake.calls.filter((c) => c.status === 429 || c.status === 418)).toEqual([]);
    // 8 × weight 5 (+ exchangeInfo and time) cannot fit 90 % of one minute's 40: the calls span two of Binance's minutes.
    expect(new Set(fake.calls.map((c) => Math.floor((c.at.getTime() + offset) / 60_000))).size).toBe(2);
  }, 30_000);

  it("one account placing more orders than 10 s allow: the placements are spread, none refused with -1015", async () => {
    fake.setRateLimits({ ordersPer10s: 5 });
    const ex = adapter();
    const signal = "0b7c9a4e-2f1d-4e6b-8a3c-5d9e7f1a2b3c";
    const started = Date.now();
    const placed = await Promise.all(
      Array.from({ length: 6 }, (_, k) =>
        ex.marketOrder({ symbol: "BTCUSDT", side: "BUY", qty: "0.01", clientOrderId: clientOrderId({ userId: k + 1, signalId: signal, leg: "entry" }) }),
      ),
    );
    expect(placed.map((o) => o.status)).toEqual(Array(6).fill("FILLED"));
    expect(fake.calls.filter((c) => c.status === 429)).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(9_000); // 90 % of 5 is 4 in the first 10 s
  }, 30_000);
});

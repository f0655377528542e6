// The fake Binance's own rules, checked at the wire (signed REST as ccxt sends it): the refusals
// Binance documents for USDⓈ-M orders that our adapter never provokes on purpose, so that a test
// which does provoke one sees Binance's answer, not a silent success.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FAKE_API_KEY, FAKE_API_SECRET, FAKE_SYMBOLS, startFakeBinance, type TFakeBinance } from "./binance";

let fake: TFakeBinance;
beforeAll(async () => {
  fake = await startFakeBinance({
    maxOpenAlgoOrders: 3,
    // One market with a step that is not a power of ten: off-step but within precision → -4023.
    symbols: [...FAKE_SYMBOLS, { symbol: "XYZUSDT", base: "XYZ", price: "2.000", tickSize: "0.005", stepSize: "5", minQty: "5", maxQty: "100000", marketMaxQty: "10000", minNotional: "5", maxLeverage: 20 }],
  });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

async function signed(method: string, path: string, params: Record<string, string>) {
  const q = new URLSearchParams({ ...params, timestamp: String(Date.now()) }).toString();
  const sig = createHmac("sha256", FAKE_API_SECRET).update(q).digest("hex");
  const res = await fetch(`${fake.baseUrl}${path}?${q}&signature=${sig}`, { method, headers: { "X-MBX-APIKEY": FAKE_API_KEY } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { code?: number; msg?: string } };
}
const order = (p: Record<string, string>) => signed("POST", "/fapi/v1/order", { symbol: "BTCUSDT", side: "BUY", type: "LIMIT", quantity: "0.01", timeInForce: "GTC", ...p });
const algo = (p: Record<string, string>) =>
  signed("POST", "/fapi/v1/algoOrder", { algoType: "CONDITIONAL", symbol: "BTCUSDT", side: "SELL", type: "STOP_MARKET", triggerPrice: "50000", workingType: "MARK_PRICE", ...p });
const code = async (p: Promise<{ body: { code?: number } }>) => (await p).body.code;

describe("fake Binance: order rules", () => {
  it("too many decimals is -1111; within the precision but off the step is -4023 (quantity) / -4014 (price)", async () => {
    expect(await code(order({ quantity: "0.0125", price: "59000" }))).toBe(-1111);
    expect(await code(order({ price: "59000.05" }))).toBe(-1111);
    expect(await code(order({ symbol: "XYZUSDT", quantity: "7", price: "1.900" }))).toBe(-4023);
    expect(await code(order({ symbol: "XYZUSDT", quantity: "10", price: "1.902" }))).toBe(-4014);
    expect((await order({ symbol: "XYZUSDT", quantity: "10", price: "1.905" })).status).toBe(200);
  });

  it("timeInForce: one of GTC/IOC/FOK/GTX/GTD (-1115), GTD needs goodTillDate; IOC/FOK that cannot fill now expire", async () => {
    expect(await code(order({ price: "59000", timeInForce: "DAY" }))).toBe(-1115);
    expect(await code(order({ price: "59000", timeInForce: "GTD" }))).toBe(-1102);
    expect((await order({ price: "59000", timeInForce: "IOC" })).body).toMatchObject({ status: "EXPIRED", executedQty: "0" });
    expect((await order({ price: "60000", timeInForce: "FOK" })).body).toMatchObject({ status: "FILLED" });
  });

  it("a post-only (GTX) limit that would cross is refused (-5022); one that rests is accepted", async () => {
    expect(await code(order({ price: "60100", timeInForce: "GTX" }))).toBe(-5022);
    expect((await order({ price: "59900", timeInForce: "GTX" })).body).toMatchObject({ status: "NEW", timeInForce: "GTX" });
  });

  it("PERCENT_PRICE: a BUY above mark × 1.05 (-4016), a SELL below mark × 0.95 (-4024)", async () => {
    fake.setPrice("BTCUSDT", "60000", { mark: "60000" });
    expect(await code(order({ price: "63000.1" }))).toBe(-4016);
    expect((await order({ price: "63000" })).status).toBe(200);
    await order({ type: "MARKET", quantity: "0.02", timeInForce: "" }).catch(() => undefined);
    expect(await code(order({ side: "SELL", price: "56999.9", reduceOnly: "true" }))).toBe(-4024);
  });

  it("closePosition: STOP_MARKET/TAKE_PROFIT_MARKET only, no quantity or reduceOnly (-1106), one per direction (-4130)", async () => {
    expect(await code(algo({ closePosition: "true", quantity: "0.01" }))).toBe(-1106);
    expect(await code(algo({ closePosition: "true", reduceOnly: "true" }))).toBe(-1106);
    expect(await code(algo({ closePosition: "true", type: "STOP", price: "50000" }))).toBe(-1106);
    expect((await algo({ closePosition: "true" })).status).toBe(200);
    expect(await code(algo({ closePosition: "true", triggerPrice: "49000" }))).toBe(-4130);
  });

  it("open conditional orders are capped across symbols (-4045 'Reach max stop order limit.')", async () => {
    for (const s of ["BTCUSDT", "ETHUSDT", "SOLUSDT"]) expect((await algo({ symbol: s, quantity: "1", triggerPrice: s === "BTCUSDT" ? "50000" : "100" })).status).toBe(200);
    expect(await code(algo({ quantity: "0.01", triggerPrice: "49000" }))).toBe(-4045);
  });

  it("userTrades answers the last 7 days without startTime/endTime, and refuses a longer span (-1127)", async () => {
    const placed = await order({ type: "MARKET", timeInForce: "" });
    const orderId = String(placed.body.orderId);
    expect((await signed("GET", "/fapi/v1/userTrades", { symbol: "BTCUSDT", orderId })).body).toHaveLength(1);
    const eightDaysAgo = Date.now() - 8 * 24 * 3600_000;
    fake.trades[0]!.time = eightDaysAgo;
    expect((await signed("GET", "/fapi/v1/userTrades", { symbol: "BTCUSDT", orderId })).body).toHaveLength(0);
    expect((await signed("GET", "/fapi/v1/userTrades", { symbol: "BTCUSDT", orderId, startTime: String(eightDaysAgo - 1000) })).body).toHaveLength(1);
    expect(await code(signed("GET", "/fapi/v1/userTrades", { symbol: "BTCUSDT", startTime: String(eightDaysAgo), endTime: String(Date.now()) }))).toBe(-1127);
  });
});

// What is learned of a live account is stored with the connection, for every process and restart
// (account-state.ts): validation learns the position mode and the leverage caps, the first entry on
// a symbol records its leverage and margin type, and no later entry — each loads the connection
// afresh, as another process or a restarted one would — spends request weight on them again. When
// Binance's answer shows a stored value wrong (the mode flipped in Binance's app: -4061; a cap
// lowered: -4028), it is read or set again and the entry is sent once more. Real ccxt client, local
// fake Binance.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { SYMBOL_SETTINGS_TRUSTED_MS } from "@/server/exchange/account-memory";
import { createCcxtExchange } from "@/server/exchange/ccxt-exchange";
import { openPosition } from "@/server/trading/open-position";
import { startFakeBinance, type TFakeBinance } from "@/test/fakes/binance";
import { btcSignal, liveTrader, LIVE_OPTIONS } from "@/test/helpers/live-trading";
import { positionOf, storeSignal } from "@/test/helpers/trading";
import { accountRef, factsOf } from "./account-state";
import { validateExchangeConnection } from "./validate-exchange-connection";

let fake: TFakeBinance;
beforeAll(async () => {
  fake = await startFakeBinance();
});
afterAll(() => fake.close());

const ethSignal = () => ({ symbol: "ETHUSDT", direction: "LONG", entry: 3000, targets: [3030, 3060], stop_loss: 2950, leverage: 10 });
const stateOf = (userId: number) => db().exchangeAccountState.findUniqueOrThrow({ where: { userId } });

describe("the account's state, learned once and stored", () => {
  it("validation stores the position mode and the leverage caps; entries then spend no weight on them, and a symbol's leverage and margin type are set once", async () => {
    fake.setPrice("BTCUSDT", "60000");
    fake.setPrice("ETHUSDT", "3000");
    const { user, apiKey } = await liveTrader(fake, { capitalUsdt: "1000" });
    const calls = (method: string, path: string) => fake.calls.filter((c) => c.apiKey === apiKey && c.method === method && c.path === path).length;
    expect(await validateExchangeConnection(user.id)).toMatchObject({ valid: true, position_mode: { hedge_mode: false, applied: true } });
    expect([calls("POST", "/fapi/v1/positionSide/dual"), calls("GET", "/fapi/v1/leverageBracket")]).toEqual([1, 1]);
    const stored = await stateOf(user.id);
    expect(stored).toMatchObject({ hedgeMode: false, leverageCaps: { BTCUSDT: 125, ETHUSDT: 100 }, symbolSettings: {} });

    const open = async (body: Record<string, unknown>) => openPosition({ userId: user.id, signalId: (await storeSignal(body)).id, origin: "auto" }, LIVE_OPTIONS);
    expect((await open(btcSignal())).outcome).toBe("opened");
    expect([calls("POST", "/fapi/v1/positionSide/dual"), calls("GET", "/fapi/v1/leverageBracket")]).toEqual([1, 1]);
    expect([calls("POST", "/fapi/v1/marginType"), calls("POST", "/fapi/v1/leverage")]).toEqual([1, 1]);
    expect((await stateOf(user.id)).symbolSettings).toEqual({ BTCUSDT: { leverage: 10, marginMode: "ISOLATED", at: expect.any(Number) } });
    // Every openPosition loads the connection from the database, as another process would.
    expect((await open(btcSignal())).outcome).toBe("opened");
    expect([calls("POST", "/fapi/v1/marginType"), calls("POST", "/fapi/v1/leverage")]).toEqual([1, 1]);
    // A new symbol is cold: its margin type and leverage, nothing else.
    expect((await open(ethSignal())).outcome).toBe("opened");
    expect([calls("POST", "/fapi/v1/marginType"), calls("POST", "/fapi/v1/leverage"), calls("POST", "/fapi/v1/positionSide/dual"), calls("GET", "/fapi/v1/leverageBracket")]).toEqual([2, 2, 1, 1]);
    // Another wanted leverage is set (only that), and stored.
    await db().exchangeConnection.update({ where: { userId: user.id }, data: { leverageDefault: 12 } });
    expect((await open(btcSignal())).outcome).toBe("opened");
    expect([calls("POST", "/fapi/v1/marginType"), calls("POST", "/fapi/v1/leverage")]).toEqual([2, 3]);
    expect((await stateOf(user.id)).symbolSettings).toMatchObject({ BTCUSDT: { leverage: 12, marginMode: "ISOLATED" } });
  });

  it("the position mode flipped in Binance's app: the entry is refused (-4061), the mode set again and stored, the entry sent once more — one order", async () => {
    fake.setPrice("BTCUSDT", "60000");
    const { user, apiKey, apiSecret } = await liveTrader(fake, { capitalUsdt: "1000" });
    await validateExchangeConnection(user.id);
    expect((await stateOf(user.id)).hedgeMode).toBe(false);
    await createCcxtExchange({ mode: "BINANCE_TESTNET", apiKey, apiSecret, baseUrl: fake.baseUrl }).setPositionMode(true); // the user, in Binance's app
    const r = await openPosition({ userId: user.id, signalId: (await storeSignal(btcSignal())).id, origin: "auto" }, LIVE_OPTIONS);
    expect(r).toMatchObject({ outcome: "opened", reason: null });
    expect(fake.account(apiKey).dualSidePosition).toBe(false);
    expect((await stateOf(user.id)).hedgeMode).toBe(false);
    const entry = (await positionOf(r.positionId!)).orders.find((o) => o.kind === "ENTRY")!;
    expect(fake.orders.filter((o) => o.clientOrderId === entry.clientOrderId)).toHaveLength(1);
    expect(fake.calls.filter((c) => c.apiKey === apiKey && c.path === "/fapi/v1/order" && c.code === -4061)).toHaveLength(1);
  });

  it("a leverage over a cap Binance lowered since the caps were stored (-4028): the caps are read again and stored, the entry goes at the new cap", async () => {
    fake.setPrice("SOLUSDT", "150");
    const { user, apiKey } = await liveTrader(fake, { capitalUsdt: "100000" });
    await db().exchangeConnection.update({ where: { userId: user.id }, data: { leverageDefault: 100 } });
    await validateExchangeConnection(user.id);
    // As stored before Binance lowered SOLUSDT's first bracket from 125x to the fake's 75x.
    await db().exchangeAccountState.update({ where: { userId: user.id }, data: { leverageCaps: { BTCUSDT: 125, ETHUSDT: 100, SOLUSDT: 125 } } });
    const sol = { symbol: "SOLUSDT", direction: "LONG", entry: 150, targets: [153, 156], stop_loss: 145, leverage: 10 };
    const r = await openPosition({ userId: user.id, signalId: (await storeSignal(sol)).id, origin: "auto" }, LIVE_OPTIONS);
    expect(r).toMatchObject({ outcome: "opened", reason: null });
    const p = await positionOf(r.positionId!);
    expect(p.leverage).toBe(75);
    expect(fake.account(apiKey).leverage).toMatchObject({ SOLUSDT: 75 });
    expect(fake.calls.filter((c) => c.apiKey === apiKey && c.path === "/fapi/v1/leverage").map((c) => [c.params.leverage, c.code])).toEqual([["100", -4028], ["75", null]]);
    const stored = await stateOf(user.id);
    expect(stored.leverageCaps).toMatchObject({ SOLUSDT: 75 });
    expect(stored.symbolSettings).toEqual({ SOLUSDT: { leverage: 75, marginMode: "ISOLATED", at: expect.any(Number) } });
  });

  it("a symbol's settings are trusted for SYMBOL_SETTINGS_TRUSTED_MS, then set again — a leverage changed in Binance's app is not recorded wrong for longer", async () => {
    fake.setPrice("BTCUSDT", "60000");
    const { user, apiKey, apiSecret } = await liveTrader(fake, { capitalUsdt: "1000" });
    const settingCalls = () => ["/fapi/v1/marginType", "/fapi/v1/leverage"].map((path) => fake.calls.filter((c) => c.apiKey === apiKey && c.method === "POST" && c.path === path).length);
    await validateExchangeConnection(user.id);
    const open = async () => {
      const r = await openPosition({ userId: user.id, signalId: (await storeSignal(btcSignal())).id, origin: "auto" }, LIVE_OPTIONS);
      expect(r.outcome).toBe("opened");
      return (await positionOf(r.positionId!)).leverage;
    };
    expect(await open()).toBe(10);
    expect(settingCalls()).toEqual([1, 1]);
    // The user raises the symbol's leverage in Binance's own app: Binance refuses none of our orders for it.
    await createCcxtExchange({ mode: "BINANCE_TESTNET", apiKey, apiSecret, baseUrl: fake.baseUrl }).setLeverage("BTCUSDT", 20);
    await open(); // within the trusted period: nothing is set again
    expect(settingCalls()).toEqual([1, 2]);
    // The period runs out: the next entry sets both again. Binance keeps 20x over the open position
    // (-4161), so the copy records the leverage it really trades at.
    const set = ((await stateOf(user.id)).symbolSettings as Record<string, { at: number }>).BTCUSDT!;
    await db().exchangeAccountState.update({ where: { userId: user.id }, data: { symbolSettings: { BTCUSDT: { ...set, at: set.at - SYMBOL_SETTINGS_TRUSTED_MS } } } });
    expect(await open()).toBe(20);
    expect(settingCalls()).toEqual([2, 3]);
    // Settings stored without a time (before it was kept) count as expired too.
    await db().exchangeAccountState.update({ where: { userId: user.id }, data: { symbolSettings: { BTCUSDT: { leverage: 10, marginMode: "ISOLATED" } } } });
    await open();
    expect(settingCalls()).toEqual([3, 4]);
  });

  it("state stored for other keys (or another mode) is nothing known", () => {
    const row = { accountRef: accountRef("BINANCE_TESTNET", "sealed-a"), hedgeMode: true, leverageCaps: { BTCUSDT: 125 }, symbolSettings: { BTCUSDT: { leverage: 10, marginMode: "ISOLATED" } } };
    expect(factsOf(row, accountRef("BINANCE_TESTNET", "sealed-a"))).toEqual({ hedgeMode: true, leverageCaps: { BTCUSDT: 125 }, symbols: { BTCUSDT: { leverage: 10, marginMode: "ISOLATED" } } });
    expect(factsOf(row, accountRef("BINANCE_TESTNET", "sealed-b"))).toEqual({ hedgeMode: null, leverageCaps: null, symbols: {} });
    expect(factsOf(row, accountRef("BINANCE_MAINNET", "sealed-a"))).toEqual({ hedgeMode: null, leverageCaps: null, symbols: {} });
  });
});

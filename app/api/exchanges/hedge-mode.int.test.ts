// A hedge_mode change Binance did not confirm (here: the exchange is down) is refused while the user
// has open live positions — their orders were placed in the old mode's shape — and saved otherwise.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import type { TFakeBinance } from "@/test/fakes/binance";
import { useFakeBinance } from "@/test/helpers/fake-binance";
import { createUser } from "@/test/helpers/factories";
import { call, expectError } from "@/test/helpers/http";
import * as connectRoute from "./connect/route";
import * as meRoute from "./me/route";

let fake: TFakeBinance;
useFakeBinance((f) => (fake = f), (url) => ({ BINANCE_FUTURES_TESTBASE: url, ENABLE_LIVE_TRADING: "true", EXCHANGE_MODE: "binance_testnet" }));

const connect = (token: string, body: unknown) => call(connectRoute.POST, { method: "POST", path: "/api/exchanges/connect", token, body });
const putMe = (token: string, body: unknown) => call(meRoute.PUT, { method: "PUT", path: "/api/exchanges/me", token, body });
const hedgeOf = async (userId: number) => (await db().exchangeConnection.findUniqueOrThrow({ where: { userId } })).hedgeMode;

async function connectedUser() {
  const { user, token } = await createUser({ plan: "PREMIUM" });
  expect((await connect(token, { mode: "binance_testnet", api_key: fake.apiKey, api_secret: fake.apiSecret, hedge_mode: false })).status).toBe(200);
  return { userId: user.id, token };
}

const openPositionRow = (userId: number, mode: "PAPER" | "BINANCE_TESTNET") =>
  db().position.create({ data: { userId, symbol: "BTCUSDT", direction: "LONG", mode, status: "OPEN", leverage: 10, entryPrice: "60000", qty: "0.008", remainingQty: "0.008", notional: "480", margin: "48" } });

async function whileDown<T>(f: () => Promise<T>): Promise<T> {
  fake.goDown();
  try {
    return await f();
  } finally {
    fake.comeBack();
  }
}

describe("hedge_mode change the exchange did not confirm", () => {
  it("with an open live position → 409 conflict naming why, hedge_mode unchanged", async () => {
    const { userId, token } = await connectedUser();
    await openPositionRow(userId, "BINANCE_TESTNET");
    const before = await db().exchangeConnection.findUniqueOrThrow({ where: { userId } });
    const res = await whileDown(() => putMe(token, { hedge_mode: true, leverage_default: before.leverageDefault + 1 }));
    const body = expectError(res, 409, "conflict");
    expect(body.message).toMatch(/^cannot confirm the position mode switch on Binance while live positions are open: cannot reach Binance/);
    expect(await db().exchangeConnection.findUniqueOrThrow({ where: { userId } })).toEqual(before);
    expect(fake.account().dualSidePosition).toBe(false);
  });

  it("with only paper positions open → saved as before (the next live entry sets the mode)", async () => {
    const { userId, token } = await connectedUser();
    await openPositionRow(userId, "PAPER");
    const res = await whileDown(() => putMe(token, { hedge_mode: true }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ hedge_mode: true });
    expect(await hedgeOf(userId)).toBe(true);
  });

  it("with an open live position but no hedge_mode change → saved", async () => {
    const { userId, token } = await connectedUser();
    await openPositionRow(userId, "BINANCE_TESTNET");
    const res = await whileDown(() => putMe(token, { hedge_mode: false, leverage_default: 7 }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ hedge_mode: false, leverage_default: 7 });
  });
});

// Seed phase 7 paths kept as aliases of SPEC §8: balance, leverage, DELETE of the connection.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { saveExchangeConnection } from "@/server/exchange-connections/exchange-connection";
import type { TFakeBinance } from "@/test/fakes/binance";
import { useFakeBinance } from "@/test/helpers/fake-binance";
import { createAdmin, createUser, uniq } from "@/test/helpers/factories";
import { call, expectError } from "@/test/helpers/http";
import { badTokens } from "@/test/helpers/tokens";
import * as balanceRoute from "./[id]/balance/[exchange]/route";
import * as leverageRoute from "./[id]/exchanges/[exchange]/leverage/route";
import * as exchangesRoute from "./[id]/exchanges/route";

let fake: TFakeBinance;
useFakeBinance((f) => (fake = f), (url) => ({ BINANCE_FUTURES_TESTBASE: url, ENABLE_LIVE_TRADING: "true" }));

const UNKNOWN_ID = 2_147_483_647;
const balance = (id: number | string, token: string | undefined, exchange = "binance") =>
  call(balanceRoute.GET, { token, params: { id: String(id), exchange }, path: `/api/users/${id}/balance/${exchange}` });
const getLeverage = (id: number | string, token: string | undefined, exchange = "binance") =>
  call(leverageRoute.GET, { token, params: { id: String(id), exchange } });
const putLeverage = (id: number | string, token: string | undefined, body: unknown, exchange = "binance") =>
  call(leverageRoute.PUT, { method: "PUT", token, params: { id: String(id), exchange }, body });
const deleteWithBody = (id: number, token: string, body: unknown) =>
  call(exchangesRoute.DELETE, { method: "DELETE", token, params: { id: String(id) }, body });
const deleteConnection = (id: number | string, token: string | undefined) =>
  call(exchangesRoute.DELETE, { method: "DELETE", token, params: { id: String(id) } });
const keys = () => ({ api_key: `Key${uniq()}${uniq()}ABCDEF`, api_secret: `Sec${uniq()}${uniq()}XYZ` });

describe("GET /api/users/:id/balance/:exchange", () => {
  it("paper: capital + realized P&L (net of fees), free = total − margin of open positions", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    await db().user.update({ where: { id: user.id }, data: { capitalUsdt: "250" } });
    const base = { userId: user.id, symbol: "ETHUSDT", direction: "LONG" as const, mode: "PAPER" as const, leverage: 5, qty: "0.1", remainingQty: "0.1", notional: "300", margin: "60" };
    await db().position.createMany({
      data: [
        { ...base, status: "CLOSED", realizedPnl: "12.5", fees: "0.25", remainingQty: "0" },
        { ...base, status: "CLOSED", realizedPnl: "-4", fees: "0.2", remainingQty: "0" },
        { ...base, status: "OPEN" },
        { ...base, mode: "BINANCE_TESTNET", status: "CLOSED", realizedPnl: "1000" },
      ],
    });
    const res = await balance(user.id, token);
    expect(res.status).toBe(200);
    // 250 + 12.5 − 4 = 258.5 (realized P&L already has the fees taken off); free = 258.5 − 60 = 198.5
    expect(res.body).toEqual({ exchange: "binance_futures", mode: "paper", currency: "USDT", total_usdt: "258.5", free_usdt: "198.5", source: "paper" });
  });

  it("testnet: the exchange's balance through the user's keys", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    await saveExchangeConnection(user.id, { mode: "binance_testnet", api_key: fake.apiKey, api_secret: fake.apiSecret });
    fake.setBalance("777.125");
    const res = await balance(user.id, token, "binance_futures");
    expect(res.body).toMatchObject({ mode: "binance_testnet", total_usdt: "777.125", free_usdt: "777.125", source: "exchange" });
  });

  it("bad keys → 400 naming api_key, not 500; exchange down → 503", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    await saveExchangeConnection(user.id, { mode: "binance_testnet", ...keys() });
    expect(expectError(await balance(user.id, token), 400, "invalid_input").field).toBe("api_key");
    await saveExchangeConnection(user.id, { api_key: fake.apiKey, api_secret: fake.apiSecret });
    fake.goDown();
    try {
      expectError(await balance(user.id, token), 503, "exchange_unavailable");
    } finally {
      fake.comeBack();
    }
  });

  it("owner or admin; 403 for another user's id, 404 for an admin's unknown id; plan-gated on the target", async () => {
    const owner = await createUser({ plan: "PREMIUM" });
    const other = await createUser({ plan: "PREMIUM" });
    const trial = await createUser();
    const admin = await createAdmin();
    expect((await balance(owner.user.id, admin.token)).status).toBe(200);
    expectError(await balance(owner.user.id, other.token), 403, "forbidden");
    expectError(await balance(UNKNOWN_ID, other.token), 403, "forbidden");
    expectError(await balance(UNKNOWN_ID, admin.token), 404, "not_found");
    expectError(await balance(trial.user.id, trial.token), 403, "upgrade_required");
    expectError(await balance(trial.user.id, admin.token), 403, "upgrade_required");
    const vip = await createUser({ plan: "VIP" });
    expectError(await balance(vip.user.id, vip.token), 403, "upgrade_required");
  });

  it.each([
    ["abc", "binance", "id"],
    ["-1", "binance", "id"],
    ["1e3", "binance", "id"],
    ["99999999999", "binance", "id"],
    ["SELF", "kraken", "exchange"],
    ["SELF", "", "exchange"],
  ])("id %s / exchange %s → 400 naming %s", async (id, exchange, field) => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const res = await balance(id === "SELF" ? user.id : id, token, exchange);
    expect(expectError(res, 400, "invalid_input").field).toBe(field);
  });

  it("401 without a valid token", async () => {
    const { user } = await createUser({ plan: "PREMIUM" });
    for (const t of [undefined, ...Object.values(await badTokens(user))]) expect((await balance(user.id, t)).status).toBe(401);
  });
});

describe("GET/PUT /api/users/:id/exchanges/:exchange/leverage", () => {
  it("reads and sets the leverage trades use (the risk setting), before and after a connection", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    expect((await getLeverage(user.id, token)).body).toEqual({ exchange: "binance_futures", connected: false, leverage: 5, margin_mode: "ISOLATED" });
    const put = await putLeverage(user.id, token, { leverage: 20 });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ exchange: "binance_futures", connected: false, leverage: 20, margin_mode: "ISOLATED" });
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).leverage).toBe(20);
    await saveExchangeConnection(user.id, { mode: "paper", margin_mode: "CROSSED" });
    expect((await putLeverage(user.id, token, { leverage: 8 }, "binance_futures")).body).toEqual({ exchange: "binance_futures", connected: true, leverage: 8, margin_mode: "CROSSED" });
    expect((await db().exchangeConnection.findUniqueOrThrow({ where: { userId: user.id } })).leverageDefault).toBe(8);
    expect((await getLeverage(user.id, token, "binanceusdm")).body).toMatchObject({ connected: true, leverage: 8 });
  });

  it("keeps the stored keys and mode when leverage changes", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    await saveExchangeConnection(user.id, { mode: "binance_testnet", ...keys() });
    const before = await db().exchangeConnection.findUniqueOrThrow({ where: { userId: user.id } });
    await putLeverage(user.id, token, { leverage: 7 });
    const after = await db().exchangeConnection.findUniqueOrThrow({ where: { userId: user.id } });
    expect(after).toMatchObject({ mode: "BINANCE_TESTNET", apiKeyEnc: before.apiKeyEnc, validatedAt: before.validatedAt, leverageDefault: 7 });
  });

  it.each([
    [{ leverage: 0 }, "leverage"],
    [{ leverage: 126 }, "leverage"],
    [{ leverage: 1e12 }, "leverage"],
    [{ leverage: 2.5 }, "leverage"],
    [{ leverage: "10" }, "leverage"],
    [{ leverage: null }, "leverage"],
    [{}, "leverage"],
    [{ leverage: 5, margin: "x" }, "margin"],
  ])("PUT %j → 400 naming %s, nothing saved", async (body, field) => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    expect(expectError(await putLeverage(user.id, token, body), 400, "invalid_input").field).toBe(field);
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).leverage).toBe(5);
  });

  it("PUT is PREMIUM (admins may set a PREMIUM user's); another user's id → 403 and nothing changes", async () => {
    const trial = await createUser();
    const premium = await createUser({ plan: "PREMIUM" });
    const other = await createUser({ plan: "PREMIUM" });
    const admin = await createAdmin();
    expectError(await putLeverage(trial.user.id, trial.token, { leverage: 3 }), 403, "upgrade_required");
    expectError(await putLeverage(premium.user.id, other.token, { leverage: 3 }), 403, "forbidden");
    expectError(await getLeverage(premium.user.id, other.token), 403, "forbidden");
    const leverages = await db().user.findMany({ where: { id: { in: [trial.user.id, premium.user.id] } }, select: { leverage: true } });
    expect(leverages.map((u) => u.leverage)).toEqual([5, 5]);
    expect((await putLeverage(premium.user.id, admin.token, { leverage: 3 })).body).toMatchObject({ leverage: 3 });
    expectError(await putLeverage(UNKNOWN_ID, admin.token, { leverage: 3 }), 404, "not_found");
    expect(expectError(await putLeverage(premium.user.id, premium.token, { leverage: 3 }, "bybit"), 400).field).toBe("exchange");
  });
});

describe("DELETE /api/users/:id/exchanges", () => {
  it("the owner wipes the row and its keys; a second DELETE answers deleted:false", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    await saveExchangeConnection(user.id, { mode: "binance_testnet", ...keys() });
    expect((await deleteConnection(user.id, token)).body).toEqual({ message: "Exchange account removed", deleted: true, connected: false, open_live_positions: 0 });
    expect(await db().exchangeConnection.findUnique({ where: { userId: user.id } })).toBeNull();
    expect((await deleteConnection(user.id, token)).body).toMatchObject({ deleted: false });
    expect((await call(exchangesRoute.GET, { token, params: { id: String(user.id) } })).body).toEqual({ connected: false });
  });

  it("an admin may wipe anyone's; another user gets 403 and the row stays", async () => {
    const owner = await createUser({ plan: "PREMIUM" });
    const other = await createUser({ plan: "PREMIUM" });
    const admin = await createAdmin();
    await saveExchangeConnection(owner.user.id, { mode: "paper" });
    expectError(await deleteConnection(owner.user.id, other.token), 403, "forbidden");
    expect(await db().exchangeConnection.count({ where: { userId: owner.user.id } })).toBe(1);
    expect((await deleteConnection(owner.user.id, admin.token)).body).toMatchObject({ deleted: true });
    expectError(await deleteConnection(UNKNOWN_ID, admin.token), 404, "not_found");
    expectError(await deleteConnection("x", admin.token), 400, "invalid_input");
    for (const t of [undefined, ...Object.values(await badTokens(owner.user))]) expect((await deleteConnection(owner.user.id, t)).status).toBe(401);
  });

  it("phase 7's body {exchange} or {account_id} picks the connection; another account_id removes nothing", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const saved = await saveExchangeConnection(user.id, { mode: "paper" });
    const accountId = saved.connected ? saved.account_id : 0;
    expect((await deleteWithBody(user.id, token, { account_id: accountId + 1 })).body).toMatchObject({ message: "Nothing to remove", deleted: false });
    expect(await db().exchangeConnection.count({ where: { userId: user.id } })).toBe(1);
    expect((await deleteWithBody(user.id, token, { account_id: String(accountId) })).body).toMatchObject({ message: "Exchange account removed", deleted: true });
    await saveExchangeConnection(user.id, { mode: "paper" });
    expect((await deleteWithBody(user.id, token, { exchange: "binance" })).body).toMatchObject({ deleted: true });
    expect((await deleteWithBody(user.id, token, { exchange: "binance" })).body).toMatchObject({ message: "Nothing to remove", deleted: false });
  });

  it.each([
    [{ exchange: "bybit" }, "exchange"],
    [{ account_id: "abc" }, "account_id"],
    [{ account_id: -1 }, "account_id"],
    [{ account_id: 1e20 }, "account_id"],
    [{ exchange: "binance", acount_id: 1 }, "acount_id"],
  ])("400 for the body %j naming %s, nothing removed", async (body, field) => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    await saveExchangeConnection(user.id, { mode: "paper" });
    expect(expectError(await deleteWithBody(user.id, token, body), 400, "invalid_input").field).toBe(field);
    expect(await db().exchangeConnection.count({ where: { userId: user.id } })).toBe(1);
  });
});

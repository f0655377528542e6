// The account's position mode follows the connection's hedge_mode: set when a live connection is
// saved (new keys, new mode, hedge_mode changed) and when it is validated; a hedge_mode Binance
// refuses to apply (open positions / orders) is a CONFLICT that saves nothing; keys the exchange
// refuses never block saving. Against the local fake Binance through the real ccxt client.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { TFakeBinance } from "@/test/fakes/binance";
import { useFakeBinance } from "@/test/helpers/fake-binance";
import { createUser, uniq } from "@/test/helpers/factories";
import { saveExchangeConnection } from "./exchange-connection";
import { validateExchangeConnection } from "./validate-exchange-connection";

let fake: TFakeBinance;
useFakeBinance((f) => (fake = f), (url) => ({ BINANCE_FUTURES_TESTBASE: url, ENABLE_LIVE_TRADING: "true", EXCHANGE_MODE: "binance_testnet" }));

const keys = () => ({ api_key: fake.apiKey, api_secret: fake.apiSecret });
const dualCalls = () => fake.calls.filter((c) => c.path === "/fapi/v1/positionSide/dual" && c.method === "POST");
const failure = (p: Promise<unknown>) => p.then(() => Promise.reject(new Error("expected a failure")), (e: unknown) => e as AppError);

describe("position mode follows hedge_mode", () => {
  it("connecting with hedge_mode switches the account; turning it off switches back; an unchanged save asks nothing", async () => {
    const { user } = await createUser({ plan: "PREMIUM" });
    await saveExchangeConnection(user.id, { mode: "binance_testnet", hedge_mode: true, ...keys() });
    expect(fake.account().dualSidePosition).toBe(true);
    await saveExchangeConnection(user.id, { leverage_default: 7 });
    expect(dualCalls()).toHaveLength(1);
    await saveExchangeConnection(user.id, { hedge_mode: false });
    expect(fake.account().dualSidePosition).toBe(false);
    expect(dualCalls().map((c) => c.params.dualSidePosition)).toEqual(["true", "false"]);
  });

  it("a hedge_mode Binance refuses (open position) is a CONFLICT naming why, and the stored hedge_mode stays", async () => {
    const { user } = await createUser({ plan: "PREMIUM" });
    await saveExchangeConnection(user.id, { mode: "binance_testnet", ...keys() });
    fake.rejectNext(1, { code: -4068, msg: "Position side cannot be changed if there exists position." }, { path: "/fapi/v1/positionSide/dual" });
    const e = await failure(saveExchangeConnection(user.id, { hedge_mode: true }));
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: "CONFLICT", extra: { reason: "open_positions" } });
    expect(e.message).toMatch(/open positions/);
    expect((await db().exchangeConnection.findUniqueOrThrow({ where: { userId: user.id } })).hedgeMode).toBe(false);
  });

  it("keys the exchange refuses still save (validation reports them); paper never calls the exchange", async () => {
    const { user } = await createUser({ plan: "PREMIUM" });
    const saved = await saveExchangeConnection(user.id, { mode: "binance_testnet", hedge_mode: true, api_key: `Unknown${uniq()}${uniq()}`, api_secret: `Secret${uniq()}${uniq()}` });
    expect(saved).toMatchObject({ connected: true, hedge_mode: true });
    const other = await createUser({ plan: "PREMIUM" });
    const before = fake.calls.length;
    await saveExchangeConnection(other.user.id, { mode: "paper", hedge_mode: true });
    expect(fake.calls.length).toBe(before);
  });

  it("validation applies the mode and says so", async () => {
    const { user } = await createUser({ plan: "PREMIUM" });
    await saveExchangeConnection(user.id, { mode: "binance_testnet", ...keys() });
    await db().exchangeConnection.update({ where: { userId: user.id }, data: { hedgeMode: true } });
    const res = await validateExchangeConnection(user.id);
    expect(res).toMatchObject({ valid: true, position_mode: { hedge_mode: true, applied: true } });
    expect(fake.account().dualSidePosition).toBe(true);

    fake.rejectNext(1, { code: -4067, msg: "Position side cannot be changed if there exists open orders." }, { path: "/fapi/v1/positionSide/dual" });
    await db().exchangeConnection.update({ where: { userId: user.id }, data: { hedgeMode: false } });
    const refused = await validateExchangeConnection(user.id);
    expect(refused).toMatchObject({ valid: true, position_mode: { hedge_mode: false, applied: false, note: expect.stringMatching(/open orders/) } });
  });
});

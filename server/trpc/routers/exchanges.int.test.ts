// tRPC exchanges.*: the same services, plan guard and errors as the REST routes.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { saveExchangeConnection } from "@/server/exchange-connections/exchange-connection";
import type { TFakeBinance } from "@/test/fakes/binance";
import { useFakeBinance } from "@/test/helpers/fake-binance";
import { createAdmin, createUser, uniq } from "@/test/helpers/factories";
import { callerAs, trpcError } from "@/test/helpers/trpc";

const as = callerAs;

let fake: TFakeBinance;
useFakeBinance((f) => (fake = f), (url) => ({ BINANCE_FUTURES_TESTBASE: url, ENABLE_LIVE_TRADING: "true" }));

describe("exchanges router", () => {
  it("connect → me → validate → balance → setLeverage → delete, keys never returned", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const api = await as(token);
    const connected = await api.exchanges.connect({ mode: "binance_testnet", api_key: fake.apiKey, api_secret: fake.apiSecret, margin_mode: "CROSSED" });
    expect(connected).toMatchObject({ connected: true, mode: "binance_testnet", has_api_key: true, margin_mode: "CROSSED" });
    expect(await api.exchanges.me()).toMatchObject({ connected: true });
    expect(await api.exchanges.validate()).toMatchObject({ valid: true, balance: { total_usdt: "10000" } });
    expect(await api.exchanges.balance()).toMatchObject({ mode: "binance_testnet", total_usdt: "10000" });
    expect(await api.exchanges.setLeverage({ leverage: 15 })).toMatchObject({ leverage: 15 });
    expect(await api.exchanges.leverage()).toMatchObject({ leverage: 15, connected: true });
    const seen = JSON.stringify([connected, await api.exchanges.me()]);
    expect(seen).not.toContain(fake.apiKey);
    expect(seen).not.toContain(fake.apiSecret);
    expect(await api.exchanges.delete()).toMatchObject({ deleted: true });
    expect(await db().exchangeConnection.findUnique({ where: { userId: user.id } })).toBeNull();
  });

  it("refuses what REST refuses: plan, input, another user's id, no session", async () => {
    const trial = await as((await createUser()).token);
    expect((await trpcError(trial.exchanges.connect({ mode: "paper" }))).code).toBe("FORBIDDEN");
    expect((await trpcError(trial.exchanges.validate())).code).toBe("FORBIDDEN");
    const premium = await createUser({ plan: "PREMIUM" });
    const other = await createUser({ plan: "PREMIUM" });
    const api = await as(premium.token);
    expect((await trpcError(api.exchanges.connect({ mode: "binance_testnet" }))).code).toBe("BAD_REQUEST");
    expect((await trpcError(api.exchanges.connect({ leverage_default: 1000 }))).code).toBe("BAD_REQUEST");
    expect((await trpcError(api.exchanges.setLeverage({ leverage: 0 }))).code).toBe("BAD_REQUEST");
    expect((await trpcError(api.exchanges.validate())).code).toBe("NOT_FOUND");
    expect((await trpcError(api.exchanges.balance({ user_id: other.user.id }))).code).toBe("FORBIDDEN");
    expect((await trpcError(api.exchanges.delete({ user_id: other.user.id }))).code).toBe("FORBIDDEN");
    expect((await trpcError((await as()).exchanges.me())).code).toBe("UNAUTHORIZED");
    await api.exchanges.connect({ mode: "binance_testnet", api_key: `Bad${uniq()}${uniq()}`, api_secret: `Bad${uniq()}${uniq()}` });
    expect((await trpcError(api.exchanges.validate())).code).toBe("BAD_REQUEST");
  });

  it("an admin acts on another user's connection", async () => {
    const target = await createUser({ plan: "PREMIUM" });
    await saveExchangeConnection(target.user.id, { mode: "paper" });
    const admin = await as((await createAdmin()).token);
    expect(await admin.exchanges.setLeverage({ leverage: 9, user_id: target.user.id })).toMatchObject({ leverage: 9 });
    expect(await admin.exchanges.balance({ user_id: target.user.id })).toMatchObject({ mode: "paper", total_usdt: "100" });
    expect(await admin.exchanges.delete({ user_id: target.user.id })).toMatchObject({ deleted: true });
  });
});

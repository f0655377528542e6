import { describe, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import { open } from "@/server/crypto/secret-box";
import { setLogLevel } from "@/server/logger";
import { updateSettings } from "@/server/users/settings";
import type { TFakeBinance } from "@/test/fakes/binance";
import { useFakeBinance } from "@/test/helpers/fake-binance";
import { createAdmin, createUser, uniq } from "@/test/helpers/factories";
import { dumpDatabase } from "@/test/helpers/database-dump";
import { call, expectError, type TResult } from "@/test/helpers/http";
import { setEnv } from "@/test/helpers/signals";
import { badTokens } from "@/test/helpers/tokens";
import * as aliasRoute from "./route";
import * as connectRoute from "./connect/route";
import * as meRoute from "./me/route";
import * as validateRoute from "./validate/route";

let fake: TFakeBinance;
useFakeBinance((f) => (fake = f), (url) => ({ BINANCE_FUTURES_TESTBASE: url, ENABLE_LIVE_TRADING: "true", EXCHANGE_MODE: "binance_testnet" }));

const newKeys = () => ({ api_key: `Key${uniq()}${uniq()}ABCDEF`, api_secret: `Sec${uniq()}${uniq()}${uniq()}XYZ` });
const fakeKeys = () => ({ api_key: fake.apiKey, api_secret: fake.apiSecret });
const connect = (token: string | undefined, body: unknown, headers?: Record<string, string>) =>
  call(connectRoute.POST, { method: "POST", path: "/api/exchanges/connect", token, body, headers });
const getMe = (token?: string) => call(meRoute.GET, { path: "/api/exchanges/me", token });
const putMe = (token: string | undefined, body: unknown) => call(meRoute.PUT, { method: "PUT", path: "/api/exchanges/me", token, body });
const deleteMe = (token?: string) => call(meRoute.DELETE, { method: "DELETE", path: "/api/exchanges/me", token });
const validate = (token?: string) => call(validateRoute.POST, { method: "POST", path: "/api/exchanges/validate", token });
const fieldOf = (res: TResult) => expectError(res, 400, "invalid_input").field;
const rowOf = (userId: number) => db().exchangeConnection.findUnique({ where: { userId } });

describe("POST /api/exchanges/connect and the phase 7 alias POST /api/exchanges", () => {
  it("connects a PREMIUM user in paper mode without keys", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const res = await connect(token, { provider: "binance_futures", mode: "paper", leverage_default: 10, margin_mode: "CROSSED", hedge_mode: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ connected: true, provider: "binance_futures", mode: "paper", has_api_key: false, leverage_default: 10, margin_mode: "CROSSED", hedge_mode: false, validated_at: null });
    expect((await rowOf(user.id))?.mode).toBe("PAPER");
  });

  it("the runbook's paper connect (SEED 10.1): empty keys are no keys, hedge_mode 0", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const body = { provider: "binance_futures", api_key: "", api_secret: "", mode: "paper", leverage_default: 10, margin_mode: "ISOLATED", hedge_mode: 0 };
    const res = await connect(token, body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ message: "Exchange account saved", connected: true, mode: "paper", is_paper: true, has_api_key: false, leverage_default: 10, hedge_mode: false });
    const row = (await rowOf(user.id))!;
    expect([row.mode, row.apiKeyEnc, row.apiSecretEnc]).toEqual(["PAPER", null, null]);
    expectError(await connect(token, { ...body, mode: "binance_testnet" }), 400, "invalid_input");
  });

  it("phase 7's body (SEED 7.1): exchange, leverage, is_paper false → the platform's live network, answered in the same words", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const res = await call(aliasRoute.POST, { method: "POST", path: "/api/exchanges", token, body: { exchange: "binance", ...fakeKeys(), leverage: 10, is_paper: false } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ message: "Exchange account saved", exchange: "binance", leverage: 10, is_paper: false, mode: "binance_testnet", has_api_key: true });
    expect(JSON.stringify(res.body)).not.toContain(fake.apiSecret);
    expect((await rowOf(user.id))!.leverageDefault).toBe(10);
    const paper = await call(aliasRoute.POST, { method: "POST", path: "/api/exchanges", token, body: { exchange: "Binance", is_paper: true } });
    expect(paper.body).toMatchObject({ is_paper: true, mode: "paper", has_api_key: true });
  });

  it.each([
    [{ exchange: "kraken" }, "exchange"],
    [{ exchange: "binance", provider: "binance_futures", is_paper: "no" }, "is_paper"],
    [{ is_paper: true, mode: "binance_testnet" }, "is_paper"],
    [{ leverage: 10, leverage_default: 5 }, "leverage"],
    [{ leverage: 200 }, "leverage"],
    [{ api_key: "", api_secret: "short" }, "api_secret"],
  ])("phase 7 spellings that contradict or are out of range: 400 for %j naming %s", async (body, field) => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    expect(fieldOf(await connect(token, body))).toBe(field);
    expect(await rowOf(user.id)).toBeNull();
  });

  it("the alias stores the same connection with sealed keys and never answers them", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const keys = newKeys();
    const res = await call(aliasRoute.POST, { method: "POST", path: "/api/exchanges", token, body: { provider: "binance_futures", mode: "binance_testnet", ...keys } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ connected: true, mode: "binance_testnet", has_api_key: true });
    const text = JSON.stringify(res.body) + JSON.stringify((await getMe(token)).body);
    expect(text).not.toContain(keys.api_key);
    expect(text).not.toContain(keys.api_secret);
    const row = (await rowOf(user.id))!;
    expect(open({ ciphertext: row.apiKeyEnc!, keyId: row.secretsKeyId! })).toBe(keys.api_key);
    expect(open({ ciphertext: row.apiSecretEnc!, keyId: row.secretsKeyId! })).toBe(keys.api_secret);
  });

  it.each([
    ["TRIAL", { plan: "TRIAL" as const }],
    ["VIP", { plan: "VIP" as const }],
    ["an expired PREMIUM", { plan: "PREMIUM" as const, planExpiresAt: new Date(Date.now() - 60_000) }],
  ])("refuses a %s user with 403 upgrade_required and stores nothing", async (_label, overrides) => {
    const { user, token } = await createUser(overrides);
    for (const res of [await connect(token, { mode: "paper" }), await putMe(token, { mode: "paper" }), await validate(token)]) {
      expect(expectError(res, 403, "upgrade_required")).toMatchObject({ required_plan: "PREMIUM" });
    }
    expect(await rowOf(user.id)).toBeNull();
  });

  it("lets an admin (whatever the plan) connect", async () => {
    const { user, token } = await createAdmin();
    expect((await connect(token, { mode: "paper", leverage_default: 3 })).body).toMatchObject({ connected: true, leverage_default: 3 });
    expect((await rowOf(user.id))?.leverageDefault).toBe(3);
  });

  it.each([
    [{ mode: "binance_testnet" }, "api_key"],
    [{ mode: "binance_mainnet", api_key: "A".repeat(20) }, "api_secret"],
    [{ api_secret: "B".repeat(20) }, "api_key"],
    [{ mode: "live" }, "mode"],
    [{ mode: 1 }, "mode"],
    [{ provider: "kraken" }, "provider"],
    [{ leverage_default: 1e9 }, "leverage_default"],
    [{ leverage_default: -5 }, "leverage_default"],
    [{ leverage_default: "10" }, "leverage_default"],
    [{ margin_mode: "isolate" }, "margin_mode"],
    [{ hedge_mode: 2 }, "hedge_mode"],
    [{ hedge_mode: "0" }, "hedge_mode"],
    [{ api_key: "x".repeat(500), api_secret: "B".repeat(20) }, "api_key"],
    [{ api_key: "A".repeat(20), api_secret: "with space inside!" }, "api_secret"],
    [{ api_key: ["A".repeat(20)], api_secret: "B".repeat(20) }, "api_key"],
    [{ mode: "paper", user_id: 1 }, "user_id"],
    [[], "body"],
    ["\"paper\"", "body"],
  ])("400 for %j naming %s, nothing stored", async (body, field) => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const json = typeof body === "string" ? { "content-type": "application/json" } : undefined;
    expect(fieldOf(await connect(token, body, json))).toBe(field);
    expect(await rowOf(user.id)).toBeNull();
  });

  it("400 for malformed JSON, an empty body and the wrong content type; 401 without a valid token", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const json = { "content-type": "application/json" };
    expectError(await connect(token, "{\"mode\":", json), 400, "invalid_json");
    expectError(await connect(token, "", json), 400, "invalid_json");
    expectError(await connect(token, "mode=paper", { "content-type": "application/x-www-form-urlencoded" }), 415, "unsupported_media_type");
    expectError(await connect(undefined, { mode: "paper" }), 401, "unauthorized");
    const bad = await badTokens(user);
    for (const t of Object.values(bad)) expectError(await connect(t, { mode: "paper" }), 401, "invalid_token");
    expect(await rowOf(user.id)).toBeNull();
  });
});

describe("GET/PUT/DELETE /api/exchanges/me", () => {
  it("GET answers {connected:false} first, then the connection without key material", async () => {
    const { token } = await createUser({ plan: "PREMIUM" });
    expect((await getMe(token)).body).toEqual({ connected: false });
    await connect(token, { mode: "binance_testnet", ...newKeys() });
    const res = await getMe(token);
    expect(res.body).toMatchObject({ connected: true, mode: "binance_testnet", has_api_key: true });
    expect(JSON.stringify(res.body)).not.toMatch(/"api_key"|"api_secret"|_enc"|secret/);
  });

  it("PUT changes only the fields sent and keeps the keys", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    await connect(token, { mode: "binance_testnet", leverage_default: 4, ...newKeys() });
    const before = (await rowOf(user.id))!;
    const res = await putMe(token, { leverage_default: 12, hedge_mode: true });
    expect(res.body).toMatchObject({ mode: "binance_testnet", leverage_default: 12, hedge_mode: true, has_api_key: true });
    expect((await rowOf(user.id))!.apiKeyEnc).toBe(before.apiKeyEnc);
  });

  it("one leverage per user: leverage_default and the risk group's leverage stay equal whichever is written", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    await db().user.update({ where: { id: user.id }, data: { leverage: 7 } });
    expect((await connect(token, { mode: "paper" })).body).toMatchObject({ leverage_default: 7 });
    await putMe(token, { leverage_default: 12 });
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { leverage: true } })).toEqual({ leverage: 12 });
    await updateSettings(user.id, "risk", { leverage: 3 });
    expect((await getMe(token)).body).toMatchObject({ leverage_default: 3 });
  });

  it("PUT with bad input changes nothing", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    await connect(token, { mode: "paper", leverage_default: 4 });
    for (const [body, field] of [[{ leverage_default: 0 }, "leverage_default"], [{ mode: "binance_mainnet" }, "api_key"], [{ margin_mode: null }, "margin_mode"]] as const) {
      expect(fieldOf(await putMe(token, body))).toBe(field);
    }
    expect((await rowOf(user.id))).toMatchObject({ mode: "PAPER", leverageDefault: 4 });
  });

  it("DELETE wipes the row with both ciphertexts; a second DELETE is a no-op; GET says not connected", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const keys = newKeys();
    await connect(token, { mode: "binance_testnet", ...keys });
    const sealed = (await rowOf(user.id))!;
    const res = await deleteMe(token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: "Exchange account removed", deleted: true, connected: false, open_live_positions: 0 });
    expect(await rowOf(user.id)).toBeNull();
    const dump = await dumpDatabase();
    for (const s of [sealed.apiKeyEnc!, sealed.apiSecretEnc!, keys.api_key, keys.api_secret]) expect(dump).not.toContain(s);
    expect((await deleteMe(token)).body).toEqual({ message: "Nothing to remove", deleted: false, connected: false, open_live_positions: 0 });
    expect((await getMe(token)).body).toEqual({ connected: false });
  });

  it("DELETE works after the plan lapsed (a user can always remove their keys) and touches only their own row", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const other = await createUser({ plan: "PREMIUM" });
    await connect(token, { mode: "binance_testnet", ...newKeys() });
    await connect(other.token, { mode: "binance_testnet", ...newKeys() });
    await db().user.update({ where: { id: user.id }, data: { plan: "TRIAL", planExpiresAt: null } });
    expect((await deleteMe(token)).body).toMatchObject({ deleted: true });
    expect(await rowOf(user.id)).toBeNull();
    expect(await rowOf(other.user.id)).not.toBeNull();
  });

  it("DELETE counts the live positions still open so the app can warn", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    await connect(token, { mode: "binance_testnet", ...newKeys() });
    const base = { userId: user.id, symbol: "BTCUSDT", direction: "LONG" as const, leverage: 5, qty: "0.01", remainingQty: "0.01", notional: "600", margin: "120" };
    await db().position.createMany({ data: [{ ...base, mode: "BINANCE_TESTNET" }, { ...base, mode: "PAPER" }, { ...base, mode: "BINANCE_TESTNET", status: "CLOSED" }] });
    expect((await deleteMe(token)).body).toEqual({ message: "Exchange account removed", deleted: true, connected: false, open_live_positions: 1 });
  });

  it("answers 401 to every method without a valid token", async () => {
    const { user } = await createUser({ plan: "PREMIUM" });
    const bad = await badTokens(user);
    for (const t of [undefined, ...Object.values(bad)]) {
      for (const res of [await getMe(t), await putMe(t, { mode: "paper" }), await deleteMe(t), await validate(t)]) expect(res.status).toBe(401);
    }
  });
});

describe("POST /api/exchanges/validate", () => {
  it("404 before any connection", async () => {
    const { token } = await createUser({ plan: "PREMIUM" });
    expectError(await validate(token), 404, "not_found");
  });

  it("paper is always valid and records validated_at", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    await connect(token, { mode: "paper" });
    const res = await validate(token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ valid: true, mode: "paper", live_trading: false, balance: { currency: "USDT", total_usdt: "100", free_usdt: "100" } });
    expect((await rowOf(user.id))!.validatedAt?.toISOString()).toBe(res.body.validated_at);
    expect(fake.calls).toHaveLength(0);
  });

  it("testnet keys the (fake) exchange accepts: valid, balance from the exchange, validated_at recorded", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    await connect(token, { mode: "binance_testnet", ...fakeKeys() });
    fake.setBalance("2500.5");
    const res = await validate(token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ valid: true, mode: "binance_testnet", live_trading: true, balance: { total_usdt: "2500.5", free_usdt: "2500.5" } });
    expect((await rowOf(user.id))!.validatedAt).not.toBeNull();
    expect(fake.calls.some((c) => c.apiKey === fake.apiKey)).toBe(true);
    expect(fake.placements()).toHaveLength(0);
    expect((await getMe(token)).body.validated_at).toBe(res.body.validated_at);
  });

  it("checks the keys even while live trading is off, and says trades stay off the exchange", async () => {
    setEnv({ ENABLE_LIVE_TRADING: "false" });
    const { token } = await createUser({ plan: "PREMIUM" });
    await connect(token, { mode: "binance_testnet", ...fakeKeys() });
    const res = await validate(token);
    expect(res.body).toMatchObject({ valid: true, live_trading: false });
    expect(res.body.live_trading_note).toMatch(/live trading is disabled/);
  });

  it.each([
    ["an unknown API key", () => ({ api_key: `Unknown${uniq()}${uniq()}`, api_secret: fake.apiSecret }), /-2015/],
    ["a wrong secret", () => ({ api_key: fake.apiKey, api_secret: `Wrong${uniq()}${uniq()}` }), /-1022/],
  ])("%s → 400 naming api_key (not 500), and an earlier validation is cleared", async (_label, keys, code) => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    await connect(token, { mode: "binance_testnet", ...keys() });
    await db().exchangeConnection.update({ where: { userId: user.id }, data: { validatedAt: new Date() } });
    const res = await validate(token);
    expect(expectError(res, 400, "invalid_input")).toMatchObject({ field: "api_key" });
    expect(res.body.message).toMatch(code);
    expect((await rowOf(user.id))!.validatedAt).toBeNull();
  });

  it("an exchange that is down → 503 exchange_unavailable, the record unchanged", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    await connect(token, { mode: "binance_testnet", ...fakeKeys() });
    const earlier = new Date("2026-01-01T00:00:00Z");
    await db().exchangeConnection.update({ where: { userId: user.id }, data: { validatedAt: earlier } });
    fake.goDown();
    try {
      expectError(await validate(token), 503, "exchange_unavailable");
    } finally {
      fake.comeBack();
    }
    expect((await rowOf(user.id))!.validatedAt?.toISOString()).toBe(earlier.toISOString());
  });

  it("rate limited by the exchange → 429 with Retry-After", async () => {
    const { token } = await createUser({ plan: "PREMIUM" });
    await connect(token, { mode: "binance_testnet", ...fakeKeys() });
    fake.rateLimitNext(5, { retryAfterSeconds: 7 });
    const res = await validate(token);
    expectError(res, 429, "rate_limited");
    expect(res.headers.get("retry-after")).toBe("7");
  });
});

describe("secrets at rest and in logs", () => {
  it("after connect, validate (good and bad keys), update and delete, no table and no log line holds a key or secret", async () => {
    const lines: string[] = [];
    const capture = (chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    };
    const spies = [
      vi.spyOn(process.stdout, "write").mockImplementation(capture),
      vi.spyOn(process.stderr, "write").mockImplementation(capture),
      vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void lines.push(a.map(String).join(" "))),
      vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void lines.push(a.map(String).join(" "))),
      vi.spyOn(console, "warn").mockImplementation((...a: unknown[]) => void lines.push(a.map(String).join(" "))),
    ];
    setLogLevel("debug");
    const a = await createUser({ plan: "PREMIUM" });
    const b = await createUser({ plan: "PREMIUM" });
    const c = await createUser({ plan: "PREMIUM" });
    const bKeys = { api_key: `Leak${uniq()}${uniq()}`, api_secret: `LeakSecret${uniq()}${uniq()}` };
    const cKeys = newKeys();
    try {
      await connect(a.token, { mode: "binance_testnet", ...fakeKeys() });
      await validate(a.token);
      await connect(b.token, { mode: "binance_testnet", ...bKeys });
      await validate(b.token);
      fake.goDown();
      await validate(a.token);
      fake.comeBack();
      setEnv({ BINANCE_FUTURES_BASE: "http://127.0.0.1:9" });
      await connect(c.token, { mode: "binance_mainnet", ...cKeys });
      await putMe(c.token, { leverage_default: 9 });
      await validate(c.token); // nothing listens on the mainnet URL: an error path
      const dump = await dumpDatabase();
      for (const s of [fake.apiKey, fake.apiSecret, bKeys.api_key, bKeys.api_secret, cKeys.api_key, cKeys.api_secret]) {
        expect(dump).not.toContain(s);
        expect(dump).not.toContain(Buffer.from(s).toString("base64"));
        expect(dump).not.toContain(Buffer.from(s).toString("hex"));
      }
      await deleteMe(b.token);
    } finally {
      setLogLevel("error");
      fake.comeBack();
      for (const s of spies) s.mockRestore();
    }
    const logs = lines.join("\n");
    for (const s of [fake.apiSecret, bKeys.api_key, bKeys.api_secret, cKeys.api_key, cKeys.api_secret]) expect(logs).not.toContain(s);
    expect(logs).not.toContain(fake.apiKey);
  }, 60_000);
});

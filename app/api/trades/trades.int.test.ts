// Seed phase 2: trade confirmations the app posts (POST /api/trades/execute), listed per user (GET /api/trades).
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createAdmin, createUser } from "@/test/helpers/factories";
import { call, expectError } from "@/test/helpers/http";
import { badTokens } from "@/test/helpers/tokens";
import { GET as listRoute } from "./route";
import { POST as executeRoute } from "./execute/route";

const execute = (token: string | undefined, body: unknown, headers?: Record<string, string>) =>
  call(executeRoute, { method: "POST", path: "/api/trades/execute", token, body, headers });
const list = (token: string | undefined, query = "") => call(listRoute, { token, path: `/api/trades${query}` });
const countFor = (userId: number) => db().executedTrade.count({ where: { userId } });

describe("POST /api/trades/execute", () => {
  it("stores the confirmation exactly and answers 201 with it", async () => {
    const { user, token } = await createUser();
    const res = await execute(token, { symbol: "btc/usdt", side: "buy", qty: 0.0015, price: "68500.5", result: "TP1 hit", executed_at: "2026-03-01T10:00:00Z" });
    expect(res.status).toBe(201);
    expect(res.body.message).toBe("Trade recorded");
    expect(res.body.trade).toMatchObject({ user_id: user.id, symbol: "BTCUSDT", side: "BUY", qty: "0.0015", price: "68500.5", notional: "102.75075", result: "TP1 hit", executed_at: "2026-03-01T10:00:00.000Z" });
    const row = await db().executedTrade.findUniqueOrThrow({ where: { id: res.body.trade.id } });
    expect(row.qty.toFixed()).toBe("0.0015");
    expect(row.executedAt.toISOString()).toBe("2026-03-01T10:00:00.000Z");
  });

  it("defaults executed_at to now, accepts LONG/SHORT for side and a numeric result; tiny numbers stay in plain notation", async () => {
    const { token } = await createUser();
    const before = Date.now();
    const res = await execute(token, { symbol: "DOGEUSDT", side: "SHORT", qty: 1e-7, price: 0.00000015, result: -1.25 });
    expect(res.body.trade).toMatchObject({ side: "SELL", qty: "0.0000001", price: "0.00000015", result: "-1.25" });
    expect(Date.parse(res.body.trade.executed_at)).toBeGreaterThanOrEqual(before - 1000);
    expect(JSON.stringify(res.body)).not.toMatch(/\de-\d/);
  });

  it.each([
    [{ side: "BUY", qty: 1, price: 1 }, "symbol"],
    [{ symbol: "BTC", side: "BUY", qty: 1, price: 1 }, "symbol"],
    [{ symbol: 42, side: "BUY", qty: 1, price: 1 }, "symbol"],
    [{ symbol: "BTCUSDT", qty: 1, price: 1 }, "side"],
    [{ symbol: "BTCUSDT", side: "HOLD", qty: 1, price: 1 }, "side"],
    [{ symbol: "BTCUSDT", side: "BUY", price: 1 }, "qty"],
    [{ symbol: "BTCUSDT", side: "BUY", qty: 0, price: 1 }, "qty"],
    [{ symbol: "BTCUSDT", side: "BUY", qty: -1, price: 1 }, "qty"],
    [{ symbol: "BTCUSDT", side: "BUY", qty: "1e3", price: 1 }, "qty"],
    [{ symbol: "BTCUSDT", side: "BUY", qty: 1e300, price: 1 }, "qty"],
    [{ symbol: "BTCUSDT", side: "BUY", qty: "10000000000000", price: 1 }, "qty"],
    [{ symbol: "BTCUSDT", side: "BUY", qty: "0.0000000000001", price: 1 }, "qty"],
    [{ symbol: "BTCUSDT", side: "BUY", qty: "abc", price: 1 }, "qty"],
    [{ symbol: "BTCUSDT", side: "BUY", qty: true, price: 1 }, "qty"],
    [{ symbol: "BTCUSDT", side: "BUY", qty: 1 }, "price"],
    [{ symbol: "BTCUSDT", side: "BUY", qty: 1, price: null }, "price"],
    [{ symbol: "BTCUSDT", side: "BUY", qty: 1, price: "NaN" }, "price"],
    [{ symbol: "BTCUSDT", side: "BUY", qty: 1, price: 1, result: "x".repeat(201) }, "result"],
    [{ symbol: "BTCUSDT", side: "BUY", qty: 1, price: 1, result: { pnl: 1 } }, "result"],
    [{ symbol: "BTCUSDT", side: "BUY", qty: 1, price: 1, executed_at: "yesterday" }, "executed_at"],
    [{ symbol: "BTCUSDT", side: "BUY", qty: 1, price: 1, executed_at: "2999-01-01T00:00:00Z" }, "executed_at"],
    [{ symbol: "BTCUSDT", side: "BUY", qty: 1, price: 1, executed_at: "1970-01-01T00:00:00Z" }, "executed_at"],
    [{ symbol: "BTCUSDT", side: "BUY", qty: 1, price: 1, user_id: 1 }, "user_id"],
  ])("400 for %j naming %s, nothing stored", async (body, field) => {
    const { user, token } = await createUser();
    expect(expectError(await execute(token, body), 400, "invalid_input").field).toBe(field);
    expect(await countFor(user.id)).toBe(0);
  });

  it("400 for malformed JSON and a non-object body; 401 for a missing, expired, forged or tampered token", async () => {
    const { user, token } = await createUser();
    expectError(await execute(token, "{", { "content-type": "application/json" }), 400, "invalid_json");
    expectError(await execute(token, "[1,2]", { "content-type": "application/json" }), 400, "invalid_input");
    for (const t of [undefined, ...Object.values(await badTokens(user))]) expect((await execute(t, { symbol: "BTCUSDT", side: "BUY", qty: 1, price: 1 })).status).toBe(401);
    expect(await countFor(user.id)).toBe(0);
  });
});

describe("GET /api/trades", () => {
  it("lists only the caller's trades, newest executed first, page by page", async () => {
    const me = await createUser();
    const other = await createUser();
    for (const [i, at] of ["2026-01-01T00:00:00Z", "2026-01-03T00:00:00Z", "2026-01-02T00:00:00Z"].entries()) {
      await execute(me.token, { symbol: "ETHUSDT", side: "BUY", qty: i + 1, price: 3000, executed_at: at });
    }
    await execute(other.token, { symbol: "ETHUSDT", side: "SELL", qty: 9, price: 3000 });
    const page1 = await list(me.token, "?per_page=2");
    expect(page1.body).toMatchObject({ page: 1, per_page: 2, total: 3 });
    expect(page1.body.trades.map((t: { qty: string }) => t.qty)).toEqual(["2", "3"]);
    const page2 = await list(me.token, "?per_page=2&page=2");
    expect(page2.body.trades.map((t: { qty: string }) => t.qty)).toEqual(["1"]);
  });

  it("an admin may list anyone's with ?user_id=; a user asking for another's gets 403", async () => {
    const me = await createUser();
    const other = await createUser();
    const admin = await createAdmin();
    await execute(me.token, { symbol: "SOLUSDT", side: "BUY", qty: 2, price: 150 });
    expect((await list(admin.token, `?user_id=${me.user.id}`)).body.total).toBe(1);
    expectError(await list(other.token, `?user_id=${me.user.id}`), 403, "forbidden");
    expect((await list(me.token, `?user_id=${me.user.id}`)).body.total).toBe(1);
    expectError(await list(admin.token, "?user_id=2147483647"), 404, "not_found");
  });

  it.each([["?page=0", "page"], ["?per_page=1000", "per_page"], ["?page=x", "page"], ["?user_id=abc", "user_id"], ["?sort=asc", "sort"]])(
    "400 for %s naming %s",
    async (query, field) => {
      const { token } = await createUser();
      expect(expectError(await list(token, query), 400, "invalid_input").field).toBe(field);
    },
  );
});

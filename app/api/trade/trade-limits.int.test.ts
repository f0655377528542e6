// The real risk engine behind the trade routes: a trade past a user's limit answers SPEC §7's
// 409 {"error": "risk_blocked", "reason": …}, writes no position and records a risk event.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { useFakeBinance } from "@/test/helpers/fake-binance";
import { createUser } from "@/test/helpers/factories";
import { call, expectError } from "@/test/helpers/http";
import { insertPosition } from "@/test/helpers/positions";
import { POST as executeRoute } from "./execute/route";
import { POST as marketRoute } from "./market/route";

useFakeBinance(() => undefined, (url) => ({ BINANCE_FUTURES_BASE: url }));

const SOL_LONG = { symbol: "SOLUSDT", direction: "LONG", targets: [160], stop_loss: 140, per_trade_usdt: "30" };

describe("risk limits on the trade routes", () => {
  it.each([["execute", executeRoute], ["market", marketRoute]])("%s past max_concurrent_trades → 409 risk_blocked with the reason", async (_name, handler) => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    await db().user.update({ where: { id: user.id }, data: { maxConcurrentTrades: 1 } });
    await insertPosition(user.id);
    const res = await call(handler, { method: "POST", token, body: SOL_LONG });
    expect(expectError(res, 409, "risk_blocked")).toMatchObject({ reason: "1 trades already open (limit 1)" });
    expect(await db().position.count({ where: { userId: user.id } })).toBe(1);
    expect(await db().riskEvent.findMany({ where: { userId: user.id }, select: { kind: true, rule: true, symbol: true, reason: true } })).toEqual([
      { kind: "USER_BLOCKED", rule: "max_concurrent_trades", symbol: "SOLUSDT", reason: "1 trades already open (limit 1)" },
    ]);
  });

  it("exactly at the limit the trade opens (201)", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    await db().user.update({ where: { id: user.id }, data: { maxConcurrentTrades: 2 } });
    await insertPosition(user.id);
    const res = await call(executeRoute, { method: "POST", token, body: SOL_LONG });
    expect(res.status).toBe(201);
    expect(await db().position.count({ where: { userId: user.id, status: "OPEN" } })).toBe(2);
  });
});

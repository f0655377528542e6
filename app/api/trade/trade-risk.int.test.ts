// The risk engine's pre-trade decision as the trade routes surface it: preview shows it, execute and
// market answer 409 risk_blocked and write no position. The engine itself comes with the risk issue,
// so its check is replaced here by one that blocks SOLUSDT and trims ETHUSDT trades to 0.005.
import { describe, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import type * as TPreTrade from "@/server/risk/pre-trade";
import { useFakeBinance } from "@/test/helpers/fake-binance";
import { createUser } from "@/test/helpers/factories";
import { call, expectError } from "@/test/helpers/http";
import { POST as previewRoute } from "./preview/route";
import { POST as executeRoute } from "./execute/route";
import { POST as marketRoute } from "./market/route";

vi.mock("@/server/risk/pre-trade", async (importOriginal) => {
  const real = await importOriginal<typeof TPreTrade>();
  const decide = (symbol: string) =>
    symbol === "SOLUSDT"
      ? { allowed: false as const, reason: "max concurrent trades reached (5)", kind: "MAX_CONCURRENT" }
      : symbol === "ETHUSDT"
        ? { allowed: true as const, qty: "0.005" }
        : { allowed: true as const };
  return {
    ...real,
    checkPreTrade: vi.fn(async (ctx: { symbol: string }) => decide(ctx.symbol)),
    checkPreTradeMany: vi.fn(async (_tx: unknown, ctxs: { symbol: string }[]) => ctxs.map((c) => decide(c.symbol))),
  };
});

useFakeBinance(() => undefined, (url) => ({ BINANCE_FUTURES_BASE: url }));

const SOL_LONG = { symbol: "SOLUSDT", direction: "LONG", targets: [160], stop_loss: 140, per_trade_usdt: "30" };

describe("pre-trade risk decision", () => {
  it("preview shows the block with its reason and allowed: false", async () => {
    const { token } = await createUser({ plan: "VIP" });
    const res = await call(previewRoute, { method: "POST", token, body: SOL_LONG });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ allowed: false, checks: { size: { ok: true }, risk: { allowed: false, reason: "max concurrent trades reached (5)", kind: "MAX_CONCURRENT" } } });
  });

  it("preview shows a trade the risk engine reduces at its reduced size", async () => {
    const { token } = await createUser({ plan: "VIP" });
    const res = await call(previewRoute, { method: "POST", token, body: { symbol: "ETHUSDT", direction: "LONG", targets: [3100], stop_loss: 2900, per_trade_usdt: "10" } });
    // 10 × 5 ÷ 3000 = 0.016 asked; the engine allows 0.005 → notional 15, margin 3.
    expect(res.body).toMatchObject({ allowed: true, qty: "0.005", notional: "15", margin: "3", checks: { risk: { allowed: true, qty: "0.005" } } });
  });

  it.each([["execute", executeRoute], ["market", marketRoute]])("%s → 409 risk_blocked with the reason, no position written", async (_name, handler) => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const res = await call(handler, { method: "POST", token, body: SOL_LONG });
    expect(expectError(res, 409, "risk_blocked")).toMatchObject({ reason: "max concurrent trades reached (5)" });
    expect(await db().position.count({ where: { userId: user.id } })).toBe(0);
    expect(await db().riskEvent.count({ where: { userId: user.id } })).toBeGreaterThanOrEqual(1);
  });
});

// The risk engine's pre-trade decision as the trade routes surface it: preview shows it, execute and
// market answer 409 risk_blocked and write no position. The engine itself comes with the risk issue,
// so its check is replaced here by one that blocks SOLUSDT, trims DOGEUSDT trades to 100 and ETHUSDT
// trades to 0.005 (15 USDT: below ETHUSDT's 20 USDT minimum order, so no trade at all).
import { describe, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import type * as TPreTrade from "@/server/risk/pre-trade";
import { useFakeBinance } from "@/test/helpers/fake-binance";
import { EXPOSURE_TOO_SMALL } from "@/server/trading/trade-plan";
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
        : symbol === "DOGEUSDT"
          ? { allowed: true as const, qty: "100" }
          : { allowed: true as const };
  return {
    ...real,
    checkPreTrade: vi.fn(async (ctx: { symbol: string }) => decide(ctx.symbol)),
    checkPreTradeMany: vi.fn(async (_tx: unknown, ctxs: { symbol: string }[]) => ctxs.map((c) => decide(c.symbol))),
  };
});

useFakeBinance(() => undefined, (url) => ({ BINANCE_FUTURES_BASE: url }));

const SOL_LONG = { symbol: "SOLUSDT", direction: "LONG", targets: [160], stop_loss: 140, per_trade_usdt: "30" };
const DOGE_LONG = { symbol: "DOGEUSDT", direction: "LONG", targets: [0.16], stop_loss: 0.14, per_trade_usdt: "10" };
// 10 × 5 ÷ 3000 = 0.016 asked.
const ETH_LONG = { symbol: "ETHUSDT", direction: "LONG", targets: [3100], stop_loss: 2900, per_trade_usdt: "10" };

describe("pre-trade risk decision", () => {
  it("preview shows the block with its reason and allowed: false", async () => {
    const { token } = await createUser({ plan: "VIP" });
    const res = await call(previewRoute, { method: "POST", token, body: SOL_LONG });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ allowed: false, checks: { size: { ok: true }, risk: { allowed: false, reason: "max concurrent trades reached (5)", kind: "MAX_CONCURRENT" } } });
  });

  it("preview shows a trade the risk engine reduces at its reduced size", async () => {
    const { token } = await createUser({ plan: "VIP" });
    const res = await call(previewRoute, { method: "POST", token, body: DOGE_LONG });
    // 10 × 5 ÷ 0.15 ≈ 333 asked; the engine allows 100 → notional 15, margin 3.
    expect(res.body).toMatchObject({ allowed: true, qty: "100", notional: "15", margin: "3", checks: { risk: { allowed: true, qty: "100" } } });
  });

  // Preview is a dry run of execute: a reduction below the market's minimum order is refused by both,
  // with the same reason (it once showed allowed: true at 0.005 ETH while execute answered 409).
  it("a reduction below the market's minimum: preview says allowed: false, execute 409, with the same reason", async () => {
    const { token } = await createUser({ plan: "VIP" });
    const preview = await call(previewRoute, { method: "POST", token, body: ETH_LONG });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ allowed: false, qty: "0.016", checks: { risk: { allowed: false, kind: "max_account_exposure", reason: EXPOSURE_TOO_SMALL, qty: null } } });
    const premium = await createUser({ plan: "PREMIUM" });
    const res = await call(executeRoute, { method: "POST", token: premium.token, body: ETH_LONG });
    expect(expectError(res, 409, "risk_blocked")).toMatchObject({ reason: EXPOSURE_TOO_SMALL });
    expect(await db().position.count({ where: { userId: premium.user.id } })).toBe(0);
  });

  it.each([["execute", executeRoute], ["market", marketRoute]])("%s → 409 risk_blocked with the reason, no position written", async (_name, handler) => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const res = await call(handler, { method: "POST", token, body: SOL_LONG });
    expect(expectError(res, 409, "risk_blocked")).toMatchObject({ reason: "max concurrent trades reached (5)" });
    expect(await db().position.count({ where: { userId: user.id } })).toBe(0);
    expect(await db().riskEvent.count({ where: { userId: user.id } })).toBeGreaterThanOrEqual(1);
  });
});

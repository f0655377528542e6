// tRPC trading.*: the same services, plan guards and errors as the REST trade, position, order and
// executed-trades routes.
import { describe, expect, it } from "vitest";
import type { TFakeBinance } from "@/test/fakes/binance";
import { useFakeBinance } from "@/test/helpers/fake-binance";
import { createAdmin, createUser } from "@/test/helpers/factories";
import { callerAs, trpcError } from "@/test/helpers/trpc";

const as = callerAs;

let fake: TFakeBinance;
useFakeBinance((f) => (fake = f), (url) => ({ BINANCE_FUTURES_BASE: url, ENABLE_LIVE_TRADING: "false" }));

const ETH_LONG = { symbol: "ETHUSDT", direction: "LONG", targets: ["3100", "3200"], stop_loss: "2900" };

describe("trading router", () => {
  it("preview → execute → positions → orders → close → history, in paper", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const api = await as(token);
    expect(await api.trading.preview(ETH_LONG)).toMatchObject({ qty: "0.008", notional: "24", margin: "4.8", allowed: true });
    const opened = await api.trading.execute(ETH_LONG);
    expect(opened).toMatchObject({ outcome: "opened", mode: "paper", position: { status: "OPEN", qty: "0.008" } });
    const id = opened.position!.id;
    expect((await api.trading.positions({})).positions.map((p) => p.id)).toEqual([id]);
    expect((await api.trading.userPositions({ user_id: String(user.id) })).positions.map((p) => p.id)).toEqual([id]);
    expect((await api.trading.orders({ position_id: id })).orders).toHaveLength(4);
    fake.setPrice("ETHUSDT", "3150.00");
    expect(await api.trading.close({ position_id: id, reason: "done" })).toMatchObject({ close: { realized_pnl: "1.18032", pnl_pct: "24.59" } });
    const history = await api.trading.history({ days: 7 });
    expect(history.positions.map((p) => p.id)).toEqual([id]);
    expect(history.totals.trades).toBe(1);
    fake.setPrice("ETHUSDT", "3000.00");
    expect(await api.trading.market(ETH_LONG)).toMatchObject({ dry_run: true, position: { status: "OPEN" } });
  });

  it("records and lists executed trades", async () => {
    const api = await as((await createUser()).token);
    const trade = await api.trading.recordTrade({ symbol: "BTCUSDT", side: "BUY", qty: "0.01", price: "60000" });
    expect(trade).toMatchObject({ symbol: "BTCUSDT", side: "BUY", qty: "0.01", notional: "600" });
    expect((await api.trading.trades({})).trades.map((t) => t.id)).toEqual([trade.id]);
  });

  it("refuses what REST refuses: plans, another user's position, bad input, no session", async () => {
    const vip = await as((await createUser({ plan: "VIP" })).token);
    expect((await vip.trading.preview(ETH_LONG)).allowed).toBe(true);
    expect((await trpcError(vip.trading.execute(ETH_LONG))).code).toBe("FORBIDDEN");
    expect((await trpcError((await as((await createUser()).token)).trading.preview(ETH_LONG))).code).toBe("FORBIDDEN");
    const owner = await as((await createUser({ plan: "PREMIUM" })).token);
    const other = await as((await createUser({ plan: "PREMIUM" })).token);
    const { position } = await owner.trading.execute(ETH_LONG);
    expect((await trpcError(other.trading.close({ position_id: position!.id }))).code).toBe("FORBIDDEN");
    expect((await trpcError(other.trading.orders({ position_id: position!.id }))).code).toBe("FORBIDDEN");
    expect((await trpcError(other.trading.orders({ position_id: "nope" }))).code).toBe("BAD_REQUEST");
    expect((await trpcError(other.trading.positions({ all: "true" }))).code).toBe("FORBIDDEN");
    expect((await trpcError(owner.trading.execute({ ...ETH_LONG, targets: ["2000"] }))).code).toBe("BAD_REQUEST");
    expect((await trpcError((await as()).trading.positions({}))).code).toBe("UNAUTHORIZED");
    const admin = await as((await createAdmin()).token);
    expect((await admin.trading.positions({ all: "true" })).total).toBeGreaterThanOrEqual(1);
    expect(await admin.trading.close({ position_id: position!.id })).toMatchObject({ position: { status: "CLOSED" } });
  });
});

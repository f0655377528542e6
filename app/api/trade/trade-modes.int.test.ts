// The runbook's trade requests (SEED-EXAMPLES 5.1, 5.2, 5.6, 7.4): the account chosen by `mode` /
// `live`, `confirm`, an exact `qty`, and a paper trade priced at the requested entry when the price
// feed is unreachable.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { saveExchangeConnection } from "@/server/exchange-connections/exchange-connection";
import type { TFakeBinance } from "@/test/fakes/binance";
import { useFakeBinance } from "@/test/helpers/fake-binance";
import { createUser } from "@/test/helpers/factories";
import { call, expectError } from "@/test/helpers/http";
import { setEnv } from "@/test/helpers/signals";
import { POST as previewRoute } from "./preview/route";
import { POST as executeRoute } from "./execute/route";
import { POST as marketRoute } from "./market/route";
import { POST as closeRoute } from "./close/route";
import { POST as positionCloseRoute } from "../positions/[id]/close/route";
import { callerAs } from "@/test/helpers/trpc";
import { toAppError } from "@/server/errors";

let fake: TFakeBinance;
useFakeBinance((f) => (fake = f), (url) => ({ BINANCE_FUTURES_BASE: url, BINANCE_FUTURES_TESTBASE: url, ENABLE_LIVE_TRADING: "false", EXCHANGE_MODE: "binance_testnet" }));

const post = (handler: Parameters<typeof call>[0], token: string, body: unknown) => call(handler, { method: "POST", token, body });
const ETH_LONG = { symbol: "ETHUSDT", side: "BUY", entry: 3000, sl: 2900, tp: [3100, 3200], leverage: 10 };
const positionsOf = (userId: number) => db().position.findMany({ where: { userId }, include: { orders: true } });

async function liveUser() {
  const u = await createUser({ plan: "PREMIUM" });
  await saveExchangeConnection(u.user.id, { mode: "binance_testnet", api_key: fake.apiKey, api_secret: fake.apiSecret });
  return u;
}

describe("mode", () => {
  it("PAPER: a paper trade even for a user whose connection is live, nothing reaches the exchange", async () => {
    setEnv({ ENABLE_LIVE_TRADING: "true" });
    const { user, token } = await liveUser();
    const preview = await post(previewRoute, token, { ...ETH_LONG, mode: "PAPER" });
    expect(preview.body).toMatchObject({ mode: "paper", live: false });
    const res = await post(executeRoute, token, { ...ETH_LONG, mode: "paper", confirm: true });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ executed: true, outcome: "opened", mode: "paper", live: false, status: "OPEN" });
    expect(res.body.position_id).toBe(res.body.position.id);
    const [row] = await positionsOf(user.id);
    expect(row!.mode).toBe("PAPER");
    expect(res.body.order_id).toBe(row!.orders.find((o) => o.kind === "ENTRY")!.id);
    expect(fake.placements()).toEqual([]);
  });

  it("LIVE while live trading is off: 409 with the reason, nothing written or placed", async () => {
    const { user, token } = await liveUser();
    for (const handler of [previewRoute, executeRoute, marketRoute]) {
      const err = expectError(await post(handler, token, { ...ETH_LONG, mode: "LIVE", confirm: true }), 409, "live_trading_unavailable");
      expect(err.message).toMatch(/Live trading is off on this platform/);
    }
    expectError(await post(marketRoute, token, { symbol: "ETHUSDT", side: "LONG", qty: 0.01, live: true }), 409, "live_trading_unavailable");
    expect(await positionsOf(user.id)).toEqual([]);
    expect(fake.placements()).toEqual([]);
  });

  it("LIVE with a paper connection (live trading on): 409 naming the connection, nothing written", async () => {
    setEnv({ ENABLE_LIVE_TRADING: "true" });
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const err = expectError(await post(executeRoute, token, { ...ETH_LONG, mode: "LIVE" }), 409, "live_trading_unavailable");
    expect(err.message).toMatch(/paper mode/);
    expect(await positionsOf(user.id)).toEqual([]);
  });

  it("LIVE with live trading on and a testnet connection places the order on the exchange", async () => {
    setEnv({ ENABLE_LIVE_TRADING: "true" });
    const { user, token } = await liveUser();
    const res = await post(executeRoute, token, { ...ETH_LONG, mode: "LIVE", confirm: true });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ mode: "binance_testnet", live: true });
    expect((await positionsOf(user.id))[0]!.mode).toBe("BINANCE_TESTNET");
    expect(fake.placements().length).toBeGreaterThan(0);
  });
});

describe("confirm", () => {
  it("false executes nothing and answers with the preview", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const res = await post(executeRoute, token, { ...ETH_LONG, mode: "PAPER", confirm: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ executed: false, outcome: "not_confirmed", position_id: null, position: null });
    expect(res.body.message).toMatch(/confirm/);
    expect(res.body.preview).toMatchObject({ symbol: "ETHUSDT", direction: "LONG", allowed: true });
    expect(await positionsOf(user.id)).toEqual([]);
  });

  it("left out, execute executes (the app's call and phase 7's market send none)", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    expect((await post(executeRoute, token, ETH_LONG)).status).toBe(201);
    expect(await positionsOf(user.id)).toHaveLength(1);
  });
});

describe("qty (phase 7 market)", () => {
  it("an exact quantity, live false: a paper position of that size, dry run", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const res = await post(marketRoute, token, { symbol: "ETHUSDT", side: "LONG", qty: 0.01, leverage: 10, tp: [3100, 3200], sl: 2900, live: false });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ dry_run: true, live: false, mode: "paper" });
    expect(res.body.message).toMatch(/^Dry run/);
    expect(res.body.position).toMatchObject({ qty: "0.01", leverage: 10, entry_price: "3000" });
    expect(await positionsOf(user.id)).toHaveLength(1);
  });

  it("rounds down to the market's step; below the minimum quantity refused (422), writing nothing", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const preview = await post(previewRoute, token, { symbol: "ETHUSDT", side: "LONG", qty: "0.0129", leverage: 10 });
    expect(preview.body).toMatchObject({ qty: "0.012", sizing_mode: "QTY", warnings: [] });
    expectError(await post(marketRoute, token, { symbol: "ETHUSDT", side: "LONG", qty: 0.0004, leverage: 10 }), 422, "invalid_order");
    expect(await positionsOf(user.id)).toEqual([]);
  });

  it("paper, below the minimum order value: recorded (the runbook's dry run of 0.001 BTC) with the warning that Binance would refuse it live", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const res = await post(marketRoute, token, { symbol: "ETHUSDT", side: "LONG", qty: 0.001, leverage: 10, live: false });
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual([expect.stringMatching(/^paper only: order value 3 USDT on ETHUSDT is below the minimum 20 USDT, so Binance would refuse this order live$/)]);
    expect(res.body.position).toMatchObject({ qty: "0.001", mode: "paper" });
    expect(await positionsOf(user.id)).toHaveLength(1);
  });

  it("live, below the minimum order value: refused before anything is placed (422)", async () => {
    setEnv({ ENABLE_LIVE_TRADING: "true" });
    const { user, token } = await liveUser();
    expectError(await post(marketRoute, token, { symbol: "ETHUSDT", side: "LONG", qty: 0.001, leverage: 10, live: true }), 422, "invalid_order");
    expect(await positionsOf(user.id)).toEqual([]);
    expect(fake.placements()).toEqual([]);
  });
});

describe("the price feed unreachable", () => {
  it("a paper execute with an explicit entry fills at that entry and says so", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    fake.goDown();
    const preview = await post(previewRoute, token, { ...ETH_LONG, entry: 2990, mode: "PAPER" });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ entry_price: "2990", price_source: "request" });
    expect(preview.body.price_note).toMatch(/unreachable/);
    const res = await post(executeRoute, token, { ...ETH_LONG, entry: 2990, mode: "PAPER", confirm: true });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ filled_at_signal_price: true, position: { entry_price: "2990", filled_at_signal_price: true } });
    expect(res.body.message).toMatch(/unreachable/);
    const market = await post(marketRoute, token, { symbol: "ETHUSDT", side: "LONG", qty: 0.01, entry: 2990, live: false });
    expect(market.status).toBe(201);
    expect(await positionsOf(user.id)).toHaveLength(2);
  });

  it("without an entry there is no price to trade at: 503, nothing written", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    fake.goDown();
    const { entry: _entry, ...noEntry } = ETH_LONG;
    expectError(await post(executeRoute, token, noEntry), 503, "exchange_unavailable");
    expect(await positionsOf(user.id)).toEqual([]);
  });
});

describe("concurrent closes (issue 15, item 4)", () => {
  it("20 closes of one paper position at once: exactly one 200, the rest 409, P&L booked once", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const opened = await post(executeRoute, token, ETH_LONG);
    const id = opened.body.position_id as string;
    const results = await Promise.all(Array.from({ length: 20 }, () => post(closeRoute, token, { position_id: id })));
    expect(results.map((r) => r.status).sort()).toEqual([200, ...Array.from({ length: 19 }, () => 409)]);
    for (const r of results.filter((x) => x.status === 409)) expect(expectError(r, 409, "conflict").message).toMatch(/already closed/);
    const [row] = await positionsOf(user.id);
    expect(row!.orders.filter((o) => o.kind === "CLOSE")).toHaveLength(1);
  });
});

describe("concurrent closes of a live position (issue 15, item 4)", () => {
  it("20 closes at once through REST (both routes) and tRPC: exactly one 200, the rest 409, one market close on the exchange, P&L booked once", async () => {
    setEnv({ ENABLE_LIVE_TRADING: "true" });
    const { user, token } = await liveUser();
    const opened = await post(executeRoute, token, { ...ETH_LONG, mode: "LIVE", confirm: true });
    expect(opened.status).toBe(201);
    const id = opened.body.position_id as string;
    const before = fake.placements().length;
    const trpc = await callerAs(token);
    const viaTrpc = () =>
      trpc.trading.close({ position_id: id }).then(
        () => ({ status: 200, message: "Position closed" }),
        (err: { cause?: unknown }) => {
          const app = toAppError(err.cause);
          return { status: app.httpStatus, message: app.message };
        },
      );
    const viaRest = (i: number) =>
      (i % 2 === 0 ? post(closeRoute, token, { position_id: id }) : call(positionCloseRoute, { method: "POST", token, params: { id } })).then((r) => ({
        status: r.status,
        message: String(r.body?.message),
      }));
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? viaTrpc() : viaRest(i))));
    expect(results.map((r) => r.status).sort()).toEqual([200, ...Array.from({ length: 19 }, () => 409)]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.message).toMatch(/already (closed|being closed)/);
    const [row] = await positionsOf(user.id);
    expect(row!.status).toBe("CLOSED");
    expect(row!.orders.filter((o) => o.kind === "CLOSE")).toHaveLength(1);
    expect(fake.placements().slice(before).filter((p) => p.params.type === "MARKET")).toHaveLength(1);
    const pnl = await db().dailyPnl.findMany({ where: { userId: user.id } });
    expect(pnl.reduce((n, d) => n + d.wins + d.losses, 0)).toBe(1);
    expect(pnl.reduce((n, d) => n.plus(d.realizedPnl), row!.realizedPnl.minus(row!.realizedPnl)).toFixed()).toBe(row!.realizedPnl.toFixed());
  });

  it("a close the exchange refuses releases its claim: the next close places a new order and closes", async () => {
    setEnv({ ENABLE_LIVE_TRADING: "true" });
    const { user, token } = await liveUser();
    const id = (await post(executeRoute, token, { ...ETH_LONG, mode: "LIVE", confirm: true })).body.position_id as string;
    fake.rejectNext(1, { code: -2019, msg: "Margin is insufficient." }, { method: "POST", path: "/fapi/v1/order" });
    expect((await post(closeRoute, token, { position_id: id })).status).toBe(422);
    expect((await post(closeRoute, token, { position_id: id })).status).toBe(200);
    const [row] = await positionsOf(user.id);
    expect(row!.orders.filter((o) => o.kind === "CLOSE").map((o) => o.status).sort()).toEqual(["FILLED", "REJECTED"]);
  });
});

// POST /api/trade/preview, /execute, /market, /close and POST /api/positions/:id/close, against the
// fake Binance USDⓈ-M: its public prices feed the paper engine (BINANCE_FUTURES_BASE) and its signed
// API is the testnet (BINANCE_FUTURES_TESTBASE).
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { saveExchangeConnection } from "@/server/exchange-connections/exchange-connection";
import type { TFakeBinance } from "@/test/fakes/binance";
import { useFakeBinance } from "@/test/helpers/fake-binance";
import { createAdmin, createUser } from "@/test/helpers/factories";
import { call, expectError } from "@/test/helpers/http";
import { setEnv } from "@/test/helpers/signals";
import { badTokens } from "@/test/helpers/tokens";
import { POST as previewRoute } from "./preview/route";
import { POST as executeRoute } from "./execute/route";
import { POST as marketRoute } from "./market/route";
import { POST as closeRoute } from "./close/route";
import { POST as positionCloseRoute } from "../positions/[id]/close/route";
import { GET as ordersRoute } from "../orders/[id]/route";

let fake: TFakeBinance;
useFakeBinance((f) => (fake = f), (url) => ({ BINANCE_FUTURES_BASE: url, BINANCE_FUTURES_TESTBASE: url, ENABLE_LIVE_TRADING: "false", EXCHANGE_MODE: "binance_testnet" }));

const post = (handler: Parameters<typeof call>[0], token: string | undefined, body: unknown, headers?: Record<string, string>) =>
  call(handler, { method: "POST", token, body, headers });
const preview = (token: string | undefined, body: unknown) => post(previewRoute, token, body);
const execute = (token: string | undefined, body: unknown) => post(executeRoute, token, body);
const market = (token: string | undefined, body: unknown) => post(marketRoute, token, body);
const close = (token: string | undefined, body: unknown) => post(closeRoute, token, body);
const closeById = (token: string | undefined, id: string, body?: unknown) => call(positionCloseRoute, { method: "POST", token, params: { id }, body });
const orders = (token: string, id: string) => call(ordersRoute, { token, params: { id } });

const ETH_LONG = { symbol: "ETHUSDT", direction: "LONG", targets: [3100, 3200], stop_loss: 2900 };
const positionsOf = (userId: number) => db().position.findMany({ where: { userId }, include: { orders: true } });

async function liveUser(plan: "PREMIUM" = "PREMIUM") {
  const u = await createUser({ plan });
  await saveExchangeConnection(u.user.id, { mode: "binance_testnet", api_key: fake.apiKey, api_secret: fake.apiSecret });
  return u;
}

async function insertSignal(overrides: Record<string, unknown> = {}) {
  return db().signal.create({
    data: { symbol: "ETHUSDT", direction: "LONG", entryLow: "2990", entryHigh: "3010", targets: ["3100", "3200"], stopLoss: "2900", source: "ADMIN", ...overrides },
  });
}

describe("POST /api/trade/preview", () => {
  it("LONG ETHUSDT, numbers checked by hand (5 USDT × 5x at 3000, fees 0.04 % each way)", async () => {
    const { user, token } = await createUser({ plan: "VIP" });
    const res = await preview(token, ETH_LONG);
    expect(res.status).toBe(200);
    // qty = 5 × 5 ÷ 3000 = 0.00833… → 0.008 on the 0.001 step; notional 24 (≥ 20 minimum); margin 4.8.
    expect(res.body).toMatchObject({
      symbol: "ETHUSDT",
      direction: "LONG",
      mode: "paper",
      live: false,
      entry_price: "3000",
      price_source: "market",
      leverage: 5,
      sizing_mode: "FIXED",
      qty: "0.008",
      notional: "24",
      margin: "4.8",
      allowed: true,
      fee_rate: "0.0004",
      market_rules: { amount_step: "0.001", price_tick: "0.01", min_qty: "0.001", min_notional: "20", source: "exchange" },
      checks: { size: { ok: true }, risk: { allowed: true, reason: null } },
    });
    // TP1: 100 × 0.004 = 0.4 − (12 + 12.4) × 0.0004 = 0.00976 → 0.39024 on a 2.4 margin share = 16.26 %.
    // TP2: 200 × 0.004 = 0.8 − (12 + 12.8) × 0.0004 = 0.00992 → 0.79008 → 32.92 %.
    expect(res.body.targets).toEqual([
      { index: 1, price: "3100", qty: "0.004", pnl_usdt: "0.39024", pnl_pct_of_margin: "16.26", price_move_pct: "3.3333" },
      { index: 2, price: "3200", qty: "0.004", pnl_usdt: "0.79008", pnl_pct_of_margin: "32.92", price_move_pct: "6.6667" },
    ]);
    // Stop 2900: −100 × 0.008 = −0.8 − (24 + 23.2) × 0.0004 = 0.01888 → 0.81888 lost = 17.06 % of 4.8.
    expect(res.body.risk_to_sl).toEqual({ stop_loss: "2900", loss_usdt: "0.81888", loss_pct_of_margin: "17.06", price_move_pct: "-3.3333" });
    expect(await positionsOf(user.id)).toEqual([]);
    expect(fake.placements()).toEqual([]);
  });

  it("SHORT SOLUSDT with per-trade overrides (30 USDT × 10x at 150), numbers checked by hand", async () => {
    const { token } = await createUser({ plan: "PREMIUM" });
    const res = await preview(token, { symbol: "SOL/USDT", side: "SELL", tp: ["140", "130"], sl: "160", leverage: 10, per_trade_usdt: "30" });
    // qty = 30 × 10 ÷ 150 = 2 SOL; notional 300; margin 30; even split 1 + 1.
    expect(res.body).toMatchObject({ symbol: "SOLUSDT", direction: "SHORT", leverage: 10, qty: "2", notional: "300", margin: "30", allowed: true });
    // TP1 140: 10 × 1 = 10 − (150 + 140) × 0.0004 = 0.116 → 9.884 on a 15 margin share = 65.8933 %.
    // TP2 130: 20 × 1 = 20 − (150 + 130) × 0.0004 = 0.112 → 19.888 → 132.5867 %.
    expect(res.body.targets).toEqual([
      { index: 1, price: "140", qty: "1", pnl_usdt: "9.884", pnl_pct_of_margin: "65.8933", price_move_pct: "6.6667" },
      { index: 2, price: "130", qty: "1", pnl_usdt: "19.888", pnl_pct_of_margin: "132.5867", price_move_pct: "13.3333" },
    ]);
    // Stop 160: −10 × 2 = −20 − (300 + 320) × 0.0004 = 0.248 → 20.248 lost = 67.4933 % of 30.
    expect(res.body.risk_to_sl).toEqual({ stop_loss: "160", loss_usdt: "20.248", loss_pct_of_margin: "67.4933", price_move_pct: "-6.6667" });
  });

  it("previews a signal by id with the user's own settings and TP split", async () => {
    const { user, token } = await createUser({ plan: "VIP" });
    await db().user.update({ where: { id: user.id }, data: { perTradeUsdt: "60", leverage: 2, tpSplit: ["75", "25"] } });
    const signal = await insertSignal();
    const res = await preview(token, { signal_id: signal.id });
    // 60 × 2 ÷ 3000 = 0.04; split 75/25 → 0.03 + 0.01.
    expect(res.body).toMatchObject({ signal_id: signal.id, qty: "0.04", notional: "120", margin: "60", leverage: 2 });
    expect(res.body.targets.map((t: { qty: string }) => t.qty)).toEqual(["0.03", "0.01"]);
  });

  it("a trade below the market's minimum is answered (200) as refused with the reason, not rounded to zero", async () => {
    const { token } = await createUser({ plan: "VIP" });
    const res = await preview(token, { symbol: "BTCUSDT", direction: "LONG", targets: [61000], stop_loss: 59000, per_trade_usdt: "1" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ allowed: false, notional: null, checks: { size: { ok: false, code: "BELOW_MIN_QTY" }, risk: null } });
    expect(res.body.checks.size.reason).toMatch(/at least [\d.]+ USDT per trade/);
  });

  it("price feed down: previews at the entry sent (fallback rules), or says 503 without one", async () => {
    const { token } = await createUser({ plan: "VIP" });
    fake.goDown();
    expectError(await preview(token, ETH_LONG), 503, "exchange_unavailable");
    const res = await preview(token, { ...ETH_LONG, entry: 3050 });
    expect(res.status).toBe(200);
    // The market's rules are still known (exchangeInfo is kept for an hour); the price is the app's.
    expect(res.body).toMatchObject({ price_source: "request", entry_price: "3050", qty: "0.008", notional: "24.4" });
  });

  it.each([
    ["TRIAL", { plan: "TRIAL" as const }],
    ["an expired VIP", { plan: "VIP" as const, planExpiresAt: new Date(Date.now() - 1000) }],
  ])("refuses %s with 403 upgrade_required (VIP)", async (_label, overrides) => {
    const { token } = await createUser(overrides);
    expect(expectError(await preview(token, ETH_LONG), 403, "upgrade_required")).toMatchObject({ required_plan: "VIP" });
  });

  it("admins may preview whatever their plan", async () => {
    expect((await preview((await createAdmin()).token, ETH_LONG)).status).toBe(200);
  });

  it.each([
    [{ direction: "LONG", targets: [3100] }, "symbol"],
    [{ symbol: "ETHUSDT", targets: [3100] }, "direction"],
    [{ symbol: "ETHUSDT", direction: "UP" }, "direction"],
    [{ symbol: "ETH", direction: "LONG" }, "symbol"],
    [{ ...ETH_LONG, targets: [2950] }, "targets.0"],
    [{ ...ETH_LONG, stop_loss: 3050 }, "stop_loss"],
    [{ ...ETH_LONG, targets: "3100" }, "targets"],
    [{ ...ETH_LONG, targets: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] }, "targets"],
    [{ ...ETH_LONG, targets: [-3100] }, "targets.0"],
    [{ ...ETH_LONG, targets: [1e300] }, "targets.0"],
    [{ ...ETH_LONG, leverage: 500 }, "leverage"],
    [{ ...ETH_LONG, leverage: 0.5 }, "leverage"],
    [{ ...ETH_LONG, per_trade_usdt: 0 }, "per_trade_usdt"],
    [{ ...ETH_LONG, per_trade_usdt: "1e9" }, "per_trade_usdt"],
    [{ ...ETH_LONG, per_trade_usdt: 99999999999 }, "per_trade_usdt"],
    [{ ...ETH_LONG, side: "BUY" }, "side"],
    [{ ...ETH_LONG, tp: [3300] }, "tp"],
    [{ ...ETH_LONG, stop_los: 2900 }, "stop_los"],
    [{ ...ETH_LONG, qty: 0 }, "qty"],
    [{ ...ETH_LONG, qty: "lots" }, "qty"],
    [{ ...ETH_LONG, qty: 1, per_trade_usdt: 5 }, "qty"],
    [{ ...ETH_LONG, mode: "DEMO" }, "mode"],
    [{ ...ETH_LONG, mode: 1 }, "mode"],
    [{ ...ETH_LONG, mode: "LIVE", live: false }, "live"],
    [{ ...ETH_LONG, live: "yes" }, "live"],
    [{ ...ETH_LONG, confirm: "true" }, "confirm"],
    [{ signal_id: "not-a-uuid" }, "signal_id"],
    [{ signal_id: "00000000-0000-4000-8000-000000000000", symbol: "ETHUSDT" }, "symbol"],
  ])("400 for %j naming %s", async (body, field) => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    expect(expectError(await preview(token, body), 400, "invalid_input").field).toBe(field);
    expect(expectError(await execute(token, body), 400, "invalid_input").field).toBe(field);
    expect(await positionsOf(user.id)).toEqual([]);
  });

  it("a symbol the exchange does not list → 400 naming symbol, for preview and execute, writing nothing", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    expect(expectError(await preview(token, { symbol: "ZZZZUSDT", direction: "LONG", targets: [1] }), 400, "invalid_input").field).toBe("symbol");
    const res = await execute(token, { symbol: "ZZZZUSDT", direction: "LONG", targets: [1] });
    expect(expectError(res, 400, "invalid_input").field).toBe("symbol");
    expect(await positionsOf(user.id)).toEqual([]);
  });

  it("an unknown signal → 404, a closed one → 409", async () => {
    const { token } = await createUser({ plan: "PREMIUM" });
    expectError(await preview(token, { signal_id: "00000000-0000-4000-8000-000000000000" }), 404, "not_found");
    const closed = await insertSignal({ status: "HIT_SL" });
    expectError(await preview(token, { signal_id: closed.id }), 409, "conflict");
    expectError(await execute(token, { signal_id: closed.id }), 409, "conflict");
  });
});

describe("POST /api/trade/execute", () => {
  it("PREMIUM, paper: 201 with the position, its entry filled and TP/SL resting; nothing reaches the exchange", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const res = await execute(token, ETH_LONG);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ outcome: "opened", mode: "paper", live: false, message: "Paper trade opened" });
    expect(res.body.position).toMatchObject({ user_id: user.id, symbol: "ETHUSDT", direction: "LONG", status: "OPEN", mode: "paper", entry_price: "3000", qty: "0.008", stop_loss: "2900", targets: ["3100", "3200"], protected: true });
    const [row] = await positionsOf(user.id);
    expect(row!.orders.map((o) => `${o.kind}:${o.status}`).sort()).toEqual(["ENTRY:FILLED", "STOP_LOSS:OPEN", "TAKE_PROFIT:OPEN", "TAKE_PROFIT:OPEN"]);
    expect(fake.placements()).toEqual([]);
    const listed = await orders(token, res.body.position.id);
    expect(listed.body.orders).toHaveLength(4);
    expect(listed.body.orders.every((o: { client_order_id: string }) => o.client_order_id.length > 0)).toBe(true);
  });

  it("live trading on and a testnet connection: the orders go to the (fake) exchange with our client order ids", async () => {
    setEnv({ ENABLE_LIVE_TRADING: "true" });
    const { user, token } = await liveUser();
    const res = await execute(token, { symbol: "ETHUSDT", direction: "SHORT", targets: [2900, 2800], stop_loss: 3100 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ outcome: "opened", mode: "binance_testnet", live: true });
    expect(res.body.position).toMatchObject({ mode: "binance_testnet", entry_price: "3000", protected: true });
    const placed = fake.placements();
    expect(placed.map((p) => `${p.path} ${p.params.type} ${p.params.side}`)).toEqual([
      "/fapi/v1/order MARKET SELL",
      "/fapi/v1/order LIMIT BUY",
      "/fapi/v1/order LIMIT BUY",
      "/fapi/v1/algoOrder STOP_MARKET BUY",
    ]);
    const ours = (await positionsOf(user.id))[0]!.orders.map((o) => o.clientOrderId).sort();
    expect(placed.map((p) => p.params.newClientOrderId ?? p.params.clientAlgoId).sort()).toEqual(ours);
  });

  it("a live mode while live trading is off: paper, no order reaches the exchange", async () => {
    const { token } = await liveUser();
    const res = await execute(token, ETH_LONG);
    expect(res.body).toMatchObject({ outcome: "opened", mode: "paper", live: false });
    expect(fake.placements()).toEqual([]);
  });

  it("copies a signal once: the second execute answers 200 with the same position", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const signal = await insertSignal();
    const first = await execute(token, { signal_id: signal.id });
    expect(first.status).toBe(201);
    expect(first.body.position).toMatchObject({ signal_id: signal.id, receipt: { signal_entry_price: "3000" } });
    const again = await execute(token, { signal_id: signal.id });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ outcome: "exists", position: { id: first.body.position.id } });
    expect(await positionsOf(user.id)).toHaveLength(1);
  });

  it("too small for the market → 422 invalid_order with the reason; nothing written", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const res = await execute(token, { symbol: "BTCUSDT", direction: "LONG", targets: [61000], stop_loss: 59000, per_trade_usdt: "1" });
    expect(expectError(res, 422, "invalid_order").message).toMatch(/below the minimum/);
    expect(await positionsOf(user.id)).toEqual([]);
  });

  it("price feed down and no signal price → 503; nothing written", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    fake.goDown();
    expectError(await execute(token, ETH_LONG), 503, "exchange_unavailable");
    expect(await positionsOf(user.id)).toEqual([]);
  });

  it.each([["TRIAL", "TRIAL" as const], ["VIP", "VIP" as const]])("refuses %s with 403 upgrade_required (PREMIUM), nothing written", async (_l, plan) => {
    const { user, token } = await createUser({ plan });
    expect(expectError(await execute(token, ETH_LONG), 403, "upgrade_required")).toMatchObject({ required_plan: "PREMIUM" });
    expect(expectError(await market(token, ETH_LONG), 403, "upgrade_required")).toMatchObject({ required_plan: "PREMIUM" });
    expect(await positionsOf(user.id)).toEqual([]);
  });

  it("admins may execute; malformed bodies and bad tokens are refused", async () => {
    const admin = await createAdmin();
    expect((await execute(admin.token, ETH_LONG)).status).toBe(201);
    const { user, token } = await createUser({ plan: "PREMIUM" });
    expectError(await post(executeRoute, token, "{", { "content-type": "application/json" }), 400, "invalid_json");
    expectError(await post(executeRoute, token, "[]", { "content-type": "application/json" }), 400, "invalid_input");
    expectError(await post(executeRoute, token, "symbol=ETHUSDT", { "content-type": "text/plain" }), 415, "unsupported_media_type");
    for (const t of [undefined, ...Object.values(await badTokens(user))]) expect((await execute(t, ETH_LONG)).status).toBe(401);
    expect(await positionsOf(user.id)).toEqual([]);
  });
});

describe("POST /api/trade/market (seed phase 7)", () => {
  it("records a paper position and says it was a dry run", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const res = await market(token, ETH_LONG);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ dry_run: true, live: false, mode: "paper", position: { status: "OPEN" } });
    expect(res.body.message).toMatch(/^Dry run/);
    expect(await positionsOf(user.id)).toHaveLength(1);
    expect(fake.placements()).toEqual([]);
  });

  it("with a testnet connection but live trading off: still a dry run", async () => {
    const { token } = await liveUser();
    expect((await market(token, ETH_LONG)).body).toMatchObject({ dry_run: true, mode: "paper" });
    expect(fake.placements()).toEqual([]);
  });

  it("live trading on and a testnet connection: a real (fake-exchange) order, dry_run false", async () => {
    setEnv({ ENABLE_LIVE_TRADING: "true" });
    const { token } = await liveUser();
    const res = await market(token, ETH_LONG);
    expect(res.body).toMatchObject({ dry_run: false, live: true, mode: "binance_testnet" });
    expect(fake.placements().filter((p) => p.params.type === "MARKET")).toHaveLength(1);
  });
});

describe("POST /api/trade/close and POST /api/positions/:id/close", () => {
  it("paper: closes at the market price with the final P&L checked by hand", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const opened = await execute(token, ETH_LONG);
    fake.setPrice("ETHUSDT", "3150.00");
    const res = await close(token, { position_id: opened.body.position.id, reason: "take profit by hand" });
    expect(res.status).toBe(200);
    // (3150 − 3000) × 0.008 = 1.2 − fees 0.0096 (entry) − 0.01008 (exit) = 1.18032 = 24.59 % of the 4.8 margin.
    expect(res.body.close).toEqual({ price: "3150", price_source: "market", reason: "take profit by hand", realized_pnl: "1.18032", pnl_pct: "24.59" });
    expect(res.body.position).toMatchObject({ status: "CLOSED", remaining_qty: "0", realized_pnl: "1.18032", close_reason: "take profit by hand" });
    const row = (await positionsOf(user.id))[0]!;
    expect(row.orders.filter((o) => o.kind === "TAKE_PROFIT" || o.kind === "STOP_LOSS").every((o) => o.status === "CANCELED")).toBe(true);
    expectError(await close(token, { position_id: opened.body.position.id }), 409, "conflict");
  });

  it("SHORT closed by id with no body: the loss when the price rose", async () => {
    const { token } = await createUser({ plan: "PREMIUM" });
    const opened = await execute(token, { symbol: "SOLUSDT", direction: "SHORT", targets: [140], stop_loss: 160, per_trade_usdt: "30", leverage: 10 });
    fake.setPrice("SOLUSDT", "153.0000");
    const res = await closeById(token, opened.body.position.id);
    expect(res.status).toBe(200);
    // −(153 − 150) × 2 = −6 − fees 0.12 (entry 300 × 0.0004) − 0.1224 (exit 306 × 0.0004) = −6.2424 = −20.808 % of 30.
    expect(res.body.close).toMatchObject({ price: "153", reason: "MANUAL", realized_pnl: "-6.2424", pnl_pct: "-20.808" });
  });

  it("testnet: closes reduce-only at market on the exchange", async () => {
    setEnv({ ENABLE_LIVE_TRADING: "true" });
    const { token } = await liveUser();
    const opened = await execute(token, ETH_LONG);
    const before = fake.placements().length;
    const res = await closeById(token, opened.body.position.id, { reason: "done" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ close: { price_source: "exchange" }, position: { status: "CLOSED", remaining_qty: "0" } });
    const closing = fake.placements().slice(before);
    expect(closing.map((p) => `${p.params.type} ${p.params.side} ${p.params.reduceOnly}`)).toEqual(["MARKET SELL true"]);
    expect(fake.positions().filter((p) => p.symbol === "ETHUSDT" && Number(p.positionAmt) !== 0)).toEqual([]);
  });

  it("another user's position → 403 and it stays open; unknown → 404; not a UUID → 400; an admin may close it", async () => {
    const owner = await createUser({ plan: "PREMIUM" });
    const other = await createUser({ plan: "PREMIUM" });
    const opened = await execute(owner.token, ETH_LONG);
    const id = opened.body.position.id as string;
    expectError(await close(other.token, { position_id: id }), 403, "forbidden");
    expectError(await closeById(other.token, id), 403, "forbidden");
    expect((await db().position.findUniqueOrThrow({ where: { id } })).status).toBe("OPEN");
    expectError(await close(owner.token, { position_id: "00000000-0000-4000-8000-000000000000" }), 404, "not_found");
    expect(expectError(await close(owner.token, { position_id: "12345" }), 400).field).toBe("position_id");
    expect(expectError(await closeById(owner.token, "12345"), 400).field).toBe("id");
    expect((await closeById((await createAdmin()).token, id)).body.position.status).toBe("CLOSED");
  });

  it("a lapsed plan can still close; bad bodies and tokens are refused", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const opened = await execute(token, ETH_LONG);
    const id = opened.body.position.id as string;
    for (const body of [{}, { position_id: 42 }, { position_id: id, reason: 7 }, { position_id: id, reason: "x".repeat(201) }, { position_id: id, extra: 1 }]) {
      expectError(await close(token, body), 400, "invalid_input");
    }
    expectError(await closeById(token, id, { reason: ["x"] }), 400, "invalid_input");
    expectError(await call(positionCloseRoute, { method: "POST", token, params: { id }, body: "{", headers: { "content-type": "application/json" } }), 400, "invalid_json");
    for (const t of [undefined, ...Object.values(await badTokens(user))]) expect((await closeById(t, id)).status).toBe(401);
    await db().user.update({ where: { id: user.id }, data: { plan: "TRIAL", planExpiresAt: null } });
    expect((await closeById(token, id)).body.position.status).toBe("CLOSED");
  });
});

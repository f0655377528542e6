// The read side of positions and orders: lists, history with daily aggregates, orders of a position,
// owner/admin access, DTO number formatting, bad input.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createAdmin, createUser, uniq } from "@/test/helpers/factories";
import { call, expectError } from "@/test/helpers/http";
import { insertOrder, insertPosition } from "@/test/helpers/positions";
import { badTokens } from "@/test/helpers/tokens";
import { GET as listRoute } from "./route";
import { GET as historyRoute } from "./history/route";
import { GET as userRoute } from "./[id]/route";
import { GET as ordersRoute } from "../orders/[id]/route";

const list = (token: string | undefined, query = "") => call(listRoute, { token, path: `/api/positions${query}` });
const history = (token: string | undefined, query = "") => call(historyRoute, { token, path: `/api/positions/history${query}` });
const ofUser = (token: string | undefined, id: number | string, query = "") => call(userRoute, { token, params: { id: String(id) }, path: `/api/positions/${id}${query}` });
const orders = (token: string | undefined, id: string) => call(ordersRoute, { token, params: { id }, path: `/api/orders/${id}` });
const ids = (body: { positions: { id: string }[] }) => body.positions.map((p) => p.id);
const UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000";

describe("GET /api/positions", () => {
  it("lists the caller's open positions only, newest first, with plain-decimal numbers, receipt and protected flag", async () => {
    const me = await createUser({ plan: "PREMIUM" });
    const other = await createUser({ plan: "PREMIUM" });
    const older = await insertPosition(me.user.id, { openedAt: new Date(Date.now() - 60_000) });
    const newer = await insertPosition(me.user.id, {
      symbol: "DOGEUSDT",
      direction: "SHORT",
      entryPrice: "0.00000012",
      qty: "100000000",
      remainingQty: "100000000",
      notional: "12",
      margin: "2.4",
      stopLoss: "0.00000013",
      targets: ["0.00000011", "0.0000001"],
      protected: false,
      signalEntryPrice: "0.000000121",
      entryAckAt: new Date("2026-02-01T00:00:01.250Z"),
      entryLatencyMs: 1250,
      slippagePct: "0.826446",
    });
    await insertPosition(me.user.id, { status: "CLOSED", closedAt: new Date() });
    await insertPosition(other.user.id);
    const res = await list(me.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ user_id: me.user.id, total: 2, page: 1, per_page: 100 });
    expect(ids(res.body)).toEqual([newer.id, older.id]);
    const dto = res.body.positions[0];
    expect(dto).toMatchObject({
      symbol: "DOGEUSDT",
      direction: "SHORT",
      mode: "paper",
      status: "OPEN",
      entry_price: "0.00000012",
      qty: "100000000",
      stop_loss: "0.00000013",
      targets: ["0.00000011", "0.0000001"],
      realized_pnl: "0",
      protected: false,
      receipt: { signal_entry_price: "0.000000121", entry_ack_at: "2026-02-01T00:00:01.250Z", signal_to_entry_ms: 1250, slippage_pct: "0.826446" },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/"-?\d+(\.\d+)?[eE][+-]?\d+"/);
    expect(res.body.positions[1]).toMatchObject({ receipt: { signal_entry_price: null, entry_ack_at: null }, protected: true });
  });

  it("marks open positions to the monitor's last price", async () => {
    const me = await createUser({ plan: "PREMIUM" });
    const symbol = `Z${uniq().toUpperCase()}USDT`;
    await insertPosition(me.user.id, { symbol, entryPrice: "100", qty: "2", remainingQty: "1", notional: "200", margin: "40" });
    await db().markPrice.create({ data: { symbol, price: "110", updatedAt: new Date() } });
    const [p] = (await list(me.token)).body.positions;
    // (110 − 100) × 1 remaining = 10 USDT
    expect(p).toMatchObject({ mark_price: "110", unrealized_pnl: "10", partial: true });
  });

  it("?status= widens the list; an admin may ask for one user or for all", async () => {
    const me = await createUser({ plan: "PREMIUM" });
    const admin = await createAdmin();
    const open = await insertPosition(me.user.id);
    const closed = await insertPosition(me.user.id, { status: "CLOSED", closedAt: new Date() });
    const failed = await insertPosition(me.user.id, { status: "FAILED", failureCode: "SIZE_REFUSED", failureReason: "too small" });
    expect(ids((await list(me.token, "?status=all")).body).sort()).toEqual([open.id, closed.id, failed.id].sort());
    expect(ids((await list(me.token, "?status=failed")).body)).toEqual([failed.id]);
    expect(ids((await list(admin.token, `?user_id=${me.user.id}`)).body)).toEqual([open.id]);
    const all = await list(admin.token, "?all=true&per_page=500");
    expect(all.body.total).toBeGreaterThanOrEqual(1);
    expect(all.body).not.toHaveProperty("user_id");
  });

  it("a user may not list another user's or everyone's positions", async () => {
    const me = await createUser({ plan: "PREMIUM" });
    const other = await createUser({ plan: "PREMIUM" });
    expectError(await list(me.token, `?user_id=${other.user.id}`), 403, "forbidden");
    expectError(await list(me.token, "?all=true"), 403, "forbidden");
    expectError(await list((await createAdmin()).token, "?user_id=2147483647"), 404, "not_found");
  });

  it.each([
    ["?status=pending", "status"],
    ["?all=yes", "all"],
    ["?user_id=-1", "user_id"],
    ["?user_id=1.5", "user_id"],
    ["?per_page=501", "per_page"],
    ["?page=0", "page"],
    ["?page=abc", "page"],
    ["?symbol=BTCUSDT", "symbol"],
  ])("400 for %s naming %s", async (query, field) => {
    const { token } = await createUser({ plan: "PREMIUM" });
    expect(expectError(await list(token, query), 400, "invalid_input").field).toBe(field);
  });

  it("401 for a missing, expired, forged or tampered token", async () => {
    const { user } = await createUser({ plan: "PREMIUM" });
    for (const t of [undefined, ...Object.values(await badTokens(user))]) expect((await list(t)).status).toBe(401);
  });
});

describe("GET /api/positions/:userId", () => {
  it("owner or admin; another user's id → 403, an admin's unknown id → 404, a bad id → 400", async () => {
    const me = await createUser({ plan: "PREMIUM" });
    const other = await createUser({ plan: "PREMIUM" });
    const admin = await createAdmin();
    const p = await insertPosition(me.user.id);
    expect(ids((await ofUser(me.token, me.user.id)).body)).toEqual([p.id]);
    expect(ids((await ofUser(admin.token, me.user.id)).body)).toEqual([p.id]);
    expectError(await ofUser(other.token, me.user.id), 403, "forbidden");
    expectError(await ofUser(admin.token, 2_147_483_647), 404, "not_found");
    expect(expectError(await ofUser(me.token, "abc"), 400).field).toBe("id");
    expect(expectError(await ofUser(me.token, me.user.id, "?status=nope"), 400).field).toBe("status");
  });
});

describe("GET /api/positions/history", () => {
  it("closed positions of the window and the daily aggregates with totals", async () => {
    const me = await createUser({ plan: "PREMIUM" });
    const now = Date.now();
    const recent = await insertPosition(me.user.id, { status: "CLOSED", closedAt: new Date(now - 2 * 86_400_000), realizedPnl: "3.5", pnlPct: "11.6667", closeReason: "ALL_TP" });
    await insertPosition(me.user.id, { status: "CLOSED", closedAt: new Date(now - 40 * 86_400_000), realizedPnl: "-1" });
    await insertPosition(me.user.id); // still open
    const day = (ago: number) => new Date(Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate()) - ago * 86_400_000);
    await db().dailyPnl.createMany({
      data: [
        {
          userId: me.user.id,
          day: day(2),
          trades: 3,
          wins: 2,
          losses: 1,
          realizedPnl: "5.25",
          realizedPct: "2.625",
          grossPnl: "5.37",
          fees: "0.12",
          grossPct: "2.685",
          peakPnl: "7",
          maxDrawdownPnl: "1.75",
          maxDrawdownPct: "0.875",
        },
        { userId: me.user.id, day: day(0), trades: 1, wins: 0, losses: 1, realizedPnl: "-1.75", realizedPct: "-1.75", grossPnl: "-1.71", fees: "0.04", grossPct: "-1.71", maxDrawdownPnl: "1.75", maxDrawdownPct: "1.75" },
        { userId: me.user.id, day: day(45), trades: 9, wins: 9, losses: 0, realizedPnl: "99", realizedPct: "99" },
      ],
    });
    const res = await history(me.token, "?days=30");
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual([recent.id]);
    expect(res.body.positions[0]).toMatchObject({ status: "CLOSED", realized_pnl: "3.5", pnl_pct: "11.6667", close_reason: "ALL_TP" });
    expect(res.body.daily.map((d: { day: string }) => d.day)).toEqual([day(0), day(2)].map((d) => d.toISOString().slice(0, 10)));
    expect(res.body.daily[1]).toEqual({
      day: day(2).toISOString().slice(0, 10),
      trades: 3,
      wins: 2,
      losses: 1,
      win_rate_pct: "66.6667",
      realized_pnl: "5.25",
      realized_pct: "2.625",
      gross_pnl: "5.37",
      gross_pct: "2.685",
      fees: "0.12",
      max_drawdown_pnl: "1.75",
      max_drawdown_pct: "0.875",
    });
    expect(res.body.daily[0]).toMatchObject({ win_rate_pct: "0", realized_pct: "-1.75", gross_pnl: "-1.71", fees: "0.04", max_drawdown_pnl: "1.75", max_drawdown_pct: "1.75" });
    expect(res.body.totals).toEqual({ trades: 4, wins: 2, losses: 2, win_rate_pct: "50", realized_pnl: "3.5", gross_pnl: "3.66", fees: "0.16" });
    const wider = await history(me.token, "?days=60");
    expect(wider.body.total).toBe(2);
    expect(wider.body.totals.trades).toBe(13);
  });

  it("is reached by the static segment, not taken as a user id; an admin may pass ?user_id=", async () => {
    const me = await createUser({ plan: "PREMIUM" });
    const admin = await createAdmin();
    expect((await history(me.token)).body).toMatchObject({ user_id: me.user.id, days: 30, positions: [], daily: [], totals: { trades: 0, win_rate_pct: null, realized_pnl: "0", gross_pnl: "0", fees: "0" } });
    expect((await history(admin.token, `?user_id=${me.user.id}`)).body.user_id).toBe(me.user.id);
    expectError(await history((await createUser()).token, `?user_id=${me.user.id}`), 403, "forbidden");
  });

  it.each([["?days=0", "days"], ["?days=366", "days"], ["?days=1e9", "days"], ["?days=thirty", "days"], ["?days=7.5", "days"], ["?from=2026-01-01", "from"]])(
    "400 for %s naming %s",
    async (query, field) => {
      const { token } = await createUser({ plan: "PREMIUM" });
      expect(expectError(await history(token, query), 400, "invalid_input").field).toBe(field);
    },
  );
});

describe("GET /api/positions/:positionId (SEED 10.3)", () => {
  it("a UUID on the same path: the position with its orders and P&L, owner or admin", async () => {
    const me = await createUser({ plan: "PREMIUM" });
    const other = await createUser({ plan: "PREMIUM" });
    const p = await insertPosition(me.user.id);
    const tp = await insertOrder(p.id, me.user.id, { targetIndex: 1, price: "3100" });
    const res = await ofUser(me.token, p.id);
    expect(res.status).toBe(200);
    expect(res.body.position).toMatchObject({ id: p.id, user_id: me.user.id, realized_pnl: expect.any(String), status: "OPEN" });
    expect(res.body.position.orders.map((o: { id: string }) => o.id)).toEqual([tp.id]);
    expect((await ofUser((await createAdmin()).token, p.id)).body.position.id).toBe(p.id);
    expectError(await ofUser(other.token, p.id), 403, "forbidden");
    expectError(await ofUser(me.token, UNKNOWN_UUID), 404, "not_found");
    for (const bad of ["12ab", "-1", `${p.id}x`]) expect(expectError(await ofUser(me.token, bad), 400).field).toBe("id");
    for (const t of [undefined, ...Object.values(await badTokens(me.user))]) expect((await ofUser(t, p.id)).status).toBe(401);
  });
});

describe("GET /api/orders/:positionId", () => {
  it("the position's orders, oldest first, numbers as plain decimals", async () => {
    const me = await createUser({ plan: "PREMIUM" });
    const p = await insertPosition(me.user.id);
    const entry = await insertOrder(p.id, me.user.id, { kind: "ENTRY", side: "BUY", type: "MARKET", qty: "0.05", price: null, reduceOnly: false, status: "FILLED", filledQty: "0.05", avgPrice: "3000.5", createdAt: new Date(Date.now() - 1000) });
    const tp = await insertOrder(p.id, me.user.id, { targetIndex: 1, price: "3100" });
    const sl = await insertOrder(p.id, me.user.id, { kind: "STOP_LOSS", type: "STOP_MARKET", qty: "0.05", price: null, triggerPrice: "0.00000001", createdAt: new Date(Date.now() + 1000) });
    const res = await orders(me.token, p.id);
    expect(res.status).toBe(200);
    expect(res.body.position_id).toBe(p.id);
    expect(res.body.orders.map((o: { id: string }) => o.id)).toEqual([entry.id, tp.id, sl.id]);
    expect(res.body.orders[0]).toMatchObject({ kind: "ENTRY", side: "BUY", filled_qty: "0.05", avg_price: "3000.5", reduce_only: false, price: null });
    expect(res.body.orders[2]).toMatchObject({ kind: "STOP_LOSS", trigger_price: "0.00000001" });
    expect(JSON.stringify(res.body)).not.toMatch(/"-?\d+(\.\d+)?[eE][+-]?\d+"/);
  });

  it("another user's position → 403, unknown → 404, not a UUID → 400; admins see any", async () => {
    const me = await createUser({ plan: "PREMIUM" });
    const other = await createUser({ plan: "PREMIUM" });
    const p = await insertPosition(me.user.id);
    expectError(await orders(other.token, p.id), 403, "forbidden");
    expectError(await orders(me.token, UNKNOWN_UUID), 404, "not_found");
    for (const bad of ["abc", "1", "' OR 1=1 --", `${p.id}x`]) expect(expectError(await orders(me.token, bad), 400).field).toBe("positionId");
    expect((await orders((await createAdmin()).token, p.id)).status).toBe(200);
    for (const t of [undefined, ...Object.values(await badTokens(me.user))]) expect((await orders(t, p.id)).status).toBe(401);
  });
});

// GET /api/admin/signals (seed row 4.2): signals a page at a time with filters, each with its
// outcome, profit % and what became of its copies. Scoped by a symbol no other test uses.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createAdmin, createUser } from "@/test/helpers/factories";
import { call, expectError } from "@/test/helpers/http";
import { insertPosition } from "@/test/helpers/positions";
import { uniqueSymbol } from "@/test/helpers/signals";
import { GET } from "./route";

const list = (token: string | undefined, query = "") => call(GET, { token, path: `/api/admin/signals${query}` });

type TSeed = { status: "OPEN" | "TP_PARTIAL" | "HIT_TP" | "HIT_SL" | "CANCELLED" | "CLOSED"; profit: string; source: "ADMIN" | "API" | "WEBHOOK" | "TELEGRAM"; createdAt: Date };

async function seedSignal(symbol: string, s: TSeed): Promise<string> {
  const closed = !["OPEN", "TP_PARTIAL"].includes(s.status);
  const row = await db().signal.create({
    data: {
      symbol,
      direction: "LONG",
      entryLow: "100",
      entryHigh: "100",
      targets: ["110", "120"],
      stopLoss: "90",
      source: s.source,
      status: s.status,
      realizedProfitPct: s.profit,
      createdAt: s.createdAt,
      closedAt: closed ? s.createdAt : null,
    },
    select: { id: true },
  });
  return row.id;
}

/**
 * Three signals of one symbol on 2026-11-02 (00:00:00.000), 2026-11-01 (23:59:59.999) and
 * 2026-10-15: a win with copies (2 paper — one still open —, 1 live, 3 not opened: 2 risk-blocked,
 * 1 stale), a loss from the webhook with none, and an open Telegram one.
 */
async function seed() {
  const symbol = uniqueSymbol();
  const win = await seedSignal(symbol, { status: "HIT_TP", profit: "12.5", source: "ADMIN", createdAt: new Date("2026-11-02T00:00:00.000Z") });
  const loss = await seedSignal(symbol, { status: "HIT_SL", profit: "-10", source: "WEBHOOK", createdAt: new Date("2026-11-01T23:59:59.999Z") });
  const open = await seedSignal(symbol, { status: "OPEN", profit: "0", source: "TELEGRAM", createdAt: new Date("2026-10-15T08:00:00.000Z") });
  const users = await Promise.all([1, 2, 3, 4, 5, 6].map(() => createUser({ plan: "PREMIUM" })));
  const [a, b, c, d, e, f] = users.map((u) => u.user.id) as [number, number, number, number, number, number];
  await insertPosition(a, { signalId: win, symbol, mode: "PAPER", status: "CLOSED", closedAt: new Date() });
  await insertPosition(b, { signalId: win, symbol, mode: "PAPER", status: "OPEN" });
  await insertPosition(c, { signalId: win, symbol, mode: "BINANCE_MAINNET", status: "CLOSED", closedAt: new Date() });
  await insertPosition(d, { signalId: win, symbol, mode: "PAPER", status: "FAILED", failureCode: "RISK_BLOCKED", failureReason: "5 trades already open (limit 5)" });
  await insertPosition(e, { signalId: win, symbol, mode: "BINANCE_TESTNET", status: "FAILED", failureCode: "RISK_BLOCKED", failureReason: "cooldown" });
  await insertPosition(f, { signalId: win, symbol, mode: "PAPER", status: "FAILED", failureCode: "STALE_SIGNAL", failureReason: "too old" });
  return { symbol, win, loss, open };
}

const idsOf = (body: { signals: { id: string }[] }) => body.signals.map((s) => s.id);

describe("GET /api/admin/signals", () => {
  it("lists a symbol's signals newest first with outcome, profit and copies", async () => {
    const { token } = await createAdmin();
    const { symbol, win, loss, open } = await seed();
    const res = await list(token, `?symbol=${symbol.toLowerCase()}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ page: 1, per_page: 20, total: 3 });
    expect(idsOf(res.body)).toEqual([win, loss, open]);
    const [w, l, o] = res.body.signals;
    expect(w).toMatchObject({ symbol, status: "HIT_TP", outcome: "WIN", realized_profit_pct: "12.5", source: "ADMIN", entry: "100", locked: false });
    expect(w.copies).toEqual({ opened: 3, open_now: 1, paper: 2, live: 1, skipped_or_failed: 3, reasons: { RISK_BLOCKED: 2, STALE_SIGNAL: 1 } });
    expect(l).toMatchObject({ outcome: "LOSS", realized_profit_pct: "-10", source: "WEBHOOK" });
    expect(l.copies).toEqual({ opened: 0, open_now: 0, paper: 0, live: 0, skipped_or_failed: 0, reasons: {} });
    expect(o).toMatchObject({ outcome: null, status: "OPEN", source: "TELEGRAM" });
  });

  it("filters by status, source and a UTC date range (23:59:59.999 / 00:00:00.000)", async () => {
    const { token } = await createAdmin();
    const { symbol, win, loss, open } = await seed();
    const q = (extra: string) => list(token, `?symbol=${symbol}&${extra}`).then((r) => idsOf(r.body));
    expect(await q("status=HIT_SL")).toEqual([loss]);
    expect(await q("source=TELEGRAM")).toEqual([open]);
    expect(await q("from=2026-11-02")).toEqual([win]);
    expect(await q("to=2026-11-01")).toEqual([loss, open]);
    expect(await q("from=2026-11-01&to=2026-11-01")).toEqual([loss]);
    expect(await q("from=2026-11-01T23:59:59.999Z&to=2026-11-02T00:00:00.000Z")).toEqual([win, loss]);
    expect(await q("to=2026-11-01T23:59:59.998Z")).toEqual([open]);
    expect(await q("from=2026-11-02T01:00:00%2B01:00")).toEqual([win]);
    expect(await q("status=HIT_TP&source=WEBHOOK")).toEqual([]);
  });

  it("pages with a total", async () => {
    const { token } = await createAdmin();
    const { symbol, win, loss, open } = await seed();
    const p1 = await list(token, `?symbol=${symbol}&per_page=2`);
    const p2 = await list(token, `?symbol=${symbol}&per_page=2&page=2`);
    const p3 = await list(token, `?symbol=${symbol}&per_page=2&page=3`);
    expect([p1.body.total, p2.body.total, p3.body.total]).toEqual([3, 3, 3]);
    expect([idsOf(p1.body), idsOf(p2.body), idsOf(p3.body)]).toEqual([[win, loss], [open], []]);
  });

  it("answers 401 without a token and 403 {error, message} to a non-admin", async () => {
    expectError(await list(undefined), 401);
    const { token } = await createUser({ plan: "PREMIUM" });
    expectError(await list(token), 403, "forbidden");
  });

  it.each([
    ["page=0", "page"],
    ["page=abc", "page"],
    ["per_page=0", "per_page"],
    ["per_page=101", "per_page"],
    ["status=WON", "status"],
    ["source=EMAIL", "source"],
    ["symbol=", "symbol"],
    [`symbol=${"X".repeat(41)}`, "symbol"],
    ["from=yesterday", "from"],
    ["from=2026-13-01", "from"],
    ["to=2026-11-01T10:00:00", "to"],
    ["from=2026-11-02&to=2026-11-01", "to"],
    ["from=2026-11-02T00:00:00Z&to=2026-11-01T23:59:59Z", "to"],
  ])("answers 400 naming the field for %s", async (query, field) => {
    const { token } = await createAdmin();
    const err = expectError(await list(token, `?${query}`), 400, "invalid_input");
    expect(err.field).toBe(field);
  });
});

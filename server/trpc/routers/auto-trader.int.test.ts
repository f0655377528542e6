// The auto-trader screen's procedures: every user's open copies (unprotected live first), the
// exposure per symbol, and an admin's audited close through the REST close service.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import type { TFakeBinance } from "@/test/fakes/binance";
import { useFakeBinance } from "@/test/helpers/fake-binance";
import { createAdmin, createUser } from "@/test/helpers/factories";
import { insertPosition } from "@/test/helpers/positions";
import { uniqueSymbol } from "@/test/helpers/signals";
import { callerAs, trpcError } from "@/test/helpers/trpc";

let fake: TFakeBinance;
useFakeBinance((f) => (fake = f), (url) => ({ BINANCE_FUTURES_BASE: url, ENABLE_LIVE_TRADING: "false" }));

const ETH_LONG = { symbol: "ETHUSDT", direction: "LONG", targets: ["3100", "3200"], stop_loss: "2900" };

describe("autoTrader router", () => {
  it("lists every user's open copies with unprotected live ones first, and the exposure per symbol", async () => {
    const admin = await callerAs((await createAdmin()).token);
    const symbol = uniqueSymbol();
    const { user: a } = await createUser({ plan: "PREMIUM" });
    const { user: b } = await createUser({ plan: "PREMIUM" });
    const paper = await insertPosition(a.id, { symbol, notional: "150", qty: "0.05", remainingQty: "0.025" });
    const live = await insertPosition(b.id, { symbol, mode: "BINANCE_TESTNET", protected: false, direction: "SHORT", notional: "200", qty: "1", remainingQty: "1", openedAt: new Date(Date.now() - 3_600_000) });
    await insertPosition(b.id, { symbol, status: "CLOSED", closedAt: new Date() });

    const page = await admin.autoTrader.positions({ symbol });
    expect(page.total).toBe(2);
    expect(page.positions.map((p) => p.id)).toEqual([live.id, paper.id]);
    expect(page.positions[0]).toMatchObject({ live: true, protected: false, owner: { email: b.email } });
    expect(page.unprotected_live).toBeGreaterThanOrEqual(1);
    expect((await admin.autoTrader.positions({ symbol, mode: "paper" })).positions.map((p) => p.id)).toEqual([paper.id]);
    expect((await admin.autoTrader.positions({ symbol, unprotected: true })).positions.map((p) => p.id)).toEqual([live.id]);
    // Paper positions are never unprotected: the two filters together match nothing.
    expect((await admin.autoTrader.positions({ symbol, mode: "paper", unprotected: true })).positions).toEqual([]);
    expect((await admin.autoTrader.positions({ symbol, user: a.username })).positions.map((p) => p.id)).toEqual([paper.id]);
    expect((await admin.autoTrader.positions({ symbol, page: 2, per_page: 1 })).positions.map((p) => p.id)).toEqual([paper.id]);
    // The owner by part of the email in another case, the symbol as typed, a page past the end.
    expect((await admin.autoTrader.positions({ symbol: symbol.toLowerCase(), user: b.email.slice(0, 12).toUpperCase() })).positions.map((p) => p.id)).toEqual([live.id]);
    expect(await admin.autoTrader.positions({ symbol, page: 3, per_page: 1 })).toMatchObject({ positions: [], total: 2 });

    const exposure = (await admin.autoTrader.exposure()).symbols.filter((s) => s.symbol === symbol);
    // Paper: half of a 150 notional still open; live: a 200 short, unprotected.
    expect(exposure).toEqual([
      expect.objectContaining({ mode: "live", positions: 1, shorts: 1, unprotected: 1, short_notional: "200.00", net_notional: "-200.00" }),
      expect.objectContaining({ mode: "paper", positions: 1, longs: 1, long_notional: "75.00", net_notional: "75.00", margin: "30.00" }),
    ]);
  });

  it("an admin closes a user's paper position through the close service; the audit log has before and after", async () => {
    const { user: actor, token } = await createAdmin();
    const admin = await callerAs(token);
    const { user, token: userToken } = await createUser({ plan: "PREMIUM" });
    const opened = await (await callerAs(userToken)).trading.execute(ETH_LONG);
    const id = opened.position!.id;
    fake.setPrice("ETHUSDT", "3150.00");
    const closed = await admin.autoTrader.close({ position_id: id, reason: "user asked by e-mail" });
    expect(closed).toMatchObject({ user_id: user.id, close: { status: "CLOSED", priceSource: "market", closeReason: "ADMIN: user asked by e-mail" } });
    expect((await db().position.findUniqueOrThrow({ where: { id } })).status).toBe("CLOSED");
    const log = await admin.audit.list({ action: "position.close", target: `position:${id}` });
    expect(log.events).toHaveLength(1);
    expect(log.events[0]).toMatchObject({
      actor: { id: actor.id },
      before: { status: "OPEN", remaining_qty: "0.008" },
      after: { status: "CLOSED", price_source: "market" },
      details: { user_id: user.id, symbol: "ETHUSDT", reason: "user asked by e-mail" },
    });
    // Twice: the service's own answer (409), and no second audit entry.
    expect((await trpcError(admin.autoTrader.close({ position_id: id, reason: "again" }))).code).toBe("CONFLICT");
    expect((await admin.audit.list({ action: "position.close", target: `position:${id}` })).total).toBe(1);
  });

  it("refuses subscribers, anonymous callers and bad input", async () => {
    const admin = await callerAs((await createAdmin()).token);
    const subscriber = await callerAs((await createUser({ plan: "PREMIUM" })).token);
    const { position } = await subscriber.trading.execute(ETH_LONG);
    expect((await trpcError(subscriber.autoTrader.positions({}))).code).toBe("FORBIDDEN");
    expect((await trpcError(subscriber.autoTrader.exposure())).code).toBe("FORBIDDEN");
    expect((await trpcError(subscriber.autoTrader.close({ position_id: position!.id, reason: "mine" }))).code).toBe("FORBIDDEN");
    expect((await trpcError((await callerAs()).autoTrader.positions({}))).code).toBe("UNAUTHORIZED");
    for (const bad of [{ position_id: "nope", reason: "x" }, { position_id: position!.id, reason: " " }, { position_id: position!.id }, { position_id: position!.id, reason: "x", extra: 1 }]) {
      expect((await trpcError(admin.autoTrader.close(bad as never))).code).toBe("BAD_REQUEST");
    }
    expect((await trpcError(admin.autoTrader.close({ position_id: "00000000-0000-4000-8000-000000000000", reason: "x" }))).code).toBe("NOT_FOUND");
    for (const bad of [{ mode: "demo" }, { per_page: 1000 }, { page: 0 }, { symbol: "x".repeat(40) }, { user: " " }, { user: "x".repeat(101) }, { user: 7 }, { unprotected: "yes" }, { what: 1 }]) {
      expect((await trpcError(admin.autoTrader.positions(bad as never))).code).toBe("BAD_REQUEST");
    }
    expect((await db().position.findUniqueOrThrow({ where: { id: position!.id } })).status).toBe("OPEN");
  });
});

// The paper-or-live rule in its two forms — tradingModeFor (a preview, a manual trade) and
// liveConnectionSql (the fan-out's batch queries) — agree for every kind of connection, with live
// trading on and off.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createUser } from "@/test/helpers/factories";
import { setEnv } from "@/test/helpers/signals";
import { connectExchange } from "@/test/helpers/trading";
import { findTradingConnection } from "./trading-connection";
import { liveConnectionSql, tradingModeFor } from "./trading-mode";

const MODES = [null, "PAPER", "BINANCE_TESTNET", "BINANCE_MAINNET"] as const;

describe("tradingModeFor and liveConnectionSql", () => {
  it.each(["true", "false"])("agree with ENABLE_LIVE_TRADING=%s", async (liveEnabled) => {
    setEnv({ ENABLE_LIVE_TRADING: liveEnabled });
    const users = await Promise.all(
      MODES.map(async (mode) => {
        const { user } = await createUser({ plan: "PREMIUM" });
        if (mode) await connectExchange(user.id, { mode });
        return user.id;
      }),
    );
    const rows = await db().$queryRawUnsafe<{ id: number; live: boolean }[]>(
      `SELECT u.id, ${liveConnectionSql("c")} AS live FROM users u LEFT JOIN exchange_connections c ON c.user_id = u.id WHERE u.id = ANY($1::int[])`,
      users,
    );
    const sql = new Map(rows.map((r) => [r.id, r.live]));
    for (const id of users) {
      const byRule = tradingModeFor(await findTradingConnection(id), null) !== "PAPER";
      expect(sql.get(id), `user ${id}`).toBe(byRule);
    }
    expect([...sql.values()].filter(Boolean)).toHaveLength(liveEnabled === "true" ? 2 : 0);
  });
});

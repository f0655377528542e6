// live-entries.ts hands executeLivePosition the rows it inserted without reading them back: what it
// returns must be what the database stores — the columns it wrote and the schema's defaults.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { inPgTransaction } from "@/server/db/sql";
import { createTrader, storeSignal } from "@/test/helpers/trading";
import { insertLiveEntries } from "./live-entries";
import { buildTradePlan, type TTradePlan } from "./trade-plan";

describe("live entries", () => {
  it("returns each inserted position exactly as the database stores it, orders included", async () => {
    const t = await createTrader();
    const signal = await storeSignal({ symbol: "ETHUSDT", direction: "SHORT", entry: 3000, targets: [2970, 2940], stop_loss: 3050, leverage: 10 });
    const rules = { symbol: "ETHUSDT", amountStep: "0.001", priceTick: "0.01", minQty: "0.001", minNotional: "5", maxLeverage: 50 };
    const plan = buildTradePlan({ direction: "SHORT", entryPrice: "3001.5", targets: ["2970", "2940"], stopLoss: "3050", settings: { perTradeUsdt: "40", leverage: 7, sizingMode: "FIXED", riskPerTradePct: "1", capitalUsdt: "1000", tpSplit: ["60", "40"] }, rules, paper: false }) as TTradePlan;
    expect(plan.ok).toBe(true);
    const entry = { positionId: crypto.randomUUID(), userId: t.id, mode: "BINANCE_TESTNET" as const, signalId: signal.id, symbol: "ETHUSDT", plan, signalEntryPrice: "3000", trailing: { pct: "1.5", afterTp: 1 } };
    const now = new Date(Math.floor(Date.now() / 1000) * 1000 + 123);
    const written = await inPgTransaction((sql) => insertLiveEntries(sql, [entry], now, signal.createdAt));
    const stored = await db().position.findUniqueOrThrow({ where: { id: entry.positionId }, include: { orders: true, signal: { select: { createdAt: true } } } });
    const inMemory = written.get(entry.positionId)!;
    const plain = (p: typeof stored) => JSON.parse(JSON.stringify({ ...p, orders: [...p.orders].sort((a, b) => a.clientOrderId.localeCompare(b.clientOrderId)) })) as unknown;
    expect(plain(inMemory)).toEqual(plain(stored));
    // Written again (another run): nothing inserted, nothing returned.
    const again = await inPgTransaction((sql) => insertLiveEntries(sql, [{ ...entry, positionId: crypto.randomUUID() }], now, signal.createdAt));
    expect(again.size).toBe(0);
  });
});

// Positions and orders written straight to the database, for tests of the read side (lists, history,
// DTOs, access). Tests of the trading core's behaviour open positions through its services instead.
import { randomUUID } from "node:crypto";
import { db, type Prisma } from "@/server/db/client";
import { uniq } from "./factories";

export async function insertPosition(userId: number, overrides: Partial<Prisma.PositionUncheckedCreateInput> = {}) {
  return db().position.create({
    data: {
      userId,
      symbol: "ETHUSDT",
      direction: "LONG",
      mode: "PAPER",
      leverage: 5,
      entryPrice: "3000",
      qty: "0.05",
      remainingQty: "0.05",
      notional: "150",
      margin: "30",
      stopLoss: "2900",
      targets: ["3100", "3200"],
      ...overrides,
    },
  });
}

export async function insertOrder(positionId: string, userId: number, overrides: Partial<Prisma.OrderUncheckedCreateInput> = {}) {
  return db().order.create({
    data: {
      positionId,
      userId,
      clientOrderId: `vz-test-${uniq()}-${randomUUID().slice(0, 8)}`,
      kind: "TAKE_PROFIT",
      side: "SELL",
      type: "LIMIT",
      qty: "0.025",
      price: "3100",
      reduceOnly: true,
      status: "OPEN",
      ...overrides,
    },
  });
}

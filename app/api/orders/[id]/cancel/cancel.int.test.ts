// POST /api/orders/:orderId/cancel: a resting take-profit or stop of one's own open position.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createAdmin, createUser } from "@/test/helpers/factories";
import { call, expectError } from "@/test/helpers/http";
import { insertOrder, insertPosition } from "@/test/helpers/positions";
import { badTokens } from "@/test/helpers/tokens";
import { POST as cancelRoute } from "./route";

const cancel = (token: string | undefined, id: string) => call(cancelRoute, { method: "POST", token, params: { id }, path: `/api/orders/${id}/cancel` });

async function paperPositionWithOrders(userId: number) {
  const position = await insertPosition(userId, { nextTpPrice: "3100" });
  const tp1 = await insertOrder(position.id, userId, { kind: "TAKE_PROFIT", targetIndex: 1, price: "3100" });
  const tp2 = await insertOrder(position.id, userId, { kind: "TAKE_PROFIT", targetIndex: 2, price: "3200" });
  const stop = await insertOrder(position.id, userId, { kind: "STOP_LOSS", type: "STOP_MARKET", price: null, triggerPrice: "2900", qty: "0.05" });
  const entry = await insertOrder(position.id, userId, { kind: "ENTRY", side: "BUY", type: "MARKET", reduceOnly: false, status: "FILLED", price: null, qty: "0.05", filledQty: "0.05", avgPrice: "3000" });
  return { position, tp1, tp2, stop, entry };
}

describe("POST /api/orders/:orderId/cancel", () => {
  it("cancels a take-profit; the position stays open with the next take-profit moved on", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const { position, tp1 } = await paperPositionWithOrders(user.id);
    const res = await cancel(token, tp1.id);
    expect(res.status).toBe(200);
    expect(res.body.order).toMatchObject({ id: tp1.id, status: "CANCELED" });
    const after = await db().position.findUniqueOrThrow({ where: { id: position.id } });
    expect(after.status).toBe("OPEN");
    expect(after.nextTpPrice?.toFixed()).toBe("3200");
    expect(after.protected).toBe(true);
  });

  it("cancelling the stop leaves the position open but no longer protected", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const { position, stop } = await paperPositionWithOrders(user.id);
    expect((await cancel(token, stop.id)).status).toBe(200);
    const after = await db().position.findUniqueOrThrow({ where: { id: position.id } });
    expect(after).toMatchObject({ status: "OPEN", protected: false });
  });

  it("refuses the entry, an order already cancelled, and orders of a closed position with 409, changing nothing", async () => {
    const { user, token } = await createUser({ plan: "PREMIUM" });
    const { position, tp1, entry } = await paperPositionWithOrders(user.id);
    expectError(await cancel(token, entry.id), 409, "conflict");
    expect((await cancel(token, tp1.id)).status).toBe(200);
    expectError(await cancel(token, tp1.id), 409, "conflict");
    await db().position.update({ where: { id: position.id }, data: { status: "CLOSED" } });
    const tp2 = await db().order.findFirstOrThrow({ where: { positionId: position.id, targetIndex: 2 } });
    expectError(await cancel(token, tp2.id), 409, "conflict");
    expect((await db().order.findUniqueOrThrow({ where: { id: tp2.id } })).status).toBe("OPEN");
  });

  it("lets an admin cancel anyone's order, refuses another user's (403), unknown (404) and malformed (400) ids", async () => {
    const owner = await createUser({ plan: "PREMIUM" });
    const stranger = await createUser({ plan: "PREMIUM" });
    const admin = await createAdmin();
    const { tp1, tp2 } = await paperPositionWithOrders(owner.user.id);
    expectError(await cancel(stranger.token, tp1.id), 403, "forbidden");
    expect((await db().order.findUniqueOrThrow({ where: { id: tp1.id } })).status).toBe("OPEN");
    expect((await cancel(admin.token, tp2.id)).status).toBe(200);
    expectError(await cancel(owner.token, "00000000-0000-4000-8000-000000000000"), 404, "not_found");
    expect(expectError(await cancel(owner.token, "not-a-uuid"), 400).field).toBe("orderId");
  });

  it("answers 401 without a token and for expired, forged or tampered ones", async () => {
    const { user } = await createUser({ plan: "PREMIUM" });
    const { tp1 } = await paperPositionWithOrders(user.id);
    expectError(await cancel(undefined, tp1.id), 401);
    for (const bad of Object.values(await badTokens(user))) expectError(await cancel(bad, tp1.id), 401);
  });
});

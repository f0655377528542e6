// Whose position or order it is. Another user's → 403 (ids are random UUIDs, so saying that it
// exists leaks nothing); an unknown id → 404. Admins reach every position.
import type { TAuthUser } from "../../auth/authenticate";
import { db } from "../../db/client";
import { forbidden, notFound } from "../../errors";
import { parseUuid } from "./schemas";

function ensureOwner(actor: TAuthUser, ownerId: number, what: string): void {
  if (ownerId !== actor.id && actor.role !== "ADMIN") throw forbidden(`This ${what} belongs to another user`);
}

/** The position's id and owner once the actor may act on it. */
export async function authorizePosition(actor: TAuthUser, rawId: string, field = "id"): Promise<{ id: string; userId: number }> {
  const id = parseUuid(rawId, field);
  const row = await db().position.findUnique({ where: { id }, select: { id: true, userId: true } });
  if (!row) throw notFound("Position");
  ensureOwner(actor, row.userId, "position");
  return row;
}

export async function authorizeOrder(actor: TAuthUser, rawId: string, field = "orderId"): Promise<{ id: string; userId: number; positionId: string }> {
  const id = parseUuid(rawId, field);
  const row = await db().order.findUnique({ where: { id }, select: { id: true, userId: true, positionId: true } });
  if (!row) throw notFound("Order");
  ensureOwner(actor, row.userId, "order");
  return row;
}

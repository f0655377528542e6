import { db } from "../db/client";
import { AppError, forbidden, notFound } from "../errors";

/**
 * The id of the user the actor may act on: themselves, or anyone for an admin. A non-admin
 * asking for someone else gets 403 whether or not that id exists, so ids cannot be probed.
 */
export async function resolveTargetUserId(actor: { id: number; role: string }, rawId: string): Promise<number> {
  const id = parseUserId(rawId);
  if (id === actor.id) return id;
  if (actor.role !== "ADMIN") throw forbidden("You can only access your own account");
  const exists = await db().user.findUnique({ where: { id }, select: { id: true } });
  if (!exists) throw notFound("User");
  return id;
}

export function parseUserId(raw: string): number {
  if (!/^[1-9]\d{0,9}$/.test(raw) || Number(raw) > 2_147_483_647) {
    throw new AppError("INVALID_INPUT", "id: must be a positive whole number", { field: "id" });
  }
  return Number(raw);
}

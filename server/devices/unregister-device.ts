// DELETE /api/devices/:token: the app stops pushes to this phone (sign-out, notifications off).
// Only the token's owner may remove it; someone else's token is answered like a missing one.
import { db } from "../db/client";
import { notFound } from "../errors";

export async function unregisterDevice(userId: number, token: string): Promise<{ removed: true }> {
  const { count } = await db().pushDevice.deleteMany({ where: { token, userId } });
  if (count === 0) throw notFound("Device");
  return { removed: true };
}

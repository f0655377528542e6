// POST /api/devices: the signed-in user's phone registers its Expo push token. Idempotent: the same
// token again only refreshes it; a token last seen under another account now belongs to this one
// (one device, whoever signed in on it last), and pushes still waiting for the previous owner are
// dropped rather than shown to the new one.
import { db } from "../db/client";
import type { TRegisterDevice } from "./schemas";

export type TDeviceDto = { token: string; platform: string | null; created_at: string; last_seen_at: string };

export async function registerDevice(userId: number, input: TRegisterDevice, now = new Date()): Promise<{ device: TDeviceDto; created: boolean }> {
  // One statement: concurrent registrations of one token never race into a unique violation.
  const rows = await db().$queryRaw<{ token: string; platform: string | null; created_at: Date; last_seen_at: Date; inserted: boolean }[]>`
    INSERT INTO push_devices (user_id, token, platform, created_at, last_seen_at)
    VALUES (${userId}, ${input.token}, ${input.platform ?? null}, ${now}, ${now})
    ON CONFLICT (token) DO UPDATE SET user_id = EXCLUDED.user_id, platform = COALESCE(EXCLUDED.platform, push_devices.platform), last_seen_at = EXCLUDED.last_seen_at
    RETURNING token, platform, created_at, last_seen_at, (xmax = 0) AS inserted`;
  const row = rows[0]!;
  // Pushes still queued for the phone's previous owner would reach the one signed in now.
  await db().pushMessage.updateMany({
    where: { token: input.token, status: "PENDING", userId: { not: userId } },
    data: { status: "FAILED", lastError: "the device was registered by another account" },
  });
  return {
    device: { token: row.token, platform: row.platform, created_at: row.created_at.toISOString(), last_seen_at: row.last_seen_at.toISOString() },
    created: row.inserted,
  };
}

// What the app sends to register its push token (SPEC §11: POST /api/devices).
import { z } from "zod";

/** Expo's token shapes (ExponentPushToken[…] / ExpoPushToken[…]), as its server SDK checks them. */
export const EXPO_TOKEN_RE = /^Expo(nent)?PushToken\[[A-Za-z0-9_-]{10,200}\]$/;

export const ZDeviceToken = z.string({ error: "must be an Expo push token" }).regex(EXPO_TOKEN_RE, "must be an Expo push token, e.g. ExponentPushToken[xxxxxxxxxxxxxxxxxxxxxx]");

export const ZRegisterDevice = z.strictObject({
  token: ZDeviceToken,
  platform: z.enum(["ios", "android", "web"], { error: "must be ios, android or web" }).optional(),
});
export type TRegisterDevice = z.infer<typeof ZRegisterDevice>;

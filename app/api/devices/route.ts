import { preflightResponse } from "@/server/http/cors";
import { created, route } from "@/server/http/route";
import { registerDevice } from "@/server/devices/register-device";
import { ZRegisterDevice } from "@/server/devices/schemas";

// The app registers its Expo push token (SPEC §11). Idempotent: 201 the first time, 200 after.
export const POST = route({ auth: "user", body: ZRegisterDevice }, async ({ user, body }) => {
  const { device, created: isNew } = await registerDevice(user.id, body);
  return isNew ? created({ device }) : { device };
});
export const OPTIONS = preflightResponse;

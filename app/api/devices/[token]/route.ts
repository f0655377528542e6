import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { ZDeviceToken } from "@/server/devices/schemas";
import { unregisterDevice } from "@/server/devices/unregister-device";
import { invalidInput } from "@/server/errors";

// The app stops pushes to this phone (sign-out, notifications turned off). Only the owner's token.
export const DELETE = route({ auth: "user" }, async ({ user, params }) => {
  const token = ZDeviceToken.safeParse(params.token ?? "");
  if (!token.success) throw invalidInput("token", "must be an Expo push token");
  return unregisterDevice(user.id, token.data);
});
export const OPTIONS = preflightResponse;

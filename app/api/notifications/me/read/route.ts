import { z } from "zod";
import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { markNotificationsRead } from "@/server/notifications/user-notifications";

// {ids: [...]} marks those; {} marks all of the user's notifications read.
const ZBody = z.strictObject({ ids: z.array(z.number().int().positive(), { error: "must be a list of notification ids" }).max(500).optional() });

export const POST = route({ auth: "user", body: ZBody }, async ({ user, body }) => markNotificationsRead(user.id, body.ids));
export const OPTIONS = preflightResponse;

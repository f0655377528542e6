import { z } from "zod";
import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { listMyNotifications } from "@/server/notifications/user-notifications";

const ZQuery = z.object({
  unread: z.enum(["true", "false", "1", "0"], { error: "must be true or false" }).optional(),
  limit: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(100, "must be at most 100").default(50),
});

export const GET = route({ auth: "user", query: ZQuery }, async ({ user, query }) =>
  listMyNotifications(user.id, { unreadOnly: query.unread === "true" || query.unread === "1", limit: query.limit }),
);
export const OPTIONS = preflightResponse;

// GET /api/admin/live — the dashboard's live stream (SSE): an event per topic that changed
// (signals, delivery, positions, membership, payments, safety, resync); the dashboard refetches what it shows.
// Admins only: the dashboard's session cookie, or an admin's bearer token.
import { openAdminLiveStream } from "@/server/admin-live-stream";
import { requireAdmin } from "@/server/auth/authenticate";
import { AppError } from "@/server/errors";
import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { eventStreamResponse, streamUser } from "../../_lib/event-stream";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "public" }, async ({ req }) => {
  const header = req.headers.get("authorization");
  // No bearer and no cookie: nobody to look up (and no session lookup outside a browser's request).
  if (!header && !req.headers.get("cookie")) throw new AppError("UNAUTHORIZED", "Missing bearer token");
  const user = await streamUser(header);
  requireAdmin(user);
  return eventStreamResponse(await openAdminLiveStream(req.signal));
});

export const OPTIONS = preflightResponse;

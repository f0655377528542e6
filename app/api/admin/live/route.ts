// GET /api/admin/live — the dashboard's live stream (SSE): an event per topic that changed
// (signals, delivery, positions, membership, resync); the dashboard refetches what it shows.
// Admins only: the dashboard's session cookie, or an admin's bearer token.
import { auth } from "@/auth";
import { openAdminLiveStream } from "@/server/admin-live-stream";
import { authenticateBearer, getActiveUser, requireAdmin } from "@/server/auth/authenticate";
import { AppError } from "@/server/errors";
import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "public" }, async ({ req }) => {
  const header = req.headers.get("authorization");
  // No bearer and no cookie: nobody to look up (and no session lookup outside a browser's request).
  if (!header && !req.headers.get("cookie")) throw new AppError("UNAUTHORIZED", "Missing bearer token");
  const user = header ? await authenticateBearer(header) : await sessionUser();
  requireAdmin(user);
  const stream = await openAdminLiveStream(req.signal);
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
      "Content-Encoding": "none",
    },
  });
});

async function sessionUser() {
  const session = await auth();
  const id = Number(session?.user?.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError("UNAUTHORIZED", "Missing bearer token");
  return getActiveUser({ userId: id, version: session?.user?.ver });
}

export const OPTIONS = preflightResponse;

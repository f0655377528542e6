// GET /api/signals/stream — the live feed (SSE) for the app (bearer token, or ?access_token= for
// EventSource clients that cannot send headers) and the dashboard (session cookie).
import { auth } from "@/auth";
import { authenticateBearer, getActiveUser } from "@/server/auth/authenticate";
import { AppError } from "@/server/errors";
import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { openFeedStream, parseLastEventId } from "@/server/signals/feed-stream";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "public" }, async ({ req }) => {
  const url = new URL(req.url);
  const header = req.headers.get("authorization");
  const queryToken = url.searchParams.get("access_token");
  const user = header || queryToken ? await authenticateBearer(header ?? `Bearer ${queryToken}`) : await sessionUser();
  const lastEventId = parseLastEventId(req.headers.get("last-event-id") ?? url.searchParams.get("last_event_id"));
  const stream = await openFeedStream(user, lastEventId, req.signal);
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

// GET /api/signals/stream — the live feed (SSE) for the app (bearer token, or ?access_token= for
// EventSource clients that cannot send headers) and the dashboard (session cookie).
import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { openFeedStream, parseLastEventId } from "@/server/signals/feed-stream";
import { eventStreamResponse, streamUser } from "../../_lib/event-stream";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "public" }, async ({ req }) => {
  const url = new URL(req.url);
  const header = req.headers.get("authorization");
  const queryToken = url.searchParams.get("access_token");
  const user = await streamUser(header ?? (queryToken ? `Bearer ${queryToken}` : null));
  const lastEventId = parseLastEventId(req.headers.get("last-event-id") ?? url.searchParams.get("last_event_id"));
  return eventStreamResponse(await openFeedStream(user, lastEventId, req.signal));
});

export const OPTIONS = preflightResponse;

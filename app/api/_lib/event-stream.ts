// What the two SSE routes (GET /api/signals/stream, GET /api/admin/live) share: who is asking — a
// bearer token, else the dashboard's session cookie — and the response headers of an event stream.
import { auth } from "@/auth";
import { bearerOrSessionUser } from "@/server/auth/authenticate";

/** The caller of a stream: `bearer` ("Bearer …") if given, else the session cookie. */
export async function streamUser(bearer: string | null) {
  if (bearer) return bearerOrSessionUser({ authorization: bearer });
  const session = await auth();
  return bearerOrSessionUser({ authorization: null, sessionUserId: session?.user?.id, sessionVersion: session?.user?.ver });
}

export function eventStreamResponse(stream: ReadableStream<Uint8Array>): Response {
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
      "Content-Encoding": "none",
    },
  });
}

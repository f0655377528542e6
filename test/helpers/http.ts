// Calls a route handler exactly as Next does: a real Request in, a real Response out.
type THandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;

export type TCall = {
  method?: string;
  path?: string;
  /** An object is sent as JSON; a string is sent as-is (for malformed-body tests). */
  body?: unknown;
  headers?: Record<string, string>;
  params?: Record<string, string>;
  token?: string;
};

export type TResult = { status: number; headers: Headers; body: any };

export async function call(handler: THandler, options: TCall = {}): Promise<TResult> {
  const { method = "GET", path = "/api/test", body, headers = {}, params = {}, token } = options;
  const init: RequestInit = { method, headers: { ...headers } };
  const h = init.headers as Record<string, string>;
  if (token) h.authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    if (typeof body !== "string" && !Object.keys(h).some((k) => k.toLowerCase() === "content-type")) {
      h["content-type"] = "application/json";
    }
  }
  const res = await handler(new Request(`http://localhost${path}`, init), { params: Promise.resolve(params) });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/**
 * A client that does what a 503 asks: waits its Retry-After and sends again, until it gets another
 * answer. For the concurrency tests: when every database connection stays busy past Prisma's
 * transaction wait (a busy machine, or PGlite's single connection) a request is told to retry
 * (server/errors.ts, P2028), and the invariant under test is what the final answers and the
 * database say, not how fast the machine got through the burst.
 */
export async function untilAnswered(send: () => Promise<TResult>, deadlineMs = 120_000): Promise<TResult> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const res = await send();
    if (res.status !== 503 || Date.now() > deadline) return res;
    const wait = Number(res.headers.get("retry-after") ?? "1");
    await new Promise((resolve) => setTimeout(resolve, (Number.isFinite(wait) ? Math.min(wait, 5) : 1) * 1000));
  }
}

/** Asserts SPEC's error shape and returns it. */
export function expectError(result: TResult, status: number, error?: string): { error: string; message: string; field?: string } {
  if (result.status !== status || typeof result.body?.error !== "string" || typeof result.body?.message !== "string") {
    throw new Error(`expected ${status} {error, message}, got ${result.status} ${JSON.stringify(result.body)}`);
  }
  if (error && result.body.error !== error) throw new Error(`expected error ${error}, got ${JSON.stringify(result.body)}`);
  return result.body;
}

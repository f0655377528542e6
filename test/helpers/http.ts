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

/** Asserts SPEC's error shape and returns it. */
export function expectError(result: TResult, status: number, error?: string): { error: string; message: string; field?: string } {
  if (result.status !== status || typeof result.body?.error !== "string" || typeof result.body?.message !== "string") {
    throw new Error(`expected ${status} {error, message}, got ${result.status} ${JSON.stringify(result.body)}`);
  }
  if (error && result.body.error !== error) throw new Error(`expected error ${error}, got ${JSON.stringify(result.body)}`);
  return result.body;
}

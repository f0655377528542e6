// One HTTP call of the soak and its tally: every answer is counted by README route and status;
// a 5xx or a call that got no answer is kept whole for the report.

export type TCall = {
  /** The README's row, "METHOD /api/path/:param": what the summary counts by. */
  route: string;
  /** The concrete path (and query) called. */
  path: string;
  /** Authorization: Bearer <token>; left out when undefined. */
  token?: string;
  body?: unknown;
  /** A body sent as is (a signed webhook's exact bytes, or JSON that does not parse). */
  raw?: string;
  headers?: Record<string, string>;
  /** Server-sent events: read the status and headers, then hang up. */
  stream?: boolean;
  /** A request made wrong on purpose: any 4xx is a fine answer, a 5xx still fails the soak. */
  invalid?: boolean;
};

export type TAnswer = { status: number; ok: boolean; json: any; text: string };

export type TFailure = { method: string; path: string; status: number | "no answer"; body: string; at: string };

const TIMEOUT_MS = 120_000; // `next dev` compiles a route on its first call

export class Tally {
  /** route → status → count; a wrong-on-purpose call's status is counted as "wrong:<status>". */
  readonly byRoute = new Map<string, Map<string, number>>();
  readonly failures: TFailure[] = [];
  calls = 0;
  invalidCalls = 0;

  constructor(private readonly base: string) {}

  async send(call: TCall): Promise<TAnswer> {
    const method = call.route.split(" ")[0]!;
    const headers: Record<string, string> = { ...call.headers };
    if (call.token !== undefined) headers.authorization = `Bearer ${call.token}`;
    const body = call.raw ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
    if (body !== undefined) headers["content-type"] ??= "application/json";
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    this.calls++;
    if (call.invalid) this.invalidCalls++;
    try {
      const res = await fetch(this.base + call.path, { method, headers, body, signal: controller.signal, redirect: "manual" });
      const text = call.stream && res.ok ? await firstChunk(res, controller) : await res.text();
      this.count(call.route, call.invalid ? `wrong:${res.status}` : res.status);
      if (res.status >= 500) this.failures.push({ method, path: call.path, status: res.status, body: text.slice(0, 500), at: new Date().toISOString() });
      return { status: res.status, ok: res.ok, json: parseJson(text), text };
    } catch (err) {
      this.count(call.route, call.invalid ? "wrong:no answer" : "no answer");
      this.failures.push({ method, path: call.path, status: "no answer", body: String(err), at: new Date().toISOString() });
      return { status: 0, ok: false, json: null, text: "" };
    } finally {
      clearTimeout(timer);
    }
  }

  count5xx(): number {
    return this.failures.length;
  }

  private count(route: string, status: number | string): void {
    const statuses = this.byRoute.get(route) ?? new Map<string, number>();
    statuses.set(String(status), (statuses.get(String(status)) ?? 0) + 1);
    this.byRoute.set(route, statuses);
  }
}

/** An SSE stream never ends: take what arrives within a second, then hang up. */
async function firstChunk(res: Response, controller: AbortController): Promise<string> {
  const reader = res.body!.getReader();
  const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), 1_000))]);
  controller.abort();
  await reader.cancel().catch(() => undefined);
  return chunk && chunk.value ? new TextDecoder().decode(chunk.value) : "";
}

function parseJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

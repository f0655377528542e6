// Expo's push service over plain fetch (REFERENCES: expo-server-sdk-node's wire format):
// POST {base}/--/api/v2/push/send with up to 100 messages answers one ticket per message, in order;
// POST {base}/--/api/v2/push/getReceipts {ids} answers a map from ticket id to receipt. Request-level
// failures come as {errors: [{code, message}]}. Outages, 429 and 5xx are retryable; the rest is not.
import { z } from "zod";

export const PUSH_SEND_PATH = "/--/api/v2/push/send";
export const PUSH_RECEIPTS_PATH = "/--/api/v2/push/getReceipts";
export const PUSH_BATCH_LIMIT = 100;
export const RECEIPT_BATCH_LIMIT = 300;

export type TExpoMessage = { to: string; title: string; body: string; data: Record<string, unknown>; sound: "default"; priority: "high" };
const ZDetails = z.looseObject({ error: z.string().optional() }).optional();
const ZTicket = z.union([
  z.looseObject({ status: z.literal("ok"), id: z.string().min(1) }),
  z.looseObject({ status: z.literal("error"), message: z.string(), details: ZDetails }),
]);
const ZReceipt = z.union([
  z.looseObject({ status: z.literal("ok") }),
  z.looseObject({ status: z.literal("error"), message: z.string(), details: ZDetails }),
]);
export type TExpoTicket = z.infer<typeof ZTicket>;
export type TExpoReceipt = z.infer<typeof ZReceipt>;
export type TExpoResult<T> = { ok: true; data: T } | { ok: false; retryable: boolean; error: string; retryAfterSeconds?: number };

export type TExpoPushClient = {
  send(messages: TExpoMessage[]): Promise<TExpoResult<TExpoTicket[]>>;
  getReceipts(ids: string[]): Promise<TExpoResult<Record<string, TExpoReceipt>>>;
};

export function createExpoPushClient(options: { baseUrl: string; accessToken?: string; timeoutMs?: number }): TExpoPushClient {
  const base = options.baseUrl.replace(/\/+$/, "");
  const post = async <T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<TExpoResult<T>> => {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method: "POST",
        headers: {
          accept: "application/json",
          "content-type": "application/json",
          ...(options.accessToken ? { authorization: `Bearer ${options.accessToken}` } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch (err) {
      return { ok: false, retryable: true, error: `expo push unreachable: ${(err as Error).message}` };
    }
    const text = await res.text().catch(() => "");
    const parsed = parseJson(text);
    const apiError = z.object({ errors: z.array(z.object({ code: z.string(), message: z.string() })).min(1) }).safeParse(parsed);
    const describe = apiError.success ? apiError.data.errors.map((e) => `${e.code}: ${e.message}`).join("; ") : text.slice(0, 200);
    if (res.status === 429 || res.status >= 500) {
      const retryAfter = Number(res.headers.get("retry-after"));
      return { ok: false, retryable: true, error: `expo push ${res.status}: ${describe}`, ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}) };
    }
    if (res.status !== 200 || apiError.success) return { ok: false, retryable: false, error: `expo push ${res.status}: ${describe}` };
    const data = z.object({ data: schema }).safeParse(parsed);
    if (!data.success) return { ok: false, retryable: true, error: `expo push answered an unexpected body: ${text.slice(0, 200)}` };
    return { ok: true, data: data.data.data };
  };
  return {
    async send(messages) {
      const result = await post(PUSH_SEND_PATH, messages, z.array(ZTicket));
      if (result.ok && result.data.length !== messages.length) {
        return { ok: false, retryable: true, error: `expo push answered ${result.data.length} tickets for ${messages.length} messages` };
      }
      return result;
    },
    getReceipts: (ids) => post(PUSH_RECEIPTS_PATH, { ids }, z.record(z.string(), ZReceipt)),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

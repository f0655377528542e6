// A local stand-in for Expo's push service, answering with its real wire format (expo-server-sdk's
// client and Expo's "Sending notifications" guide):
//   POST /--/api/v2/push/send         [message, …] (≤ 100, or one object) → 200 {data: [ticket, …]}
//     ticket: {status: "ok", id} | {status: "error", message, details: {error: "DeviceNotRegistered", expoPushToken}}
//   POST /--/api/v2/push/getReceipts  {ids: […]} (≤ 1000) → 200 {data: {id: receipt}} (ids it does not know are left out)
//   request-level failures            4xx {errors: [{code, message}]}; an outage is a reset or a 5xx.
// Gzip request bodies (Content-Encoding: gzip) are accepted as Expo accepts them. A token is
// "uninstalled" either at once (the ticket says DeviceNotRegistered) or after the send (the ticket
// is ok, the receipt says so), the two ways Expo reports it. Shared by tests: no test framework.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { gunzipSync } from "node:zlib";
import { listenFake } from "./http-listener";

export type TFakePush = { to: string; title?: string; body?: string; data?: Record<string, unknown>; ticketId: string | null; at: Date };
export type TFakeExpoPush = {
  url: string;
  /** Every message Expo accepted (an ok ticket), in order. */
  delivered: TFakePush[];
  /** Every request, for counting batches and checking headers. */
  requests: { path: string; count: number; headers: Record<string, string | string[] | undefined> }[];
  deliveredTo(token: string): TFakePush[];
  /** The ticket of the next send to this token is DeviceNotRegistered. */
  unregister(token: string): void;
  /** Sends to this token get an ok ticket, but their receipt says DeviceNotRegistered. */
  unregisterAfterSend(token: string): void;
  /** The next `times` requests answer `status` (429 with Retry-After, or 5xx). */
  fail(times: number, status?: number, retryAfterSeconds?: number): void;
  /** Tickets and receipts for this token say MessageRateExceeded. */
  rateLimit(token: string, on?: boolean): void;
  goDown(): void;
  comeBack(): void;
  close(): Promise<void>;
};

const TOKEN_RE = /^Expo(nent)?PushToken\[.+\]$/;

export async function startFakeExpoPush(options: { accessToken?: string } = {}): Promise<TFakeExpoPush> {
  const delivered: TFakePush[] = [];
  const requests: TFakeExpoPush["requests"] = [];
  const unregistered = new Set<string>();
  const unregisterLater = new Set<string>();
  const limited = new Set<string>();
  const receipts = new Map<string, Record<string, unknown>>();
  let failures: { times: number; status: number; retryAfter?: number } = { times: 0, status: 503 };

  const reply = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    void res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
  const apiError = (res: ServerResponse, status: number, code: string, message: string) => reply(res, status, { errors: [{ code, message }] });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let raw = Buffer.concat(chunks);
    if (req.headers["content-encoding"] === "gzip") raw = gunzipSync(raw);
    const path = (req.url ?? "").split("?")[0]!;
    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      body = undefined;
    }
    requests.push({ path, count: Array.isArray(body) ? body.length : 1, headers: req.headers });
    if (failures.times > 0) {
      failures.times--;
      return reply(res, failures.status, { errors: [{ code: "INTERNAL_SERVER_ERROR", message: "An unknown error occurred." }] }, failures.retryAfter ? { "retry-after": String(failures.retryAfter) } : {});
    }
    if (req.method !== "POST") return apiError(res, 405, "METHOD_NOT_ALLOWED", "Use POST");
    if (options.accessToken && req.headers.authorization !== `Bearer ${options.accessToken}`) {
      return apiError(res, 401, "UNAUTHORIZED", "The bearer token is invalid; check the access token you are using.");
    }
    if (body === undefined) return apiError(res, 400, "VALIDATION_ERROR", "The request body must be JSON.");
    if (path === "/--/api/v2/push/send") return send(res, Array.isArray(body) ? body : [body]);
    if (path === "/--/api/v2/push/getReceipts") return getReceipts(res, body);
    return apiError(res, 404, "NOT_FOUND", `Not found: ${path}`);
  };

  const send = (res: ServerResponse, messages: unknown[]) => {
    if (messages.length > 100) return apiError(res, 413, "PUSH_TOO_MANY_NOTIFICATIONS", "You are trying to send more than 100 push notifications in one request.");
    for (const m of messages) {
      const to = (m as { to?: unknown })?.to;
      if (typeof to !== "string" || !TOKEN_RE.test(to)) return apiError(res, 400, "VALIDATION_ERROR", `"to" must be an Expo push token, got ${JSON.stringify(to)}`);
    }
    const tickets = (messages as { to: string; title?: string; body?: string; data?: Record<string, unknown> }[]).map((m) => {
      if (unregistered.has(m.to)) {
        return { status: "error", message: `"${m.to}" is not a registered push notification recipient`, details: { error: "DeviceNotRegistered", expoPushToken: m.to } };
      }
      if (limited.has(m.to)) return { status: "error", message: "The device is receiving too many notifications.", details: { error: "MessageRateExceeded", expoPushToken: m.to } };
      const id = randomUUID().toUpperCase();
      delivered.push({ to: m.to, title: m.title, body: m.body, data: m.data, ticketId: id, at: new Date() });
      receipts.set(
        id,
        unregisterLater.has(m.to)
          ? { status: "error", message: `"${m.to}" is not a registered push notification recipient`, details: { error: "DeviceNotRegistered", expoPushToken: m.to } }
          : { status: "ok" },
      );
      return { status: "ok", id };
    });
    reply(res, 200, { data: tickets });
  };

  const getReceipts = (res: ServerResponse, body: unknown) => {
    const ids = (body as { ids?: unknown })?.ids;
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== "string")) return apiError(res, 400, "VALIDATION_ERROR", '"ids" must be an array of receipt ids');
    if (ids.length > 1000) return apiError(res, 413, "PUSH_TOO_MANY_RECEIPTS", "You are trying to get more than 1000 push receipts in one request.");
    const data: Record<string, unknown> = {};
    for (const id of ids as string[]) {
      const r = receipts.get(id);
      if (r) data[id] = r;
    }
    reply(res, 200, { data });
  };

  const listener = await listenFake(handle);
  return {
    url: `http://127.0.0.1:${listener.port}`,
    delivered,
    requests,
    deliveredTo: (token) => delivered.filter((d) => d.to === token),
    unregister: (token) => void unregistered.add(token),
    unregisterAfterSend: (token) => void unregisterLater.add(token),
    fail: (times, status = 503, retryAfter) => void (failures = { times, status, retryAfter }),
    rateLimit: (token, on = true) => void (on ? limited.add(token) : limited.delete(token)),
    goDown: listener.goDown,
    comeBack: listener.comeBack,
    close: listener.close,
  };
}

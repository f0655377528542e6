import { randomUUID } from "node:crypto";
import { toAppError } from "../errors";
import { logger } from "../logger";

const JSON_HEADERS = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

/** Any thrown value → SPEC's {"error","message"} with the status of ERROR_TABLE; 500s are logged, never detailed. */
export function errorResponse(err: unknown, context: { method?: string; path?: string } = {}): Response {
  const appError = toAppError(err);
  const headers: Record<string, string> = {};
  if (appError.retryAfterSeconds !== undefined) headers["Retry-After"] = String(appError.retryAfterSeconds);
  if (appError.code === "INTERNAL") {
    const requestId = randomUUID();
    logger.error("request failed", { requestId, ...context, err: appError.cause ?? appError });
    return json({ ...appError.toBody(), request_id: requestId }, 500, headers);
  }
  // A 503's cause (an upstream URL, a resolver error) is for the operator, not the client.
  if (appError.httpStatus >= 500 && appError.cause) logger.warn("request answered unavailable", { ...context, code: appError.code, err: appError.cause ?? appError.message });
  return json(appError.toBody(), appError.httpStatus, headers);
}

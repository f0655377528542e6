// Who may post to POST /api/webhook/signal. Every way needs WEBHOOK_SECRET (unset: the webhook is
// off, 503):
// - a sender that can sign: HMAC-SHA256 over `${timestamp}.${raw body}` with WEBHOOK_SECRET,
//     X-Signature: sha256=<hex>    X-Timestamp: <unix seconds>
//   a timestamp more than 5 minutes off is a replay (or a broken clock);
// - TradingView and the like, which send only a URL and a body: the secret itself, as the URL's
//   `?token=` or the JSON body's `"secret"`.
// Secrets are compared in constant time. The body's `secret` is removed before anything else sees
// the body, so it is never validated, stored or logged. With HMAC headers present they alone
// decide; otherwise every secret presented must match, and none at all is 401. Nothing in the body
// is validated before the sender is authenticated.
import { createHmac } from "node:crypto";
import { safeEqual } from "../crypto/safe-equal";
import { env } from "../env";
import { AppError } from "../errors";
import { parseJsonText } from "../lib/parse-json-text";

export const MAX_SKEW_SECONDS = 300;

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

function webhookSecret(): string {
  const secret = env().WEBHOOK_SECRET;
  if (!secret) throw new AppError("SERVICE_UNAVAILABLE", "The signal webhook is not configured (WEBHOOK_SECRET)");
  return secret;
}

export function verifyWebhook(headers: Headers, rawBody: string, now = Date.now()): void {
  const secret = webhookSecret();
  const signature = headers.get("x-signature") ?? "";
  const tsHeader = headers.get("x-timestamp") ?? "";
  if (!/^\d{9,11}$/.test(tsHeader)) throw new AppError("UNAUTHORIZED", "Missing or malformed X-Timestamp (unix seconds)");
  const timestamp = Number(tsHeader);
  if (Math.abs(now / 1000 - timestamp) > MAX_SKEW_SECONDS) {
    throw new AppError("UNAUTHORIZED", "X-Timestamp is not fresh: the request is too old (replay) or the clock is off");
  }
  if (!safeEqual(signature, signWebhook(secret, timestamp, rawBody))) {
    throw new AppError("UNAUTHORIZED", "Invalid X-Signature: expected sha256=HMAC-SHA256(WEBHOOK_SECRET, `${timestamp}.${body}`)");
  }
}

const NO_CREDENTIALS =
  "Missing credentials: put WEBHOOK_SECRET in the body's \"secret\" or the URL's ?token=, or sign the body (X-Timestamp, X-Signature)";

/**
 * Authenticates the sender (HMAC headers, `?token=` or the body's `secret`) and returns the parsed
 * JSON body without `secret`; throws 401 (or 503 when the webhook is off, 400 for a body that is
 * not JSON once the sender is known).
 */
export function authenticateWebhook(req: Pick<Request, "headers" | "url">, rawBody: string, now = Date.now()): unknown {
  const secret = webhookSecret();
  if (req.headers.has("x-signature") || req.headers.has("x-timestamp")) {
    verifyWebhook(req.headers, rawBody, now);
    return withoutSecret(parseJsonText(rawBody));
  }
  const tokens = new URL(req.url).searchParams.getAll("token");
  const body = tryParse(rawBody);
  const bodySecret = isObject(body) && Object.hasOwn(body, "secret") ? body.secret : undefined;
  if (tokens.length === 0 && bodySecret === undefined) throw new AppError("UNAUTHORIZED", NO_CREDENTIALS);
  if (tokens.length > 1) throw new AppError("UNAUTHORIZED", "Give ?token= once");
  const [token] = tokens;
  if (token !== undefined && !safeEqual(token, secret)) throw new AppError("UNAUTHORIZED", "Invalid token: expected WEBHOOK_SECRET");
  if (bodySecret !== undefined && (typeof bodySecret !== "string" || !safeEqual(bodySecret, secret))) {
    throw new AppError("UNAUTHORIZED", "Invalid secret: expected WEBHOOK_SECRET");
  }
  // Authenticated: the body gets the full checks (and a body that is not JSON its precise 400).
  return withoutSecret(parseJsonText(rawBody));
}

function tryParse(rawBody: string): unknown {
  try {
    return JSON.parse(rawBody) as unknown;
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function withoutSecret(body: unknown): unknown {
  if (!isObject(body)) return body;
  const { secret: _secret, ...rest } = body;
  return rest;
}

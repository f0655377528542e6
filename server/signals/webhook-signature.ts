// POST /api/webhook/signal: the provider signs `${timestamp}.${raw body}` with HMAC-SHA256 and
// WEBHOOK_SECRET; a timestamp more than 5 minutes off is a replay (or a broken clock).
//   X-Signature: sha256=<hex>    X-Timestamp: <unix seconds>
import { createHmac } from "node:crypto";
import { safeEqual } from "../crypto/safe-equal";
import { env } from "../env";
import { AppError } from "../errors";

export const MAX_SKEW_SECONDS = 300;

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export function verifyWebhook(headers: Headers, rawBody: string, now = Date.now()): void {
  const secret = env().WEBHOOK_SECRET;
  if (!secret) throw new AppError("SERVICE_UNAVAILABLE", "The signal webhook is not configured (WEBHOOK_SECRET)");
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

// External providers (TradingView-style JSON, SEED 6.1): the sender proves it knows WEBHOOK_SECRET
// by signing (X-Timestamp, X-Signature) or by sending it (body "secret" or ?token=) — see
// server/signals/webhook-signature.ts. Idempotent on the payload's `id`, or without one on the
// same body within 24 hours (server/signals/receive-webhook-signal.ts).
import { readRawBody } from "@/server/http/read-json";
import { json } from "@/server/http/respond";
import { route } from "@/server/http/route";
import { receiveWebhookSignal } from "@/server/signals/receive-webhook-signal";
import { ZSignalInput } from "@/server/signals/schemas";
import { toSignalDto } from "@/server/signals/signal-dto";
import { authenticateWebhook } from "@/server/signals/webhook-signature";

export const POST = route({ auth: "public" }, async ({ req }) => {
  const body = authenticateWebhook(req, await readRawBody(req));
  const draft = ZSignalInput.parse(body);
  const { signal, created } = await receiveWebhookSignal(draft);
  return json({ message: "Signal received", created, duplicate: !created, signal: toSignalDto(signal) }, created ? 201 : 200);
});

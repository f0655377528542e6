// External providers (TradingView-style JSON), signed with HMAC-SHA256 — see
// server/signals/webhook-signature.ts. Idempotent on the payload's `id`.
import { AppError } from "@/server/errors";
import { MAX_BODY_BYTES } from "@/server/http/read-json";
import { json } from "@/server/http/respond";
import { route } from "@/server/http/route";
import { createSignal } from "@/server/signals/create-signal";
import { ZSignalInput } from "@/server/signals/schemas";
import { toSignalDto } from "@/server/signals/signal-dto";
import { verifyWebhook } from "@/server/signals/webhook-signature";

export const POST = route({ auth: "public" }, async ({ req }) => {
  const raw = await req.text();
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", `Body must be at most ${MAX_BODY_BYTES} bytes`);
  verifyWebhook(req.headers, raw);
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new AppError("INVALID_JSON", "Request body is not valid JSON");
  }
  const draft = ZSignalInput.parse(body);
  if (!draft.externalId) throw new AppError("INVALID_INPUT", "id: is required (the provider's own signal id)", { field: "id" });
  const { signal, created } = await createSignal(draft, "WEBHOOK");
  return json({ created, signal: toSignalDto(signal) }, created ? 201 : 200);
});

// External providers (TradingView-style JSON), signed with HMAC-SHA256 — see
// server/signals/webhook-signature.ts. Idempotent on the payload's `id`.
import { AppError } from "@/server/errors";
import { parseJsonText, readRawBody } from "@/server/http/read-json";
import { json } from "@/server/http/respond";
import { route } from "@/server/http/route";
import { createSignal } from "@/server/signals/create-signal";
import { ZSignalInput } from "@/server/signals/schemas";
import { toSignalDto } from "@/server/signals/signal-dto";
import { verifyWebhook } from "@/server/signals/webhook-signature";

export const POST = route({ auth: "public" }, async ({ req }) => {
  const raw = await readRawBody(req);
  verifyWebhook(req.headers, raw);
  const draft = ZSignalInput.parse(parseJsonText(raw));
  if (!draft.externalId) throw new AppError("INVALID_INPUT", "id: is required (the provider's own signal id)", { field: "id" });
  const { signal, created } = await createSignal(draft, "WEBHOOK");
  return json({ created, signal: toSignalDto(signal) }, created ? 201 : 200);
});

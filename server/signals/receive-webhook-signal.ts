// A signal from an outside provider (POST /api/webhook/signal, SEED 6.1). With the provider's id it
// is one signal per id, for ever; without one (TradingView alerts carry none) the same parsed body
// within 24 hours is one signal — a retried or replayed alert — and a new one after that. It is
// stored and broadcast exactly as a published signal (createSignal: feed, VIP/TRIAL Telegram,
// signal/created → the auto-trader's copies).
import { createSignal } from "./create-signal";
import type { TSignalDraft } from "./schemas";
import { SAME_BODY_WINDOW_MS } from "./signal-fingerprint";

export function receiveWebhookSignal(draft: TSignalDraft) {
  return createSignal(draft, "WEBHOOK", null, { sameBodyWithinMs: SAME_BODY_WINDOW_MS });
}

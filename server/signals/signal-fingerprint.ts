// What makes two webhook bodies "the same signal" when the sender gives no id: the parsed signal
// fields, not the JSON text. Key order, whitespace, "side":"BUY" vs "direction":"LONG", 70500 vs
// "70500.0" and a left-out default (leverage 1, duration SHORT) make no difference; any field that
// changes what is traded (a price, a target, the leverage, the confidence) makes another signal.
import { createHash } from "node:crypto";
import { Prisma } from "../db/client";
import type { TSignalDraft } from "./schemas";

/** How long the same body sent without an id stays one signal (SEED 6.1 senders retry and replay). */
export const SAME_BODY_WINDOW_MS = 24 * 60 * 60 * 1000;

const plain = (price: string) => new Prisma.Decimal(price).toFixed();

/** Hex SHA-256 of the draft's canonical fields (the provider's id is not one of them). */
export function signalFingerprint(d: TSignalDraft): string {
  const canonical = JSON.stringify([
    "v1",
    d.symbol,
    d.direction,
    plain(d.entryLow),
    plain(d.entryHigh),
    d.targets.map(plain),
    plain(d.stopLoss),
    d.leverage,
    d.confidence,
    d.confidenceLabel,
    d.tradeType,
    d.duration,
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

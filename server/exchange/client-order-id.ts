// Our client order ids: derived, never random, so re-running a fan-out (or retrying after a
// timeout) derives the same id and the exchange can tell it is the same order.
//
//   vz-<leg>[_<attempt>]-<24 base32 chars of SHA-256("vz1|user|signal or position|leg|attempt")>
//   e.g. vz-entry-k3x9…, vz-tp10-…, vz-sl_2-…  (≤ 36 chars, [a-z0-9_-], inside Binance's
//   ^[.A-Z:/a-z0-9_-]{1,36}$ and our stricter ^[A-Za-z0-9_-]+$)
//
// Collision odds: 24 base32 characters carry 120 bits. Among n ids the chance that any two collide
// is about n² / 2¹²¹: for a billion orders ever placed, ~4 × 10⁻¹⁹. And Binance only requires
// uniqueness among one account's open orders.
import { createHash } from "node:crypto";

export type TOrderLeg = "entry" | "sl" | "close" | `tp${number}` | `dca${number}` | (string & {});

export type TClientOrderIdInput = {
  userId: number | string;
  leg: TOrderLeg;
  /** Re-placing the same leg on purpose (e.g. the watchdog re-arms a stop): a new id. 0/undefined = first. */
  attempt?: number;
} & ({ signalId: string; positionId?: undefined } | { positionId: string; signalId?: undefined });

const LEG = /^[a-z][a-z0-9]{0,4}$/;
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
export const CLIENT_ORDER_ID = /^[A-Za-z0-9_-]{1,36}$/;

function base32(bytes: Buffer, chars: number): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (out.length >= chars) break;
  }
  return out;
}

/** Deterministic, ≤ 36 chars, unique per (user, signal or position, leg, attempt). */
export function clientOrderId(input: TClientOrderIdInput): string {
  const { userId, leg, attempt = 0 } = input;
  if (!LEG.test(leg)) throw new Error(`order leg must be 1–5 lowercase letters/digits starting with a letter, got ${JSON.stringify(leg)}`);
  if (!Number.isInteger(attempt) || attempt < 0 || attempt > 99) throw new Error(`attempt must be an integer 0–99, got ${attempt}`);
  const scope = input.signalId !== undefined ? `s:${input.signalId}` : `p:${input.positionId}`;
  if (String(userId) === "" || scope.length <= 2) throw new Error("clientOrderId needs a user and a signal or position id");
  const digest = createHash("sha256").update(["vz1", `u:${String(userId)}`, scope, leg, String(attempt)].join("|")).digest();
  return `vz-${leg}${attempt > 0 ? `_${attempt}` : ""}-${base32(digest, 24)}`;
}

/** The leg an id of ours names ("entry", "tp3", …), or null for someone else's id. */
export function legOf(id: string): string | null {
  const m = /^vz-([a-z][a-z0-9]{0,4})(?:_\d{1,2})?-[a-z2-7]{24}$/.exec(id);
  return m ? m[1]! : null;
}

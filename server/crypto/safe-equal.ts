import { timingSafeEqual } from "node:crypto";

/** Constant-time comparison of two secrets (any lengths; a mismatch in length is just false). */
export function safeEqual(given: string | null | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? "");
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

import { createHash, timingSafeEqual } from "node:crypto";

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/**
 * Constant-time comparison of two secrets. Both sides are hashed first, so the time taken says
 * nothing about the expected secret — not even its length, which a direct length check would.
 */
export function safeEqual(given: string | null | undefined, expected: string): boolean {
  const a = given ?? "";
  return timingSafeEqual(digest(a), digest(expected)) && a === expected;
}

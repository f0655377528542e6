// The track record's hashing, shared by the server (appending) and the verifier anyone can run
// (scripts/verify-chain.ts): no database, no platform config — the rules a subscriber checks.
// A link's hash = SHA-256 hex of (previous link's hash + the record's canonical JSON); the first
// link's previous hash is 64 zeros. Canonical JSON: object keys sorted, no whitespace, decimals
// as strings, so the same record always hashes the same.
import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

export type TChainLink = { seq: number; prev_hash: string; hash: string; record: unknown };

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export const canonicalJson = (record: unknown): string => JSON.stringify(sortKeys(record));

export const linkHash = (prevHash: string, canonical: string): string => createHash("sha256").update(prevHash + canonical).digest("hex");

export type TVerifyResult = { ok: true; checked: number; head: string | null } | { ok: false; checked: number; broken_at: number; reason: string };

/**
 * Re-computes links in seq order. `prevHash`: the hash before the first link given (the genesis
 * when starting at seq 1). Names the first link that does not hold.
 */
export function verifyLinks(links: TChainLink[], prevHash: string = GENESIS_HASH): TVerifyResult {
  let prev = prevHash;
  let expectedSeq = links[0]?.seq;
  for (const [i, link] of links.entries()) {
    if (link.seq !== expectedSeq) return { ok: false, checked: i, broken_at: link.seq, reason: `link ${link.seq} follows link ${(expectedSeq ?? 1) - 1}: links are missing` };
    if (link.prev_hash !== prev) return { ok: false, checked: i, broken_at: link.seq, reason: `link ${link.seq}'s prev_hash is not the hash of the link before it` };
    if (linkHash(link.prev_hash, canonicalJson(link.record)) !== link.hash) return { ok: false, checked: i, broken_at: link.seq, reason: `link ${link.seq}'s record does not match its hash (edited after it was chained)` };
    prev = link.hash;
    expectedSeq = link.seq + 1;
  }
  return { ok: true, checked: links.length, head: links.length ? prev : null };
}

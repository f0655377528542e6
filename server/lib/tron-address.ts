// TRON addresses: 21 bytes (0x41 + the 20-byte account id) written in base58check, i.e. the bytes
// followed by the first 4 bytes of sha256(sha256(bytes)), in Bitcoin's base58 alphabet.
// Event logs and topics carry the bare 20 bytes as hex; this converts between the two forms.
import { createHash } from "node:crypto";

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const DIGIT = new Map([...ALPHABET].map((c, i) => [c, BigInt(i)]));
const TRON_PREFIX = 0x41;
const HEX20 = /^[0-9a-f]{40}$/;

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest();
const checksum = (payload: Uint8Array) => sha256(sha256(payload)).subarray(0, 4);

export function base58Encode(bytes: Uint8Array): string {
  let n = BigInt("0x" + (Buffer.from(bytes).toString("hex") || "0"));
  let out = "";
  while (n > 0n) {
    out = ALPHABET[Number(n % 58n)]! + out;
    n /= 58n;
  }
  const zeros = bytes.findIndex((b) => b !== 0);
  return "1".repeat(zeros < 0 ? bytes.length : zeros) + out;
}

/** The bytes a base58 string stands for, or null if it holds a character outside the alphabet. */
export function base58Decode(text: string): Buffer | null {
  let n = 0n;
  for (const c of text) {
    const digit = DIGIT.get(c);
    if (digit === undefined) return null;
    n = n * 58n + digit;
  }
  const hex = n === 0n ? "" : n.toString(16);
  const body = Buffer.from(hex.length % 2 ? "0" + hex : hex, "hex");
  const zeros = /^1*/.exec(text)![0].length;
  return Buffer.concat([Buffer.alloc(zeros), body]);
}

export function base58CheckEncode(payload: Uint8Array): string {
  return base58Encode(Buffer.concat([payload, checksum(payload)]));
}

/** The payload of a base58check string, or null when it is malformed or its checksum is wrong. */
export function base58CheckDecode(text: string): Buffer | null {
  const raw = base58Decode(text);
  if (!raw || raw.length < 5) return null;
  const payload = raw.subarray(0, raw.length - 4);
  return checksum(payload).equals(raw.subarray(raw.length - 4)) ? payload : null;
}

/** The 20-byte account id (40 lowercase hex) of a `T…` address, or null when it is not one. */
function decodeTron(address: string): string | null {
  if (!/^T[1-9A-HJ-NP-Za-km-z]{33}$/.test(address)) return null;
  const payload = base58CheckDecode(address);
  if (!payload || payload.length !== 21 || payload[0] !== TRON_PREFIX) return null;
  return payload.subarray(1).toString("hex");
}

export function isTronAddress(s: string): boolean {
  return decodeTron(s) !== null;
}

/** `a614f8…` (20 bytes, also `41…` 21 bytes or `0x…`) → `TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t`. Throws on anything else. */
export function hex20ToTron(hex: string): string {
  const id = hexToHex20(hex);
  if (!id) throw new Error(`not a 20-byte TRON address in hex: ${JSON.stringify(hex)}`);
  return base58CheckEncode(Buffer.from("41" + id, "hex"));
}

/** `TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t` → `a614f803b6fd780986a42c78ec9c7f77e6ded13c`. Throws on an invalid address. */
export function tronToHex20(address: string): string {
  const id = decodeTron(address);
  if (!id) throw new Error(`not a valid TRON address: ${JSON.stringify(address)}`);
  return id;
}

function hexToHex20(hex: string): string | null {
  const h = hex.toLowerCase().replace(/^0x/, "");
  if (HEX20.test(h)) return h;
  return h.length === 42 && h.startsWith("41") && HEX20.test(h.slice(2)) ? h.slice(2) : null;
}

/**
 * Any form an API may use for an address — base58 `T…` (answers with `visible: true`), `41` + 20 bytes,
 * bare 20 bytes (event logs), `0x…` (decoded events) — as 40 lowercase hex, or null.
 */
export function anyToHex20(address: string): string | null {
  return address.startsWith("T") ? decodeTron(address) : hexToHex20(address);
}

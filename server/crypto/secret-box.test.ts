import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { resetEnvForTests } from "../env";
import { open, seal, type TSealed } from "./secret-box";

const originalKey = process.env.SECRETS_KEY;

function useKey(key: string): void {
  process.env.SECRETS_KEY = key;
  resetEnvForTests();
}

const PLAINTEXT = "binance-api-secret-0123456789abcdef";

/** Flips one bit of part `index` (0 = IV, 1 = tag, 2 = data) of a sealed secret. */
function tamper(sealed: TSealed, index: number): TSealed {
  const parts = sealed.ciphertext.split(".").map((p) => Buffer.from(p, "base64"));
  parts[index]![0]! ^= 0x01;
  return { ...sealed, ciphertext: parts.map((p) => p.toString("base64")).join(".") };
}

beforeEach(() => useKey(randomBytes(32).toString("base64")));
afterEach(() => {
  process.env.SECRETS_KEY = originalKey;
  resetEnvForTests();
});

describe("secret box", () => {
  it("opens what it sealed", () => {
    expect(open(seal(PLAINTEXT))).toBe(PLAINTEXT);
  });

  it("round-trips empty, unicode and long text", () => {
    for (const text of ["", "ключ 🔑 秘密", "x".repeat(10_000)]) expect(open(seal(text))).toBe(text);
  });

  it("does not contain the plaintext, in clear or base64", () => {
    const { ciphertext } = seal(PLAINTEXT);
    expect(ciphertext).not.toContain(PLAINTEXT);
    expect(ciphertext).not.toContain(Buffer.from(PLAINTEXT).toString("base64").slice(0, 16));
    expect(ciphertext.split(".")).toHaveLength(3);
  });

  it("names a 16-hex-digit key id", () => {
    expect(seal(PLAINTEXT).keyId).toMatch(/^[0-9a-f]{16}$/);
  });

  it("seals the same text differently each time (random IV)", () => {
    const a = seal(PLAINTEXT);
    const b = seal(PLAINTEXT);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.ciphertext.split(".")[0]).not.toBe(b.ciphertext.split(".")[0]);
    expect(a.keyId).toBe(b.keyId);
  });

  it.each([
    ["the IV", 0],
    ["the tag", 1],
    ["the ciphertext", 2],
  ])("refuses to open when a byte of %s is flipped", (_part, index) => {
    const sealed = seal(PLAINTEXT);
    expect(() => open(tamper(sealed, index))).toThrow();
    expect(open(sealed)).toBe(PLAINTEXT);
  });

  // GCM verifies only as many tag bytes as it is given unless authTagLength is fixed: a 4-byte
  // tag would leave 2^32 forgery work instead of 2^128 (Node deprecates short tags: DEP0182).
  it.each([4, 8, 12])("refuses a tag truncated to %i bytes", (length) => {
    const sealed = seal(PLAINTEXT);
    const [iv, tag, data] = sealed.ciphertext.split(".");
    const short = Buffer.from(tag!, "base64").subarray(0, length).toString("base64");
    expect(() => open({ ...sealed, ciphertext: [iv, short, data].join(".") })).toThrow();
  });

  it("refuses a secret relabelled with another key id (the id is authenticated)", () => {
    const sealed = seal(PLAINTEXT);
    expect(() => open({ ...sealed, keyId: "0000000000000000" })).toThrow(AppError);
  });

  it("refuses a malformed ciphertext", () => {
    const sealed = seal(PLAINTEXT);
    expect(() => open({ ...sealed, ciphertext: "onlyonepart" })).toThrow(/Malformed/);
  });

  it("refuses to open with another SECRETS_KEY, naming the key id it was sealed with", () => {
    const sealed = seal(PLAINTEXT);
    useKey(randomBytes(32).toString("base64"));
    let thrown: unknown;
    try {
      open(sealed);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe("INTERNAL");
    expect((thrown as AppError).message).toContain(sealed.keyId);
    expect((thrown as AppError).message).not.toContain(PLAINTEXT);
  });

  it("opens again once the original key is back", () => {
    const key = process.env.SECRETS_KEY!;
    const sealed = seal(PLAINTEXT);
    useKey(randomBytes(32).toString("base64"));
    expect(() => open(sealed)).toThrow();
    useKey(key);
    expect(open(sealed)).toBe(PLAINTEXT);
  });
});

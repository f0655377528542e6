import { describe, expect, it } from "vitest";
import {
  anyToHex20,
  base58CheckDecode,
  base58CheckEncode,
  base58Decode,
  base58Encode,
  hex20ToTron,
  isTronAddress,
  tronToHex20,
} from "./tron-address";

// REFERENCES.md §1.1/§1.4 (VERIFIED): the mainnet USDT contract in both forms.
const USDT = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";
const USDT_HEX20 = "a614f803b6fd780986a42c78ec9c7f77e6ded13c";
// The all-zero account (41 + 20 zero bytes), a widely used "zero address" constant.
const ZERO = "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb";
// REFERENCES.md §1.4: the recipient decoded from the tokenview sample; USDC on TRON.
const OTHER_VALID = ["TRYSAPwtYAewyUjeckH9mGJ28yuZVUDEfz", "TEkxiTehnzSmSe2XqrBj4w32RUN966rdz8"];

/** The same string with one character swapped for another base58 character. */
const mutate = (s: string, at: number) => s.slice(0, at) + (s[at] === "a" ? "b" : "a") + s.slice(at + 1);

describe("hex20ToTron / tronToHex20", () => {
  it("maps the USDT contract both ways", () => {
    expect(hex20ToTron(USDT_HEX20)).toBe(USDT);
    expect(tronToHex20(USDT)).toBe(USDT_HEX20);
  });

  it("accepts the 41-prefixed 21-byte form, 0x and upper case", () => {
    expect(hex20ToTron("41" + USDT_HEX20)).toBe(USDT);
    expect(hex20ToTron("0x" + USDT_HEX20.toUpperCase())).toBe(USDT);
  });

  it("maps the zero account", () => {
    expect(hex20ToTron("00".repeat(20))).toBe(ZERO);
    expect(tronToHex20(ZERO)).toBe("00".repeat(20));
  });

  it("round-trips other real addresses", () => {
    for (const address of OTHER_VALID) expect(hex20ToTron(tronToHex20(address))).toBe(address);
  });

  it("throws on input that is not an address", () => {
    expect(() => hex20ToTron("a614f8")).toThrow(/not a 20-byte/);
    expect(() => hex20ToTron("42" + USDT_HEX20)).toThrow();
    expect(() => hex20ToTron("zz".repeat(20))).toThrow();
    expect(() => tronToHex20(mutate(USDT, 10))).toThrow(/not a valid TRON address/);
  });
});

describe("isTronAddress", () => {
  it("accepts valid addresses", () => {
    for (const address of [USDT, ZERO, ...OTHER_VALID]) expect(isTronAddress(address)).toBe(true);
  });

  it("rejects a bad checksum in any position", () => {
    for (let i = 1; i < USDT.length; i++) expect(isTronAddress(mutate(USDT, i)), `changed at ${i}`).toBe(false);
  });

  it("rejects wrong length, alphabet, prefix and other networks' addresses", () => {
    expect(isTronAddress("")).toBe(false);
    expect(isTronAddress(USDT.slice(0, -1))).toBe(false);
    expect(isTronAddress(USDT + "1")).toBe(false);
    expect(isTronAddress("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj0t")).toBe(false); // "0" is not base58
    expect(isTronAddress(USDT_HEX20)).toBe(false);
    expect(isTronAddress("1BoatSLRHtKNngkdXEeobR76b53LETtpyT")).toBe(false); // Bitcoin, prefix 0x00
    // Valid base58check with a 21-byte payload whose prefix is not 0x41.
    expect(isTronAddress(base58CheckEncode(Buffer.from("42" + USDT_HEX20, "hex")))).toBe(false);
  });
});

describe("base58 and base58check", () => {
  it("keep leading zero bytes as leading 1s", () => {
    const bytes = Buffer.from("0000ff01", "hex");
    expect(base58Encode(bytes)).toMatch(/^11/);
    expect(base58Decode(base58Encode(bytes))).toEqual(bytes);
    expect(base58Encode(new Uint8Array())).toBe("");
  });

  it("rejects characters outside the alphabet and short or tampered check strings", () => {
    expect(base58Decode("0OIl")).toBeNull();
    expect(base58CheckDecode("1111")).toBeNull();
    const encoded = base58CheckEncode(Buffer.from("hello"));
    expect(base58CheckDecode(encoded)?.toString()).toBe("hello");
    expect(base58CheckDecode(mutate(encoded, 2))).toBeNull();
  });
});

describe("anyToHex20", () => {
  it("normalizes every form an API uses", () => {
    for (const form of [USDT, USDT_HEX20, "41" + USDT_HEX20, "0x" + USDT_HEX20, USDT_HEX20.toUpperCase()]) {
      expect(anyToHex20(form)).toBe(USDT_HEX20);
    }
    expect(anyToHex20(mutate(USDT, 5))).toBeNull();
    expect(anyToHex20("not an address")).toBeNull();
  });
});

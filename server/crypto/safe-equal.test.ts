import { describe, expect, it } from "vitest";
import { safeEqual } from "./safe-equal";

describe("safeEqual", () => {
  it("is true only for the same string", () => {
    expect(safeEqual("s3cret-value", "s3cret-value")).toBe(true);
    expect(safeEqual("s3cret-valuf", "s3cret-value")).toBe(false);
    expect(safeEqual("s3cret-value ", "s3cret-value")).toBe(false);
    expect(safeEqual("s3cret", "s3cret-value")).toBe(false);
    expect(safeEqual("S3CRET-VALUE", "s3cret-value")).toBe(false);
  });

  it("never matches a missing or empty value against a secret", () => {
    expect(safeEqual(null, "s3cret-value")).toBe(false);
    expect(safeEqual(undefined, "s3cret-value")).toBe(false);
    expect(safeEqual("", "s3cret-value")).toBe(false);
  });

  it("compares unicode by its bytes", () => {
    expect(safeEqual("pässwörd", "pässwörd")).toBe(true);
    expect(safeEqual("pässwörd", "passwörd")).toBe(false);
  });
});

import { ApiError } from "./api/errors";
import { shouldRetry } from "./query-client";

const err = (status: number) => new ApiError({ status, code: "x", message: "x" });

describe("shouldRetry", () => {
  it("retries what can succeed later, at most twice", () => {
    expect(shouldRetry(0, err(0))).toBe(true);
    expect(shouldRetry(1, err(503))).toBe(true);
    expect(shouldRetry(0, err(429))).toBe(true);
    expect(shouldRetry(2, err(503))).toBe(false);
  });
  it("never retries an answer the server meant", () => {
    expect(shouldRetry(0, err(400))).toBe(false);
    expect(shouldRetry(0, err(401))).toBe(false);
    expect(shouldRetry(0, err(404))).toBe(false);
    expect(shouldRetry(0, new Error("bug"))).toBe(false);
  });
});

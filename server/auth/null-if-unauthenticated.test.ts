import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { nullIfUnauthenticated, type TAuthUser } from "./authenticate";

const user = { id: 1 } as TAuthUser;

describe("nullIfUnauthenticated", () => {
  it("gives the user when the credentials hold", async () => {
    await expect(nullIfUnauthenticated(Promise.resolve(user))).resolves.toBe(user);
  });

  it.each(["UNAUTHORIZED", "INVALID_TOKEN"] as const)("reads %s as not signed in", async (code) => {
    await expect(nullIfUnauthenticated(Promise.reject(new AppError(code, "no")))).resolves.toBeNull();
  });

  it("never reads a database failure as not signed in", async () => {
    const outage = new Error('prepared statement "x" already exists');
    await expect(nullIfUnauthenticated(Promise.reject(outage))).rejects.toBe(outage);
    await expect(nullIfUnauthenticated(Promise.reject(new AppError("SERVICE_UNAVAILABLE", "db down")))).rejects.toThrow("db down");
  });
});

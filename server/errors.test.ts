import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, ERROR_TABLE, invalidInput, notFound, toAppError, type TErrorCode } from "./errors";

/** What Prisma throws, by shape: toAppError matches on `name` and `code`, not on the class. */
function prismaError(code: string, meta?: Record<string, unknown>): Error {
  const err = new Error(`prisma ${code}`) as Error & { code: string; meta?: Record<string, unknown> };
  err.name = "PrismaClientKnownRequestError";
  err.code = code;
  err.meta = meta;
  return err;
}

function zodError(schema: z.ZodType, input: unknown): z.ZodError {
  const result = schema.safeParse(input);
  if (result.success) throw new Error("expected the schema to reject the input");
  return result.error;
}

describe("toAppError", () => {
  it("maps a ZodError to INVALID_INPUT naming the top-level field", () => {
    const err = toAppError(zodError(z.object({ email: z.email() }), { email: "nope" }));
    expect(err.code).toBe("INVALID_INPUT");
    expect(err.field).toBe("email");
    expect(err.httpStatus).toBe(400);
    expect(err.message).toMatch(/^email: /);
  });

  it("joins a nested path with dots, array indexes included", () => {
    const schema = z.object({ risk: z.object({ targets: z.array(z.number()) }) });
    const err = toAppError(zodError(schema, { risk: { targets: [1, "two"] } }));
    expect(err.code).toBe("INVALID_INPUT");
    expect(err.field).toBe("risk.targets.1");
  });

  it("names the first unknown key of a strictObject", () => {
    const schema = z.strictObject({ a: z.number().optional() });
    const err = toAppError(zodError(schema, { a: 1, zzz: 2, yyy: 3 }));
    expect(err.code).toBe("INVALID_INPUT");
    expect(err.field).toBe("zzz");
  });

  it("names the unknown key under its parent path in a nested strictObject", () => {
    const schema = z.object({ inner: z.strictObject({ a: z.number() }) });
    const err = toAppError(zodError(schema, { inner: { a: 1, extra: true } }));
    expect(err.field).toBe("inner.extra");
  });

  it('names "body" when the whole input is wrong', () => {
    const err = toAppError(zodError(z.object({ a: z.number() }), "not an object"));
    expect(err.code).toBe("INVALID_INPUT");
    expect(err.field).toBe("body");
  });

  it("maps a Prisma unique violation (P2002) to CONFLICT naming the target fields", () => {
    const err = toAppError(prismaError("P2002", { target: ["email"] }));
    expect(err.code).toBe("CONFLICT");
    expect(err.httpStatus).toBe(409);
    expect(err.message).toContain("email");
    expect(err.cause).toBeInstanceOf(Error);
  });

  it("maps P2002 without a target to a plain CONFLICT", () => {
    const err = toAppError(prismaError("P2002"));
    expect(err.code).toBe("CONFLICT");
    expect(err.message).toBe("Already exists");
  });

  it("maps a Prisma record-not-found (P2025) to NOT_FOUND", () => {
    const err = toAppError(prismaError("P2025"));
    expect(err.code).toBe("NOT_FOUND");
    expect(err.httpStatus).toBe(404);
  });

  it("maps a transaction that could not start in time (P2028, every connection busy) to a retryable 503", () => {
    const err = toAppError(prismaError("P2028"));
    expect(err.code).toBe("SERVICE_UNAVAILABLE");
    expect(err.httpStatus).toBe(503);
    expect(err.retryable).toBe(true);
    expect(err.retryAfterSeconds).toBe(1);
  });

  it.each([
    ["another Prisma code", prismaError("P1001")],
    ["a plain Error", new Error("boom: secret detail")],
    ["a TypeError", new TypeError("x is undefined")],
    ["a string", "oops"],
    ["null", null],
    ["a Prisma-coded object that is not an Error", { name: "PrismaClientKnownRequestError", code: "P2002" }],
  ])("maps %s to INTERNAL without leaking its message", (_label, thrown) => {
    const err = toAppError(thrown);
    expect(err.code).toBe("INTERNAL");
    expect(err.httpStatus).toBe(500);
    expect(err.toBody()).toEqual({ error: "internal_error", message: "Something went wrong on our side" });
    expect(err.cause).toBe(thrown);
  });

  it("passes an AppError through untouched", () => {
    const original = new AppError("RISK_BLOCKED", "blocked", { extra: { reason: "max_dd" } });
    expect(toAppError(original)).toBe(original);
  });
});

describe("ERROR_TABLE", () => {
  const rows = Object.entries(ERROR_TABLE) as [TErrorCode, (typeof ERROR_TABLE)[TErrorCode]][];

  it.each(rows)("%s has a 4xx/5xx status and a snake_case wire code", (code, row) => {
    expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
    expect(row.http).toBeGreaterThanOrEqual(400);
    expect(row.http).toBeLessThan(600);
    expect(row.wire).toMatch(/^[a-z]+(_[a-z]+)*$/);
    expect(row.trpc).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
  });

  it("gives every code its own wire code", () => {
    const wires = rows.map(([, row]) => row.wire);
    expect(new Set(wires).size).toBe(wires.length);
  });
});

describe("AppError", () => {
  it("answers SPEC's body {error, message}", () => {
    const body = notFound("Signal").toBody();
    expect(body).toEqual({ error: "not_found", message: "Signal not found" });
  });

  it("adds the field when there is one", () => {
    expect(invalidInput("leverage", "must be at most 125").toBody()).toEqual({
      error: "invalid_input",
      message: "leverage: must be at most 125",
      field: "leverage",
    });
  });

  it("merges extra fields into the body", () => {
    const err = new AppError("UPGRADE_REQUIRED", "Needs VIP", { extra: { required_plan: "VIP" } });
    expect(err.toBody()).toEqual({ error: "upgrade_required", message: "Needs VIP", required_plan: "VIP" });
    expect(err.httpStatus).toBe(403);
    expect(err.trpcCode).toBe("FORBIDDEN");
  });

  it("keeps retry hints off the body", () => {
    const err = new AppError("RATE_LIMITED", "slow down", { retryable: true, retryAfterSeconds: 7 });
    expect(err.retryable).toBe(true);
    expect(err.retryAfterSeconds).toBe(7);
    expect(err.toBody()).toEqual({ error: "rate_limited", message: "slow down" });
  });

  it("is not retryable by default and is a real Error", () => {
    const err = new AppError("INTERNAL", "x");
    expect(err.retryable).toBe(false);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe("AppError");
  });
});

// REST and tRPC answer a domain error with the same HTTP status: each ERROR_TABLE row's tRPC code is
// one tRPC's HTTP adapter turns into the row's status (an exchange outage is 503 on both).
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { describe, expect, it } from "vitest";
import { ERROR_TABLE, type TErrorCode } from "../errors";

describe("ERROR_TABLE", () => {
  it.each(Object.keys(ERROR_TABLE) as TErrorCode[])("%s: the tRPC code's HTTP status is the REST status", (code) => {
    const row = ERROR_TABLE[code];
    expect(getHTTPStatusCodeFromError(new TRPCError({ code: row.trpc }))).toBe(row.http);
  });
});

// tRPC procedures called in-process, as a given bearer token (or anonymously).
import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { createTrpcContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";

export const callerAs = async (token?: string) => createCaller(await createTrpcContext({ authorization: token ? `Bearer ${token}` : null }));

/** The TRPCError a call fails with (the test fails if it succeeds). */
export async function trpcError(promise: Promise<unknown>): Promise<TRPCError> {
  const err = await promise.then(
    () => new Error("expected the call to fail"),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCError);
  return err as TRPCError;
}

// tRPC: context (the signed-in user, from a bearer token or the dashboard session), procedure
// layers, and the mapping of domain errors to tRPC codes through ERROR_TABLE.
import { initTRPC, TRPCError } from "@trpc/server";
import { bearerOrSessionUser, nullIfUnauthenticated, requireAdmin, type TAuthUser } from "../auth/authenticate";
import { AppError, ERROR_TABLE, toAppError, type TErrorCode } from "../errors";

/** ip: the client's address (server/http/client-ip), for the limits on anonymous callers. */
export type TTrpcContext = { user: TAuthUser | null; ip: string };

/** Bearer token first (the app), then the next-auth session (the dashboard). */
export async function createTrpcContext(input: {
  authorization: string | null;
  sessionUserId?: string | null;
  /** The token version the dashboard session signed in under (absent in sessions from before it). */
  sessionVersion?: number;
  ip?: string;
}): Promise<TTrpcContext> {
  return { user: await nullIfUnauthenticated(bearerOrSessionUser(input)), ip: input.ip ?? "unknown" };
}

/** A TRPCError raised by tRPC itself (no domain cause): its code's first row in ERROR_TABLE. */
function appErrorOf(error: TRPCError): AppError {
  if (error.cause) return toAppError(error.cause);
  const code = (Object.keys(ERROR_TABLE) as TErrorCode[]).find((c) => ERROR_TABLE[c].trpc === error.code) ?? "INTERNAL";
  return new AppError(code, code === "INTERNAL" ? "Something went wrong on our side" : error.message);
}

/**
 * Who may call a procedure, set by the layer it is built on (publicProcedure, protectedProcedure,
 * adminProcedure): procedureAccess() in ./root lists every procedure with it, so the e2e refusal
 * test covers a new admin procedure without being told about it.
 */
export type TProcedureMeta = { access: "public" | "user" | "admin" };

const t = initTRPC.context<TTrpcContext>().meta<TProcedureMeta>().create({
  errorFormatter({ shape, error }) {
    const app = appErrorOf(error);
    return {
      ...shape,
      message: app.message,
      data: { ...shape.data, stack: undefined, error: ERROR_TABLE[app.code].wire, field: app.field ?? null },
    };
  },
});

/** Domain errors thrown inside a procedure become the tRPC code of their ERROR_TABLE row. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.code === "INTERNAL_SERVER_ERROR" && result.error.cause) {
    const app = toAppError(result.error.cause);
    throw new TRPCError({ code: app.trpcCode, message: app.message, cause: app });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.meta({ access: "public" }).use(mapDomainErrors);

export const protectedProcedure = publicProcedure.meta({ access: "user" }).use(({ ctx, next }) => {
  if (!ctx.user) {
    const cause = new AppError("UNAUTHORIZED", "Sign in first");
    throw new TRPCError({ code: cause.trpcCode, message: cause.message, cause });
  }
  return next({ ctx: { user: ctx.user } });
});

export const adminProcedure = protectedProcedure.meta({ access: "admin" }).use(({ ctx, next }) => {
  try {
    requireAdmin(ctx.user);
  } catch (err) {
    const cause = toAppError(err);
    throw new TRPCError({ code: cause.trpcCode, message: cause.message, cause });
  }
  return next({ ctx });
});
